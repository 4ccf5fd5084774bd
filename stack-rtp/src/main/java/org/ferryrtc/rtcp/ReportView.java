package org.ferryrtc.rtcp;

/** Report block accessors shared by {@link SenderReport} and {@link ReceiverReport} (RFC 3550 §6.4). */
abstract class ReportView extends RtcpView {
    /** Offset of the first report block relative to the packet start. */
    abstract int blocksStart();

    final RtcpError checkBlocks() {
        if (contentLen < blocksStart() + count() * ReportBlock.SIZE) {
            return RtcpError.TRUNCATED;
        }
        return RtcpError.NONE;
    }

    /** SSRC of the packet sender. */
    public final long senderSsrc() {
        return u32At(4);
    }

    /** Number of report blocks (the RC field). */
    public final int reportCount() {
        return count();
    }

    private int block(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("report block " + i + " of " + count());
        }
        return off + blocksStart() + i * ReportBlock.SIZE;
    }

    public final long blockSsrc(int i) {
        return Bytes.u32(buf, block(i));
    }

    public final int fractionLost(int i) {
        return Bytes.u8(buf, block(i) + 4);
    }

    /** Signed 24-bit cumulative number of packets lost. */
    public final int cumulativeLost(int i) {
        return Bytes.s24(buf, block(i) + 5);
    }

    public final long highestSequence(int i) {
        return Bytes.u32(buf, block(i) + 8);
    }

    public final long jitter(int i) {
        return Bytes.u32(buf, block(i) + 12);
    }

    /** Middle 32 bits of the NTP timestamp of the last SR received from this source. */
    public final long lastSr(int i) {
        return Bytes.u32(buf, block(i) + 16);
    }

    /** Delay since that SR, in units of 1/65536 s. */
    public final long delaySinceLastSr(int i) {
        return Bytes.u32(buf, block(i) + 20);
    }

    /** Block {@code i} as a value (allocates; the accessors above do not). */
    public final ReportBlock reportBlock(int i) {
        return ReportBlock.read(buf, block(i));
    }

    static int writeBlocks(byte[] b, int p, ReportBlock[] blocks) {
        for (ReportBlock rb : blocks) {
            p += rb.writeTo(b, p);
        }
        return p;
    }

    static void checkBlockCount(ReportBlock[] blocks) {
        if (blocks == null || blocks.length > 31) {
            throw new IllegalArgumentException("0..31 report blocks allowed");
        }
    }
}
