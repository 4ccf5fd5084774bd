package org.ferryrtc.rtp;

/**
 * Absolute send time header extension (WebRTC abs-send-time, URI
 * {@link ExtensionMap#ABS_SEND_TIME}): 3 data bytes, the send time in seconds as a 6.18
 * fixed-point number (6 integer bits, so it wraps every 64 s; 18 fraction bits, ~3.8 µs).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | len=2 |              absolute send time               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Times are in nanoseconds of any monotonic clock the caller passes in.
 */
public final class AbsSendTime {
    /** Data length in bytes. */
    public static final int LENGTH = 3;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AbsSendTime() {}

    /** The raw 24-bit value at {@code off}. */
    public static int read(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    /** Writes the low 24 bits of {@code raw} at {@code off}. */
    public static void write(byte[] b, int off, int raw) {
        b[off] = (byte) (raw >>> 16);
        b[off + 1] = (byte) (raw >>> 8);
        b[off + 2] = (byte) raw;
    }

    /** The 6.18 value of {@code nanos} modulo 64 s, fraction truncated. Negative times wrap too. */
    public static int fromNanos(long nanos) {
        long seconds = Math.floorMod(Math.floorDiv(nanos, NANOS_PER_SECOND), 64L);
        long frac = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (int) ((seconds << 18) | ((frac << 18) / NANOS_PER_SECOND));
    }

    /** The time in nanoseconds (0 to just under 64 s) of a raw 6.18 value. */
    public static long toNanos(int raw) {
        return ((raw & 0xFFFFFFL) * NANOS_PER_SECOND) >>> 18;
    }

    /** The packet's raw value under {@code id}, or -1 if absent or not 3 bytes. */
    public static int get(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        return at >= 0 && HeaderExtensions.dataLength(p, at) == LENGTH ? read(p.buffer(), at) : -1;
    }

    /** Adds or replaces the element with a raw value; returns as {@link HeaderExtensions#reserve}. */
    public static int set(RtpPacket p, int id, int raw, boolean allowMixed) {
        int at = HeaderExtensions.reserve(p, id, LENGTH, allowMixed);
        if (at >= 0) {
            write(p.buffer(), at, raw);
        }
        return at;
    }
}
