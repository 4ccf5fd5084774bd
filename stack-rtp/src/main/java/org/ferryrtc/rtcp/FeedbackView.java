package org.ferryrtc.rtcp;

/**
 * Common part of the RTP feedback messages, RFC 4585 §6.1.
 *
 * <pre>
 * |V=2|P|   FMT   |       PT      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 */
abstract class FeedbackView extends RtcpView {
    static final int FCI = 12;

    public final long senderSsrc() {
        return u32At(4);
    }

    public final long mediaSsrc() {
        return u32At(8);
    }

    /** The FMT field. */
    public final int format() {
        return count();
    }

    static void writeFbHeader(byte[] b, int off, int fmt, int pt, int total, long sender, long media) {
        RtcpHeader.checkSsrc(sender);
        RtcpHeader.checkSsrc(media);
        RtcpHeader.write(b, off, fmt, pt, total);
        Bytes.put32(b, off + 4, sender);
        Bytes.put32(b, off + 8, media);
    }
}
