package org.ferryrtc.rtcp;

/**
 * An RTCP packet of a type (or feedback FMT) this package does not decode, RFC 3550 §6.1:
 * "receivers SHOULD ignore RTCP packets with unknown payload types". Reusable view; the
 * reader hands it out so the caller can see it, and counts it, then moves on.
 */
public final class UnknownPacket extends RtcpView implements RtcpPacket {

    @Override
    boolean accepts(int pt, int count) {
        return true;
    }

    @Override
    RtcpError parseBody() {
        return RtcpError.NONE;
    }

    /** Offset of the bytes after the 4-byte header. */
    public int payloadOffset() {
        return off + RtcpHeader.SIZE;
    }

    /** Bytes after the header, padding excluded. */
    public int payloadLength() {
        return contentLen - RtcpHeader.SIZE;
    }

    @Override
    public int size() {
        return len;
    }

    /** Copies the packet as it is (padding included). */
    @Override
    public int writeTo(byte[] dst, int o) {
        RtcpHeader.checkRoom(dst, o, len);
        System.arraycopy(buf, off, dst, o, len);
        return len;
    }
}
