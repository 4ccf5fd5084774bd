package org.ferryrtc.rtcp;

import java.nio.charset.StandardCharsets;

/**
 * Goodbye (BYE), RFC 3550 §6.6. Reusable view.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * :                              ...                              :
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     length    |               reason for leaving            ... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Goodbye extends RtcpView implements RtcpPacket {
    private int reasonLen = -1;

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_BYE;
    }

    @Override
    RtcpError parseBody() {
        int p = 4 + 4 * count();
        if (contentLen < p) {
            return RtcpError.TRUNCATED;
        }
        reasonLen = -1;
        if (contentLen > p) {
            int l = buf[off + p] & 0xFF;
            if (contentLen - p - 1 < l) {
                return RtcpError.TRUNCATED;
            }
            // a zero octet after the SSRC list is padding-like filler, not an empty reason
            reasonLen = l == 0 ? -1 : l;
        }
        return RtcpError.NONE;
    }

    public int ssrcCount() {
        return count();
    }

    public long ssrc(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("ssrc " + i);
        }
        return u32At(4 + 4 * i);
    }

    public boolean hasReason() {
        return reasonLen > 0;
    }

    /** Offset of the reason text in {@link #buffer()}; meaningful if {@link #hasReason()}. */
    public int reasonOffset() {
        return off + 5 + 4 * count();
    }

    public int reasonLength() {
        return Math.max(reasonLen, 0);
    }

    /** Reason for leaving (UTF-8, allocates) or null. */
    public String reason() {
        return hasReason() ? new String(buf, reasonOffset(), reasonLen, StandardCharsets.UTF_8) : null;
    }

    @Override
    public int size() {
        int n = 4 + 4 * count();
        return hasReason() ? (n + 1 + reasonLen + 3) & ~3 : n;
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        RtcpHeader.write(dst, o, count(), Rtcp.PT_BYE, n);
        int p = o + 4 + 4 * count();
        System.arraycopy(buf, off + 4, dst, o + 4, p - o - 4);
        if (hasReason()) {
            dst[p] = (byte) reasonLen;
            System.arraycopy(buf, reasonOffset(), dst, p + 1, reasonLen);
            RtcpHeader.padTo4(dst, o, p + 1 + reasonLen);
        }
        return n;
    }

    /** Size of a BYE; {@code reason} may be null. */
    public static int size(int ssrcs, String reason) {
        int n = 4 + 4 * ssrcs;
        if (reason == null || reason.isEmpty()) {
            return n;
        }
        return (n + 1 + reason.getBytes(StandardCharsets.UTF_8).length + 3) & ~3;
    }

    /**
     * Writes a BYE for 0..31 sources with an optional reason (null or empty: none; at most 255
     * UTF-8 bytes). Returns bytes written.
     */
    public static int write(byte[] b, int off, long[] ssrcs, String reason) {
        if (ssrcs.length > 31) {
            throw new IllegalArgumentException("at most 31 SSRCs in a BYE");
        }
        byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > 255) {
            throw new IllegalArgumentException("reason longer than 255 bytes");
        }
        int n = size(ssrcs.length, reason);
        RtcpHeader.checkRoom(b, off, n);
        RtcpHeader.write(b, off, ssrcs.length, Rtcp.PT_BYE, n);
        int p = off + 4;
        for (long s : ssrcs) {
            RtcpHeader.checkSsrc(s);
            Bytes.put32(b, p, s);
            p += 4;
        }
        if (r.length > 0) {
            b[p] = (byte) r.length;
            System.arraycopy(r, 0, b, p + 1, r.length);
            RtcpHeader.padTo4(b, off, p + 1 + r.length);
        }
        return n;
    }
}
