package org.ferryrtc.rtcp;

/**
 * Shared state of the RTCP packet views: buffer, offset, total length and length without
 * padding. Subclasses validate their body once in {@link #parseBody()} and then read fields
 * at fixed offsets.
 */
abstract class RtcpView {
    byte[] buf;
    int off;
    int len;
    /** Length without the trailing RTCP padding. */
    int contentLen;

    /** Validates the body; {@link #buf}, {@link #off}, {@link #len}, {@link #contentLen} are set. */
    abstract RtcpError parseBody();

    /** Whether this view decodes packets with this type and count/FMT field. */
    abstract boolean accepts(int pt, int count);

    /** Wraps a packet whose header {@link RtcpHeader#check} accepted. */
    final RtcpError wrapChecked(byte[] b, int o, int total, int content) {
        buf = b;
        off = o;
        len = total;
        contentLen = content;
        RtcpError e = parseBody();
        if (e != RtcpError.NONE) {
            buf = null;
            len = 0;
            contentLen = 0;
        }
        return e;
    }

    /**
     * Wraps exactly one RTCP packet of this kind occupying {@code b[o .. o+l)}.
     *
     * @return false (never an exception) if the bytes are not a valid packet of this kind
     */
    public final boolean wrap(byte[] b, int o, int l) {
        if (b == null || o < 0 || l < 0 || l > b.length - o) {
            return false;
        }
        if (RtcpHeader.check(b, o, l) != RtcpError.NONE || RtcpHeader.totalLength(b, o) != l) {
            return false;
        }
        if (!accepts(b[o + 1] & 0xFF, b[o] & 0x1F)) {
            return false;
        }
        return wrapChecked(b, o, l, RtcpHeader.contentLength(b, o)) == RtcpError.NONE;
    }

    public final int packetType() {
        return buf[off + 1] & 0xFF;
    }

    public final int count() {
        return buf[off] & 0x1F;
    }

    public final boolean padding() {
        return (buf[off] & 0x20) != 0;
    }

    public final byte[] buffer() {
        return buf;
    }

    public final int offset() {
        return off;
    }

    public final int length() {
        return len;
    }

    final long u32At(int rel) {
        return Bytes.u32(buf, off + rel);
    }
}
