package org.ferryrtc.rtp;

/**
 * A reusable, allocation-free view over one RTP packet in a caller's buffer (RFC 3550 §5.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |  if X (§5.3.1)
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            payload  ...  | padding | pad count |  if P
 * </pre>
 *
 * <p>{@link #wrap} validates the bounds once (version, CSRC list, extension length, padding
 * count); afterwards every accessor reads at a fixed offset without further checks. Setters
 * write in place. SSRCs and timestamps are unsigned 32-bit values held in a {@code long};
 * sequence numbers are {@code int} in 0..65535. The bytes between {@code offset + length} and
 * the end of the buffer are the packet's tail room (SRTP appends its tag there).
 *
 * <p>Not thread-safe: one view per owner thread, re-wrapped per packet.
 */
public final class RtpPacket {
    /** Size of the fixed header, without CSRCs or extension. */
    public static final int FIXED_HEADER = 12;
    /** RTP version 2, the only one accepted. */
    public static final int VERSION = 2;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLen;
    private int padLen;

    /**
     * Points this view at {@code len} bytes of {@code buf} from {@code off} and validates them.
     *
     * @return false (and leaves the view unusable) if the bytes are not a well-formed RTP
     *     packet: shorter than 12 bytes, version not 2, CSRC list or header extension past the
     *     end, or a padding count of zero or larger than what follows the header.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (buf == null || off < 0 || len < FIXED_HEADER || off > buf.length - len) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >>> 6) != VERSION) {
            return false;
        }
        int h = FIXED_HEADER + 4 * (b0 & 0x0F);
        if (h > len) {
            return false;
        }
        if ((b0 & 0x10) != 0) {
            if (h + 4 > len) {
                return false;
            }
            int words = ((buf[off + h + 2] & 0xFF) << 8) | (buf[off + h + 3] & 0xFF);
            h += 4 + 4 * words;
            if (h > len) {
                return false;
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) {
            pad = buf[off + len - 1] & 0xFF;
            if (pad == 0 || pad > len - h) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLen = h;
        this.padLen = pad;
        return true;
    }

    /**
     * Re-reads the bounds after the header or length was changed in place by a collaborator in
     * this package (header-extension editing). Package-private: the public API re-wraps.
     */
    boolean rewrap(int newLength) {
        return wrap(buf, off, newLength);
    }

    /** The wrapped buffer (shared, not copied). */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the first header byte in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** Length of the packet in bytes, header through padding. */
    public int length() {
        return len;
    }

    /** Bytes available after the packet in the buffer (room for an SRTP tag). */
    public int tailRoom() {
        return buf.length - off - len;
    }

    public boolean padding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    /** The i-th contributing source, {@code 0 <= i < csrcCount()}. */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount()) {
            throw new IndexOutOfBoundsException("csrc index " + i);
        }
        return readU32(buf, off + FIXED_HEADER + 4 * i);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    public long timestamp() {
        return readU32(buf, off + 4);
    }

    public long ssrc() {
        return readU32(buf, off + 8);
    }

    /** Header length: fixed header, CSRC list and header extension (if any). */
    public int headerLength() {
        return headerLen;
    }

    /**
     * Offset in {@link #buffer()} of the header extension's 4-byte preamble ("defined by
     * profile" + length, RFC 3550 §5.3.1), or -1 without an extension.
     */
    public int extensionOffset() {
        return hasExtension() ? off + FIXED_HEADER + 4 * csrcCount() : -1;
    }

    /** The 16-bit "defined by profile" field of the extension (0xBEDE one-byte, 0x100x two-byte). */
    public int extensionProfile() {
        int e = extensionOffset();
        return e < 0 ? -1 : ((buf[e] & 0xFF) << 8) | (buf[e + 1] & 0xFF);
    }

    /** Offset in {@link #buffer()} of the first payload byte. */
    public int payloadOffset() {
        return off + headerLen;
    }

    /** Payload length, without header and padding. */
    public int payloadLength() {
        return len - headerLen - padLen;
    }

    /** Number of padding bytes at the end, including the count byte itself; 0 if P is clear. */
    public int paddingLength() {
        return padLen;
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? (buf[off + 1] | 0x80) : (buf[off + 1] & 0x7F));
    }

    public void setPayloadType(int pt) {
        if ((pt & ~0x7F) != 0) {
            throw new IllegalArgumentException("payload type " + pt);
        }
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | pt);
    }

    public void setSequenceNumber(int seq) {
        buf[off + 2] = (byte) (seq >>> 8);
        buf[off + 3] = (byte) seq;
    }

    public void setTimestamp(long ts) {
        writeU32(buf, off + 4, ts);
    }

    public void setSsrc(long ssrc) {
        writeU32(buf, off + 8, ssrc);
    }

    /**
     * Writes a 12-byte fixed header (V=2, no padding, no extension, no CSRC) at {@code off}.
     *
     * @return {@link #FIXED_HEADER}
     */
    public static int writeFixedHeader(byte[] buf, int off, boolean marker, int pt, int seq, long ts, long ssrc) {
        if ((pt & ~0x7F) != 0) {
            throw new IllegalArgumentException("payload type " + pt);
        }
        buf[off] = (byte) (VERSION << 6);
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | pt);
        buf[off + 2] = (byte) (seq >>> 8);
        buf[off + 3] = (byte) seq;
        writeU32(buf, off + 4, ts);
        writeU32(buf, off + 8, ssrc);
        return FIXED_HEADER;
    }

    static long readU32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void writeU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[unwrapped]";
        }
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp()
                + " ssrc=" + ssrc() + " m=" + marker() + " hdr=" + headerLen + " payload=" + payloadLength()
                + " pad=" + padLen + "]";
    }
}
