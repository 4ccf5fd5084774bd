package org.ferryrtc.rtcp;

/**
 * Receiver report, RFC 3550 §6.4.2. Reusable view; profile-specific extensions after the
 * report blocks are tolerated and ignored.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (24 bytes each)                 |
 * </pre>
 */
public final class ReceiverReport extends ReportView implements RtcpPacket {
    static final int BLOCKS = 8;

    @Override
    int blocksStart() {
        return BLOCKS;
    }

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_RR;
    }

    @Override
    RtcpError parseBody() {
        return checkBlocks();
    }

    @Override
    public int size() {
        return BLOCKS + count() * ReportBlock.SIZE;
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        RtcpHeader.write(dst, o, count(), Rtcp.PT_RR, n);
        System.arraycopy(buf, off + 4, dst, o + 4, n - 4);
        return n;
    }

    /** Size of an RR with {@code blocks} report blocks. */
    public static int size(int blocks) {
        return BLOCKS + blocks * ReportBlock.SIZE;
    }

    /** Writes an RR; returns bytes written. */
    public static int write(byte[] b, int off, long ssrc, ReportBlock... blocks) {
        checkBlockCount(blocks);
        RtcpHeader.checkSsrc(ssrc);
        int n = size(blocks.length);
        RtcpHeader.checkRoom(b, off, n);
        RtcpHeader.write(b, off, blocks.length, Rtcp.PT_RR, n);
        Bytes.put32(b, off + 4, ssrc);
        writeBlocks(b, off + BLOCKS, blocks);
        return n;
    }
}
