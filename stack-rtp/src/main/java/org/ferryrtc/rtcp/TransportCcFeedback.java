package org.ferryrtc.rtcp;

/**
 * Transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1 (RTPFB, FMT=15). Reusable view: {@link #wrap} validates the chunks and that every
 * received packet's delta is present, without allocating; {@link #decode()} then produces a
 * {@link TwccFeedback} whose arrays are bounded by the bytes present.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |
 * .                              ...                              .
 * |         packet chunk          |  recv delta   |  recv delta   |
 * .                              ...                              .
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Chunks: run length {@code 0|S(2)|run(13)}, status vector {@code 1|0|14 x 1-bit} or
 * {@code 1|1|7 x 2-bit}; symbols 0 = not received, 1 = small delta (1 byte, 0..63.75 ms),
 * 2 = large or negative delta (2 bytes signed); deltas in 250 us, reference time in 64 ms.
 */
public final class TransportCcFeedback extends FeedbackView implements RtcpPacket {
    static final int CHUNKS = 20;

    private int chunksEnd;
    private int received;

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_RTPFB && count == Rtcp.FMT_TWCC;
    }

    @Override
    RtcpError parseBody() {
        if (contentLen < CHUNKS) {
            return RtcpError.TRUNCATED;
        }
        int status = statusCount();
        int end = off + contentLen;
        int p = off + CHUNKS;
        int covered = 0;
        int deltaBytes = 0;
        int recv = 0;
        while (covered < status) {
            if (end - p < 2) {
                return RtcpError.TRUNCATED;
            }
            int c = Bytes.u16(buf, p);
            p += 2;
            if ((c & 0x8000) == 0) {
                int sym = (c >>> 13) & 3;
                int k = Math.min(c & 0x1FFF, status - covered);
                if (sym == 3) {
                    return RtcpError.MALFORMED;
                }
                if (sym != 0) {
                    recv += k;
                    deltaBytes += sym * k;
                }
                covered += k;
            } else if ((c & 0x4000) == 0) {
                for (int j = 0; j < 14 && covered < status; j++, covered++) {
                    int bit = (c >>> (13 - j)) & 1;
                    recv += bit;
                    deltaBytes += bit;
                }
            } else {
                for (int j = 0; j < 7 && covered < status; j++, covered++) {
                    int sym = (c >>> (12 - 2 * j)) & 3;
                    if (sym == 3) {
                        return RtcpError.MALFORMED;
                    }
                    recv += sym == 0 ? 0 : 1;
                    deltaBytes += sym;
                }
            }
        }
        if (end - p < deltaBytes) {
            return RtcpError.TRUNCATED;
        }
        chunksEnd = p - off;
        received = recv;
        return RtcpError.NONE;
    }

    public int baseSequence() {
        return Bytes.u16(buf, off + 12);
    }

    public int statusCount() {
        return Bytes.u16(buf, off + 14);
    }

    /** Signed 24-bit reference time in multiples of 64 ms. */
    public int referenceTime() {
        return Bytes.s24(buf, off + 16);
    }

    public int feedbackPacketCount() {
        return buf[off + 19] & 0xFF;
    }

    /** Number of packets reported received. */
    public int receivedCount() {
        return received;
    }

    /** Decodes the per-packet statuses and deltas (allocates arrays of {@link #receivedCount()}). */
    public TwccFeedback decode() {
        int[] idx = new int[received];
        int[] deltas = new int[received];
        int status = statusCount();
        int p = off + CHUNKS;
        int d = off + chunksEnd;
        int covered = 0;
        int r = 0;
        while (covered < status) {
            int c = Bytes.u16(buf, p);
            p += 2;
            int n;
            if ((c & 0x8000) == 0) {
                n = Math.min(c & 0x1FFF, status - covered);
            } else if ((c & 0x4000) == 0) {
                n = Math.min(14, status - covered);
            } else {
                n = Math.min(7, status - covered);
            }
            for (int j = 0; j < n; j++, covered++) {
                int sym;
                if ((c & 0x8000) == 0) {
                    sym = (c >>> 13) & 3;
                } else if ((c & 0x4000) == 0) {
                    sym = (c >>> (13 - j)) & 1;
                } else {
                    sym = (c >>> (12 - 2 * j)) & 3;
                }
                if (sym == 1) {
                    idx[r] = covered;
                    deltas[r++] = buf[d++] & 0xFF;
                } else if (sym == 2) {
                    idx[r] = covered;
                    deltas[r++] = (short) Bytes.u16(buf, d);
                    d += 2;
                }
            }
        }
        return new TwccFeedback(senderSsrc(), mediaSsrc(), baseSequence(), status, referenceTime(),
                feedbackPacketCount(), idx, deltas);
    }

    /** Canonical re-encoding of {@link #decode()} (allocates). */
    @Override
    public int size() {
        return decode().size();
    }

    /** Writes the canonical re-encoding of {@link #decode()} (allocates). */
    @Override
    public int writeTo(byte[] dst, int o) {
        return decode().writeTo(dst, o);
    }
}
