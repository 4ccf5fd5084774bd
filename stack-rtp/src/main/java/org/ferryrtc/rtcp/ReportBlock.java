package org.ferryrtc.rtcp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1), as a value for writing.
 * Views read blocks in place (see {@link SenderReport#blockSsrc(int)} and friends).
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * @param ssrc             source this block reports on (unsigned 32-bit)
 * @param fractionLost     0..255, fixed point with the binary point at the left edge
 * @param cumulativeLost   signed 24-bit cumulative loss (-8388608..8388607)
 * @param highestSequence  extended highest sequence number received (unsigned 32-bit)
 * @param jitter           interarrival jitter in timestamp units (unsigned 32-bit)
 * @param lastSr           middle 32 bits of the last SR's NTP timestamp, 0 if none
 * @param delaySinceLastSr delay since that SR in units of 1/65536 s
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence,
                          long jitter, long lastSr, long delaySinceLastSr) {
    /** Size of a block on the wire. */
    public static final int SIZE = 24;

    /** Validates the ranges (API misuse throws). */
    public ReportBlock {
        RtcpHeader.checkSsrc(ssrc);
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fractionLost out of range: " + fractionLost);
        }
        if (cumulativeLost < -0x800000 || cumulativeLost > 0x7FFFFF) {
            throw new IllegalArgumentException("cumulativeLost out of range: " + cumulativeLost);
        }
        if ((highestSequence >>> 32) != 0 || (jitter >>> 32) != 0 || (lastSr >>> 32) != 0
                || (delaySinceLastSr >>> 32) != 0) {
            throw new IllegalArgumentException("32-bit field out of range");
        }
    }

    /** Writes the block at {@code off}; returns {@link #SIZE}. */
    public int writeTo(byte[] b, int off) {
        RtcpHeader.checkRoom(b, off, SIZE);
        Bytes.put32(b, off, ssrc);
        Bytes.put8(b, off + 4, fractionLost);
        Bytes.put24(b, off + 5, cumulativeLost & 0xFFFFFF);
        Bytes.put32(b, off + 8, highestSequence);
        Bytes.put32(b, off + 12, jitter);
        Bytes.put32(b, off + 16, lastSr);
        Bytes.put32(b, off + 20, delaySinceLastSr);
        return SIZE;
    }

    /** Reads a block at {@code off}; the caller has checked that 24 bytes are present. */
    static ReportBlock read(byte[] b, int off) {
        return new ReportBlock(Bytes.u32(b, off), Bytes.u8(b, off + 4), Bytes.s24(b, off + 5),
                Bytes.u32(b, off + 8), Bytes.u32(b, off + 12), Bytes.u32(b, off + 16),
                Bytes.u32(b, off + 20));
    }

    static void copyBlocks(byte[] src, int srcOff, int n, byte[] dst, int dstOff) {
        System.arraycopy(src, srcOff, dst, dstOff, n * SIZE);
    }
}
