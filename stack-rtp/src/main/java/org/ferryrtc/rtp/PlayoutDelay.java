package org.ferryrtc.rtp;

/**
 * Playout delay limits header extension (WebRTC playout-delay, URI
 * {@link ExtensionMap#PLAYOUT_DELAY}): 3 data bytes, a minimum and a maximum delay of 12 bits
 * each, in units of 10 ms (0..40.95 s).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | len=2 |       MIN delay       |       MAX delay       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #get} returns both packed into one int ({@code min << 12 | max}); {@link #min} and
 * {@link #max} take it apart.
 */
public final class PlayoutDelay {
    /** Data length in bytes. */
    public static final int LENGTH = 3;
    /** Largest value of either field (in 10 ms units). */
    public static final int MAX_VALUE = 0xFFF;
    /** Milliseconds per unit. */
    public static final int UNIT_MS = 10;

    private PlayoutDelay() {}

    /** The packed 24-bit value at {@code off}. */
    public static int read(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    /**
     * Writes the fields at {@code off}.
     *
     * @throws IllegalArgumentException for a value outside 0..4095
     */
    public static void write(byte[] b, int off, int min, int max) {
        int v = pack(min, max);
        b[off] = (byte) (v >>> 16);
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) v;
    }

    /** Packs min and max (10 ms units, 0..4095 each). */
    public static int pack(int min, int max) {
        if (min < 0 || min > MAX_VALUE || max < 0 || max > MAX_VALUE) {
            throw new IllegalArgumentException("playout delay " + min + ".." + max);
        }
        return (min << 12) | max;
    }

    /** Minimum delay in 10 ms units of a packed value. */
    public static int min(int packed) {
        return (packed >>> 12) & MAX_VALUE;
    }

    /** Maximum delay in 10 ms units of a packed value. */
    public static int max(int packed) {
        return packed & MAX_VALUE;
    }

    /** The packed value under {@code id}, or -1 if absent or not 3 bytes. */
    public static int get(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        return at >= 0 && HeaderExtensions.dataLength(p, at) == LENGTH ? read(p.buffer(), at) : -1;
    }

    /** Adds or replaces the element (10 ms units); returns as {@link HeaderExtensions#reserve}. */
    public static int set(RtpPacket p, int id, int min, int max, boolean allowMixed) {
        pack(min, max);
        int at = HeaderExtensions.reserve(p, id, LENGTH, allowMixed);
        if (at >= 0) {
            write(p.buffer(), at, min, max);
        }
        return at;
    }
}
