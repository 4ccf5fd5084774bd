package org.ferryrtc.rtcp;

/**
 * Sender report, RFC 3550 §6.4.1. Reusable view; profile-specific extensions after the report
 * blocks are tolerated and ignored.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (24 bytes each)                 |
 * </pre>
 */
public final class SenderReport extends ReportView implements RtcpPacket {
    static final int BLOCKS = 28;

    @Override
    int blocksStart() {
        return BLOCKS;
    }

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_SR;
    }

    @Override
    RtcpError parseBody() {
        return checkBlocks();
    }

    /** 64-bit NTP timestamp (RFC 3550 §4); see {@link NtpTime}. */
    public long ntpTimestamp() {
        return Bytes.u64(buf, off + 8);
    }

    public long rtpTimestamp() {
        return u32At(16);
    }

    public long packetCount() {
        return u32At(20);
    }

    public long octetCount() {
        return u32At(24);
    }

    @Override
    public int size() {
        return BLOCKS + count() * ReportBlock.SIZE;
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        RtcpHeader.write(dst, o, count(), Rtcp.PT_SR, n);
        System.arraycopy(buf, off + 4, dst, o + 4, n - 4);
        return n;
    }

    /** Size of an SR with {@code blocks} report blocks. */
    public static int size(int blocks) {
        return BLOCKS + blocks * ReportBlock.SIZE;
    }

    /**
     * Writes an SR.
     *
     * @param ntp 64-bit NTP timestamp; the other values are unsigned 32-bit
     * @return bytes written
     */
    public static int write(byte[] b, int off, long ssrc, long ntp, long rtpTimestamp,
                            long packetCount, long octetCount, ReportBlock... blocks) {
        checkBlockCount(blocks);
        RtcpHeader.checkSsrc(ssrc);
        int n = size(blocks.length);
        RtcpHeader.checkRoom(b, off, n);
        RtcpHeader.write(b, off, blocks.length, Rtcp.PT_SR, n);
        Bytes.put32(b, off + 4, ssrc);
        Bytes.put64(b, off + 8, ntp);
        Bytes.put32(b, off + 16, rtpTimestamp);
        Bytes.put32(b, off + 20, packetCount);
        Bytes.put32(b, off + 24, octetCount);
        writeBlocks(b, off + BLOCKS, blocks);
        return n;
    }
}
