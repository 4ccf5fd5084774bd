package org.ferryrtc.rtcp;

/**
 * Picture Loss Indication, RFC 4585 §6.3.1 (PSFB, FMT=1, no FCI). Reusable view.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |   PT=206      |          length=2             |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class PictureLossIndication extends FeedbackView implements RtcpPacket {
    /** Size of a PLI on the wire. */
    public static final int SIZE = FCI;

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_PSFB && count == Rtcp.FMT_PLI;
    }

    @Override
    RtcpError parseBody() {
        return contentLen < FCI ? RtcpError.TRUNCATED : RtcpError.NONE;
    }

    @Override
    public int size() {
        return SIZE;
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        return write(dst, o, senderSsrc(), mediaSsrc());
    }

    /** Writes a PLI; returns {@link #SIZE}. */
    public static int write(byte[] b, int off, long senderSsrc, long mediaSsrc) {
        RtcpHeader.checkRoom(b, off, SIZE);
        writeFbHeader(b, off, Rtcp.FMT_PLI, Rtcp.PT_PSFB, SIZE, senderSsrc, mediaSsrc);
        return SIZE;
    }
}
