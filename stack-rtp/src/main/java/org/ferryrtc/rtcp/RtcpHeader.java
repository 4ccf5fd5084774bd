package org.ferryrtc.rtcp;

/**
 * The RTCP common header (RFC 3550 §6.4.1): validation and writing.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| count/FMT |      PT       |     length (words - 1)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class RtcpHeader {
    static final int SIZE = 4;

    private RtcpHeader() {
    }

    /**
     * Checks the header of the packet starting at {@code off} with {@code avail} bytes left.
     * On success the packet's total length is {@link #totalLength} and its length without
     * padding is {@link #contentLength}.
     */
    static RtcpError check(byte[] b, int off, int avail) {
        if (avail < SIZE) {
            return RtcpError.TRUNCATED;
        }
        if ((b[off] & 0xC0) != 0x80) {
            return RtcpError.BAD_VERSION;
        }
        int total = totalLength(b, off);
        if (total > avail) {
            return RtcpError.LENGTH_EXCEEDS_BUFFER;
        }
        if ((b[off] & 0x20) != 0) {
            int pad = b[off + total - 1] & 0xFF;
            if (pad == 0 || pad > total - SIZE) {
                return RtcpError.BAD_PADDING;
            }
        }
        return RtcpError.NONE;
    }

    /** Total length in bytes from the length field; the header must be present. */
    static int totalLength(byte[] b, int off) {
        return (Bytes.u16(b, off + 2) + 1) * 4;
    }

    /** Length without padding; {@link #check} must have succeeded. */
    static int contentLength(byte[] b, int off) {
        int total = totalLength(b, off);
        return (b[off] & 0x20) != 0 ? total - (b[off + total - 1] & 0xFF) : total;
    }

    /** Writes a header without padding for a packet of {@code totalLen} bytes (a multiple of 4). */
    static void write(byte[] b, int off, int count, int pt, int totalLen) {
        b[off] = (byte) (0x80 | (count & 0x1F));
        b[off + 1] = (byte) pt;
        Bytes.put16(b, off + 2, totalLen / 4 - 1);
    }

    /** Throws for API misuse: a null buffer, a negative offset or too little room. */
    static void checkRoom(byte[] b, int off, int needed) {
        if (b == null) {
            throw new IllegalArgumentException("buffer is null");
        }
        if (off < 0 || needed > b.length - off) {
            throw new IllegalArgumentException("no room for " + needed + " bytes at offset " + off
                    + " in a buffer of " + b.length);
        }
    }

    /** Zero bytes from {@code from} up to the next multiple of 4 relative to {@code base}. */
    static int padTo4(byte[] b, int base, int from) {
        int p = from;
        while (((p - base) & 3) != 0) {
            b[p++] = 0;
        }
        return p;
    }

    static void checkSsrc(long ssrc) {
        if ((ssrc >>> 32) != 0) {
            throw new IllegalArgumentException("SSRC out of range: " + ssrc);
        }
    }
}
