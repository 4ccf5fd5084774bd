package org.ferryrtc.rtp;

/**
 * RTP retransmission payload format (RFC 4588 §4), used in SSRC-multiplexing mode (its own
 * SSRC, as WebRTC does with {@code a=ssrc-group:FID}).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The RTX header is the original header (marker, timestamp, CSRC list and header extension
 * kept byte for byte) with the RTX payload type, the RTX SSRC and the RTX stream's own sequence
 * number; the payload is the original sequence number (OSN) followed by the original payload.
 * The original's padding is not carried (RFC 4588 §4: the payload is the original payload), so
 * {@link #wrap wrap} clears the P bit; an unpadded original therefore round-trips byte-exact.
 *
 * <p>A padding-only RTX packet (P set, no payload at all, not even an OSN) is what senders use
 * for bandwidth probing; {@link #unwrap unwrap} reports it as {@link Status#PADDING_ONLY} and
 * leaves it alone. An RTX payload of 0 or 1 bytes otherwise is {@link Status#MALFORMED}.
 *
 * <p>The instance holds the {@code apt} mapping (RFC 4588 §8.6, {@code a=fmtp:97 apt=96}) and
 * receive counters. Allocation-free; not thread-safe.
 */
public final class Rtx {
    /** Length of the original sequence number field. */
    public static final int OSN_LENGTH = 2;

    /** Outcome of {@link #unwrap}. */
    public enum Status {
        /** The original packet was restored; its length is {@link #unwrappedLength()}. */
        OK,
        /** A padding-only RTX packet (bandwidth probe): no original packet inside. */
        PADDING_ONLY,
        /** Not a valid RTP packet, or an RTX payload shorter than the 2-byte OSN. */
        MALFORMED,
        /** The RTX payload type has no {@code apt} mapping. */
        UNKNOWN_PAYLOAD_TYPE,
        /** The caller's output buffer cannot hold the original packet. */
        NO_ROOM
    }

    private final byte[] aptOf = new byte[128];
    private final byte[] rtxOf = new byte[128];
    private int unwrappedLength;
    private int osn = -1;
    private long restored;
    private long paddingOnly;
    private long malformed;
    private long unknownPayloadType;

    public Rtx() {
        java.util.Arrays.fill(aptOf, (byte) -1);
        java.util.Arrays.fill(rtxOf, (byte) -1);
    }

    /** Declares {@code rtxPt} as the RTX payload type for the original payload type {@code apt}. */
    public void mapPayloadType(int rtxPt, int apt) {
        checkPt(rtxPt);
        checkPt(apt);
        aptOf[rtxPt] = (byte) apt;
        rtxOf[apt] = (byte) rtxPt;
    }

    /** The original payload type for an RTX payload type, or -1 if not mapped. */
    public int apt(int rtxPt) {
        return (rtxPt & ~0x7F) != 0 ? -1 : aptOf[rtxPt];
    }

    /** The RTX payload type for an original payload type, or -1 if not mapped. */
    public int rtxPayloadType(int apt) {
        return (apt & ~0x7F) != 0 ? -1 : rtxOf[apt];
    }

    /**
     * Writes the RTX packet for {@code original} into {@code out} at {@code outOff}, with the RTX
     * payload type from the {@code apt} mapping.
     *
     * @return the RTX packet length, or -1 if the original's payload type has no RTX payload
     *     type or {@code out} is too small
     */
    public int wrap(RtpPacket original, long rtxSsrc, int rtxSeq, byte[] out, int outOff) {
        int rtxPt = rtxPayloadType(original.payloadType());
        return rtxPt < 0 ? -1 : wrap(original, rtxSsrc, rtxPt, rtxSeq, out, outOff);
    }

    /**
     * Writes the RTX packet for {@code original} (a wrapped view) into {@code out} at
     * {@code outOff}: its header with P cleared, {@code rtxPt}, {@code rtxSeq} and
     * {@code rtxSsrc}, then the OSN and the original payload. {@code out} must not overlap the
     * original's bytes.
     *
     * @return the RTX packet length ({@code original.length() - original.paddingLength() + 2}),
     *     or -1 if it does not fit in {@code out} from {@code outOff}
     */
    public static int wrap(RtpPacket original, long rtxSsrc, int rtxPt, int rtxSeq, byte[] out, int outOff) {
        checkPt(rtxPt);
        if ((rtxSeq & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("sequence number " + rtxSeq);
        }
        byte[] src = original.buffer();
        int so = original.offset();
        int hdr = original.headerLength();
        int pay = original.payloadLength();
        int total = hdr + OSN_LENGTH + pay;
        if (outOff < 0 || outOff > out.length - total) {
            return -1;
        }
        System.arraycopy(src, so, out, outOff, hdr);
        out[outOff] &= (byte) ~0x20; // no padding
        out[outOff + 1] = (byte) ((out[outOff + 1] & 0x80) | rtxPt);
        out[outOff + 2] = (byte) (rtxSeq >>> 8);
        out[outOff + 3] = (byte) rtxSeq;
        RtpPacket.writeU32(out, outOff + 8, rtxSsrc);
        int osnAt = outOff + hdr;
        int originalSeq = original.sequenceNumber();
        out[osnAt] = (byte) (originalSeq >>> 8);
        out[osnAt + 1] = (byte) originalSeq;
        System.arraycopy(src, original.payloadOffset(), out, osnAt + OSN_LENGTH, pay);
        return total;
    }

    /**
     * Writes a padding-only RTX packet (bandwidth probe, RFC 3550 §5.1 padding with no payload)
     * of {@code 12 + padLength} bytes; the last byte holds the padding count.
     *
     * @param padLength 1..255 padding bytes including the count byte
     * @return the packet length, or -1 if it does not fit
     */
    public static int writePaddingOnly(byte[] out, int outOff, int rtxPt, int rtxSeq, long timestamp, long rtxSsrc,
            int padLength) {
        if (padLength < 1 || padLength > 255) {
            throw new IllegalArgumentException("padding length " + padLength);
        }
        int total = RtpPacket.FIXED_HEADER + padLength;
        if (outOff < 0 || outOff > out.length - total) {
            return -1;
        }
        RtpPacket.writeFixedHeader(out, outOff, false, rtxPt, rtxSeq, timestamp, rtxSsrc);
        out[outOff] |= 0x20;
        java.util.Arrays.fill(out, outOff + RtpPacket.FIXED_HEADER, outOff + total - 1, (byte) 0);
        out[outOff + total - 1] = (byte) padLength;
        return total;
    }

    /**
     * Restores the original packet in place: the payload moves 2 bytes left over the OSN, the RTX
     * padding is dropped, and the SSRC, payload type ({@code apt}) and sequence number (OSN) are
     * the original's. On {@link Status#OK} the view {@code rtx} is re-wrapped over the original
     * packet (same buffer and offset, {@link #unwrappedLength()} bytes). On any other status
     * nothing is written.
     *
     * @param rtx a view over a received RTX packet (if it is not wrapped the status is MALFORMED)
     * @param originalSsrc the SSRC of the stream this RTX stream repairs (from {@code ssrc-group:FID})
     */
    public Status unwrapInPlace(RtpPacket rtx, long originalSsrc) {
        Status s = check(rtx);
        if (s != Status.OK) {
            return s;
        }
        byte[] b = rtx.buffer();
        int off = rtx.offset();
        int pay = rtx.payloadLength() - OSN_LENGTH;
        int pOff = rtx.payloadOffset();
        System.arraycopy(b, pOff + OSN_LENGTH, b, pOff, pay);
        int len = rtx.headerLength() + pay;
        restoreHeader(b, off, originalSsrc, aptOf[rtx.payloadType()], osn);
        unwrappedLength = len;
        restored++;
        rtx.rewrap(len);
        return Status.OK;
    }

    /**
     * Writes the original packet for {@code rtx} into {@code out} at {@code outOff}; the RTX
     * packet is left unchanged. On {@link Status#OK} the original is
     * {@link #unwrappedLength()} bytes long.
     */
    public Status unwrap(RtpPacket rtx, long originalSsrc, byte[] out, int outOff) {
        Status s = check(rtx);
        if (s != Status.OK) {
            return s;
        }
        int hdr = rtx.headerLength();
        int pay = rtx.payloadLength() - OSN_LENGTH;
        int len = hdr + pay;
        if (outOff < 0 || outOff > out.length - len) {
            osn = -1;
            return Status.NO_ROOM;
        }
        byte[] b = rtx.buffer();
        System.arraycopy(b, rtx.offset(), out, outOff, hdr);
        System.arraycopy(b, rtx.payloadOffset() + OSN_LENGTH, out, outOff + hdr, pay);
        restoreHeader(out, outOff, originalSsrc, aptOf[rtx.payloadType()], osn);
        unwrappedLength = len;
        restored++;
        return Status.OK;
    }

    /** Classifies an RTX packet and, if it is usable, reads its OSN. Counts failures. */
    private Status check(RtpPacket rtx) {
        unwrappedLength = 0;
        osn = -1;
        if (rtx.buffer() == null) {
            malformed++;
            return Status.MALFORMED;
        }
        int pay = rtx.payloadLength();
        if (pay == 0 && rtx.paddingLength() > 0) {
            paddingOnly++;
            return Status.PADDING_ONLY;
        }
        if (pay < OSN_LENGTH) {
            malformed++;
            return Status.MALFORMED;
        }
        if (aptOf[rtx.payloadType()] < 0) {
            unknownPayloadType++;
            return Status.UNKNOWN_PAYLOAD_TYPE;
        }
        byte[] b = rtx.buffer();
        int p = rtx.payloadOffset();
        osn = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        return Status.OK;
    }

    private static void restoreHeader(byte[] b, int off, long ssrc, int pt, int seq) {
        b[off] &= (byte) ~0x20; // RTX padding is not part of the original
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | pt);
        b[off + 2] = (byte) (seq >>> 8);
        b[off + 3] = (byte) seq;
        RtpPacket.writeU32(b, off + 8, ssrc);
    }

    private static void checkPt(int pt) {
        if ((pt & ~0x7F) != 0) {
            throw new IllegalArgumentException("payload type " + pt);
        }
    }

    /** Length of the original packet restored by the last successful unwrap (0 otherwise). */
    public int unwrappedLength() {
        return unwrappedLength;
    }

    /** The OSN read by the last successful unwrap (-1 otherwise). */
    public int originalSequenceNumber() {
        return osn;
    }

    /** RTX packets restored to their original. */
    public long restoredCount() {
        return restored;
    }

    /** Padding-only RTX packets seen (bandwidth probes). */
    public long paddingOnlyCount() {
        return paddingOnly;
    }

    /** RTX packets rejected as malformed. */
    public long malformedCount() {
        return malformed;
    }

    /** RTX packets with an unmapped payload type. */
    public long unknownPayloadTypeCount() {
        return unknownPayloadType;
    }
}
