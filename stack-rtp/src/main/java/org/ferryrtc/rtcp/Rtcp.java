package org.ferryrtc.rtcp;

/**
 * RTCP constants and the RTP/RTCP demultiplexing test.
 */
public final class Rtcp {
    /** Sender report, RFC 3550 §6.4.1. */
    public static final int PT_SR = 200;
    /** Receiver report, RFC 3550 §6.4.2. */
    public static final int PT_RR = 201;
    /** Source description, RFC 3550 §6.5. */
    public static final int PT_SDES = 202;
    /** Goodbye, RFC 3550 §6.6. */
    public static final int PT_BYE = 203;
    /** Application-defined, RFC 3550 §6.7. */
    public static final int PT_APP = 204;
    /** Transport-layer feedback, RFC 4585 §6.1. */
    public static final int PT_RTPFB = 205;
    /** Payload-specific feedback, RFC 4585 §6.1. */
    public static final int PT_PSFB = 206;
    /** Extended reports, RFC 3611 §2. */
    public static final int PT_XR = 207;

    /** RTPFB FMT of Generic NACK, RFC 4585 §6.2.1. */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT of transport-wide congestion control feedback (draft-holmer-...-01 §3.1). */
    public static final int FMT_TWCC = 15;
    /** PSFB FMT of Picture Loss Indication, RFC 4585 §6.3.1. */
    public static final int FMT_PLI = 1;
    /** PSFB FMT of Full Intra Request, RFC 5104 §4.3.1. */
    public static final int FMT_FIR = 4;
    /** PSFB FMT of application layer feedback (REMB), RFC 4585 §6.4. */
    public static final int FMT_AFB = 15;

    private Rtcp() {
    }

    /**
     * RFC 5761 §4: when RTP and RTCP share a port, a packet whose second octet is in 192..223
     * is RTCP (RTP payload types 64..95 are avoided for that reason).
     *
     * @return true if {@code buf[off..off+len)} holds at least two bytes and the second is
     *         in 192..223; false otherwise, including for out-of-range arguments
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 2 || len > buf.length - off) {
            return false;
        }
        int second = buf[off + 1] & 0xFF;
        return second >= 192 && second <= 223;
    }
}
