package org.ferryrtc.rtcp;

/**
 * Receiver Estimated Maximum Bitrate, draft-alvestrand-rmcat-remb-03 §2.2 (PSFB, FMT=15,
 * application layer feedback with the unique identifier "REMB"). Reusable view.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (0)                     |
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * |   SSRC feedback                                               |  (Num SSRC times)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Bitrate in bits per second = mantissa * 2^exp.
 */
public final class Remb extends FeedbackView implements RtcpPacket {
    static final int REMB_ID = 0x52454D42; // "REMB"
    static final int SSRCS = 20;
    static final int MAX_MANTISSA = (1 << 18) - 1;

    /** Whether the PSFB application-layer packet at {@code off} (FMT 15) carries "REMB". */
    static boolean isRemb(byte[] b, int off, int contentLen) {
        return contentLen >= 16 && (int) Bytes.u32(b, off + FCI) == REMB_ID;
    }

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_PSFB && count == Rtcp.FMT_AFB;
    }

    @Override
    RtcpError parseBody() {
        if (contentLen < SSRCS) {
            return RtcpError.TRUNCATED;
        }
        if ((int) u32At(FCI) != REMB_ID) {
            return RtcpError.MALFORMED;
        }
        if (contentLen - SSRCS < 4 * ssrcCount()) {
            return RtcpError.TRUNCATED;
        }
        return RtcpError.NONE;
    }

    public int ssrcCount() {
        return buf[off + 16] & 0xFF;
    }

    public long ssrc(int i) {
        if (i < 0 || i >= ssrcCount()) {
            throw new IndexOutOfBoundsException("REMB ssrc " + i);
        }
        return u32At(SSRCS + 4 * i);
    }

    public int exponent() {
        return (buf[off + 17] & 0xFF) >>> 2;
    }

    public int mantissa() {
        return Bytes.u24(buf, off + 17) & 0x3FFFF;
    }

    /** Bitrate in bits per second; {@link Long#MAX_VALUE} if it does not fit in a long. */
    public long bitrate() {
        long m = mantissa();
        int e = exponent();
        if (m != 0 && e > Long.numberOfLeadingZeros(m) - 1) {
            return Long.MAX_VALUE;
        }
        return m << e;
    }

    @Override
    public int size() {
        return SSRCS + 4 * ssrcCount();
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        writeFbHeader(dst, o, Rtcp.FMT_AFB, Rtcp.PT_PSFB, n, senderSsrc(), mediaSsrc());
        System.arraycopy(buf, off + FCI, dst, o + FCI, n - FCI);
        return n;
    }

    /** Size of a REMB naming {@code ssrcs} sources. */
    public static int size(int ssrcs) {
        return SSRCS + 4 * ssrcs;
    }

    /**
     * Writes a REMB. The bitrate is encoded with the smallest exponent whose 18-bit mantissa
     * holds it, rounding down (the value read back is at most the one given).
     *
     * @param bitrate bits per second, &gt;= 0
     * @param ssrcs   0..255 media sources the estimate applies to
     * @return bytes written
     */
    public static int write(byte[] b, int off, long senderSsrc, long bitrate, long... ssrcs) {
        if (bitrate < 0 || ssrcs.length > 255) {
            throw new IllegalArgumentException("bitrate < 0 or more than 255 SSRCs");
        }
        int n = size(ssrcs.length);
        RtcpHeader.checkRoom(b, off, n);
        writeFbHeader(b, off, Rtcp.FMT_AFB, Rtcp.PT_PSFB, n, senderSsrc, 0);
        int exp = 0;
        while ((bitrate >>> exp) > MAX_MANTISSA) {
            exp++;
        }
        Bytes.put32(b, off + FCI, REMB_ID);
        b[off + 16] = (byte) ssrcs.length;
        Bytes.put24(b, off + 17, (exp << 18) | (int) (bitrate >>> exp));
        for (int i = 0; i < ssrcs.length; i++) {
            RtcpHeader.checkSsrc(ssrcs[i]);
            Bytes.put32(b, off + SSRCS + 4 * i, ssrcs[i]);
        }
        return n;
    }
}
