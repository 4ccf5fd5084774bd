package org.ferryrtc.rtcp;

/**
 * Full Intra Request, RFC 5104 §4.3.1 (PSFB, FMT=4). Reusable view. The media source SSRC
 * of the common header is unused (written as 0); each FCI entry names its target.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=4  |   PT=206      |          length               |
 * |                  SSRC of packet sender                        |
 * |             SSRC of media source (unused, 0)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              SSRC                             |  (one or more)
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class FullIntraRequest extends FeedbackView implements RtcpPacket {

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_PSFB && count == Rtcp.FMT_FIR;
    }

    @Override
    RtcpError parseBody() {
        return contentLen < FCI ? RtcpError.TRUNCATED : RtcpError.NONE;
    }

    public int entryCount() {
        return (contentLen - FCI) >> 3;
    }

    private int entry(int i) {
        if (i < 0 || i >= entryCount()) {
            throw new IndexOutOfBoundsException("FIR entry " + i);
        }
        return off + FCI + 8 * i;
    }

    /** SSRC of the media sender asked for a decoder refresh point. */
    public long entrySsrc(int i) {
        return Bytes.u32(buf, entry(i));
    }

    /** Command sequence number 0..255. */
    public int entrySequence(int i) {
        return Bytes.u8(buf, entry(i) + 4);
    }

    @Override
    public int size() {
        return FCI + 8 * entryCount();
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        writeFbHeader(dst, o, Rtcp.FMT_FIR, Rtcp.PT_PSFB, n, senderSsrc(), mediaSsrc());
        for (int i = 0; i < entryCount(); i++) {
            putEntry(dst, o + FCI + 8 * i, entrySsrc(i), entrySequence(i));
        }
        return n;
    }

    private static void putEntry(byte[] b, int p, long ssrc, int seq) {
        RtcpHeader.checkSsrc(ssrc);
        Bytes.put32(b, p, ssrc);
        Bytes.put32(b, p + 4, (long) (seq & 0xFF) << 24);
    }

    /** Size of a FIR with {@code entries} entries. */
    public static int size(int entries) {
        return FCI + 8 * entries;
    }

    /**
     * Writes a FIR with one entry per {@code (ssrcs[i], seqNrs[i])}.
     *
     * @return bytes written
     */
    public static int write(byte[] b, int off, long senderSsrc, long[] ssrcs, int[] seqNrs) {
        if (ssrcs.length != seqNrs.length) {
            throw new IllegalArgumentException("ssrcs and seqNrs differ in length");
        }
        int n = size(ssrcs.length);
        RtcpHeader.checkRoom(b, off, n);
        writeFbHeader(b, off, Rtcp.FMT_FIR, Rtcp.PT_PSFB, n, senderSsrc, 0);
        for (int i = 0; i < ssrcs.length; i++) {
            putEntry(b, off + FCI + 8 * i, ssrcs[i], seqNrs[i]);
        }
        return n;
    }
}
