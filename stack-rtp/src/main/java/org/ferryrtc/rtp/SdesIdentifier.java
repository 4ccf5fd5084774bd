package org.ferryrtc.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Text identifiers carried as SDES items in a header extension: {@code sdes:mid} (RFC 8843
 * §15.2 / RFC 9143), {@code sdes:rtp-stream-id} and {@code sdes:repaired-rtp-stream-id}
 * (RFC 8852). The element data is the item's text, 1..255 bytes (more than 16 needs the
 * two-byte form, RFC 8285 §4.3).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   |  len  | text: mid / rid / repaired rid (len + 1 bytes)...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Some senders NUL-pad the text; reading stops at the first zero byte, and an item that is
 * empty after that counts as absent. The hot-path readers ({@link #length}, {@link #matches},
 * {@link #copy}) allocate nothing; {@link #get} allocates a String for non-hot use.
 */
public final class SdesIdentifier {
    /** Largest text length in bytes. */
    public static final int MAX_LENGTH = 255;

    private SdesIdentifier() {}

    /** Text length (up to the first NUL) of the element under {@code id}, or -1 if absent/empty. */
    public static int length(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        if (at < 0) {
            return -1;
        }
        int n = textLength(p.buffer(), at, HeaderExtensions.dataLength(p, at));
        return n == 0 ? -1 : n;
    }

    /** True if the element under {@code id} holds exactly the bytes of {@code expected}. */
    public static boolean matches(RtpPacket p, int id, byte[] expected) {
        int at = HeaderExtensions.find(p, id);
        if (at < 0 || expected == null || expected.length == 0) {
            return false;
        }
        byte[] b = p.buffer();
        int n = textLength(b, at, HeaderExtensions.dataLength(p, at));
        if (n != expected.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the text of the element under {@code id} into {@code dst} at {@code dstOff}.
     *
     * @return the number of bytes copied, or -1 if absent/empty or if it does not fit in
     *     {@code dst} (then nothing is copied)
     */
    public static int copy(RtpPacket p, int id, byte[] dst, int dstOff) {
        int n = length(p, id);
        if (n < 0 || dstOff < 0 || dstOff > dst.length - n) {
            return -1;
        }
        System.arraycopy(p.buffer(), HeaderExtensions.find(p, id), dst, dstOff, n);
        return n;
    }

    /** The text as a String (UTF-8), or null if absent/empty. Allocates; not for the hot path. */
    public static String get(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        if (at < 0) {
            return null;
        }
        int n = textLength(p.buffer(), at, HeaderExtensions.dataLength(p, at));
        return n == 0 ? null : new String(p.buffer(), at, n, StandardCharsets.UTF_8);
    }

    /**
     * Adds or replaces the element with {@code value}; returns as {@link HeaderExtensions#set}.
     *
     * @throws IllegalArgumentException for an empty value, one over 255 bytes or one with a NUL
     */
    public static int set(RtpPacket p, int id, byte[] value, boolean allowMixed) {
        if (value == null || value.length == 0 || value.length > MAX_LENGTH) {
            throw new IllegalArgumentException("SDES identifier length");
        }
        for (byte c : value) {
            if (c == 0) {
                throw new IllegalArgumentException("NUL in SDES identifier");
            }
        }
        return HeaderExtensions.set(p, id, value, 0, value.length, allowMixed);
    }

    /** {@link #set(RtpPacket, int, byte[], boolean)} with the UTF-8 bytes of {@code value}. Allocates. */
    public static int set(RtpPacket p, int id, String value, boolean allowMixed) {
        return set(p, id, value.getBytes(StandardCharsets.UTF_8), allowMixed);
    }

    private static int textLength(byte[] b, int at, int len) {
        int n = 0;
        while (n < len && b[at + n] != 0) {
            n++;
        }
        return n;
    }
}
