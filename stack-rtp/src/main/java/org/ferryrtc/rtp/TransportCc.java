package org.ferryrtc.rtp;

/**
 * Transport-wide sequence number header extension (draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §2; URI {@link ExtensionMap#TRANSPORT_CC}): 2 data bytes, a 16-bit counter
 * over all RTP packets of the transport, big-endian.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=1   |transport-wide sequence number | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TransportCc {
    /** Data length in bytes. */
    public static final int LENGTH = 2;

    private TransportCc() {}

    /** The sequence number (0..65535) at {@code off}. */
    public static int read(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** Writes the low 16 bits of {@code seq} at {@code off}. */
    public static void write(byte[] b, int off, int seq) {
        b[off] = (byte) (seq >>> 8);
        b[off + 1] = (byte) seq;
    }

    /** The packet's transport-wide sequence number under {@code id}, or -1 if absent or not 2 bytes. */
    public static int get(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        return at >= 0 && HeaderExtensions.dataLength(p, at) == LENGTH ? read(p.buffer(), at) : -1;
    }

    /** Adds or replaces the element; returns as {@link HeaderExtensions#reserve}. */
    public static int set(RtpPacket p, int id, int seq, boolean allowMixed) {
        int at = HeaderExtensions.reserve(p, id, LENGTH, allowMixed);
        if (at >= 0) {
            write(p.buffer(), at, seq);
        }
        return at;
    }
}
