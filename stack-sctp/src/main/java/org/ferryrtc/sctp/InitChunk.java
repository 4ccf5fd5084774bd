package org.ferryrtc.sctp;

/**
 * INIT (RFC 9260 §3.3.2) and INIT ACK (§3.3.3) view; both share the fixed part and a list of
 * TLV parameters (§3.2.1).
 *
 * <pre>
 * |   Type = 1/2  |  Chunk Flags  |      Chunk Length             |
 * |                         Initiate Tag                          |
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * |  Number of Outbound Streams   |  Number of Inbound Streams    |
 * |                          Initial TSN                          |
 * \              Optional/Variable-Length Parameters              \
 * </pre>
 */
final class InitChunk {
    static final int FIXED = 20;

    static final int P_IPV4 = 5;
    static final int P_IPV6 = 6;
    static final int P_STATE_COOKIE = 7;
    static final int P_UNRECOGNIZED = 8;
    static final int P_COOKIE_PRESERVATIVE = 9;
    static final int P_HOST_NAME = 11;
    static final int P_SUPPORTED_ADDRESS_TYPES = 12;
    static final int P_ECN = 0x8000;
    /** RFC 9653 zero checksum acceptable. */
    static final int P_ZERO_CHECKSUM = 0x8001;
    static final int P_RANDOM = 0x8002;
    static final int P_CHUNK_LIST = 0x8003;
    static final int P_HMAC_ALGO = 0x8004;
    static final int P_PADDING = 0x8005;
    /** RFC 5061 §4.2.7. */
    static final int P_SUPPORTED_EXTENSIONS = 0x8008;
    /** RFC 3758 §3.1. */
    static final int P_FORWARD_TSN_SUPPORTED = 0xC000;
    static final int P_ADAPTATION_LAYER = 0xC006;

    private byte[] buf;
    private int off;
    private int len;

    /** Wraps INIT/INIT ACK; false if the fixed part is short or any parameter length lies. */
    boolean wrap(Chunk c) {
        if ((c.type() != Chunk.INIT && c.type() != Chunk.INIT_ACK) || c.length() < FIXED) {
            return false;
        }
        byte[] b = c.buffer();
        int end = c.end();
        int p = c.offset() + FIXED;
        while (p < end) {
            if (end - p < 4) {
                return false;
            }
            int l = Bytes.u16(b, p + 2);
            if (l < 4 || l > end - p) {
                return false;
            }
            p += Bytes.pad4(l);
        }
        this.buf = c.buffer();
        this.off = c.offset();
        this.len = c.length();
        return true;
    }

    int type() {
        return buf[off] & 0xFF;
    }

    int initiateTag() {
        return Bytes.i32(buf, off + 4);
    }

    long aRwnd() {
        return Bytes.u32(buf, off + 8);
    }

    int outboundStreams() {
        return Bytes.u16(buf, off + 12);
    }

    int inboundStreams() {
        return Bytes.u16(buf, off + 14);
    }

    int initialTsn() {
        return Bytes.i32(buf, off + 16);
    }

    byte[] buffer() {
        return buf;
    }

    int paramsStart() {
        return off + FIXED;
    }

    int end() {
        return off + len;
    }

    /** Offset of the following parameter (parameters were validated by wrap). */
    int nextParam(int p) {
        return Math.min(p + Bytes.pad4(Bytes.u16(buf, p + 2)), end());
    }

    int paramType(int p) {
        return Bytes.u16(buf, p);
    }

    int paramLength(int p) {
        return Bytes.u16(buf, p + 2);
    }

    /** Offset of the first parameter of the given type, or -1. */
    int findParam(int type) {
        for (int p = paramsStart(); p < end(); p = nextParam(p)) {
            if (paramType(p) == type) {
                return p;
            }
        }
        return -1;
    }

    /** True if the Supported Extensions parameter (RFC 5061 §4.2.7) lists the chunk type. */
    boolean supportsExtension(int chunkType) {
        int p = findParam(P_SUPPORTED_EXTENSIONS);
        if (p < 0) {
            return false;
        }
        int l = paramLength(p);
        for (int i = 4; i < l; i++) {
            if ((buf[p + i] & 0xFF) == chunkType) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3758 §3.1 Forward-TSN-Supported parameter, or FORWARD-TSN in Supported Extensions. */
    boolean forwardTsnSupported() {
        return findParam(P_FORWARD_TSN_SUPPORTED) >= 0 || supportsExtension(Chunk.FORWARD_TSN);
    }

    static boolean isKnownParam(int type) {
        switch (type) {
            case P_IPV4: case P_IPV6: case P_STATE_COOKIE: case P_UNRECOGNIZED:
            case P_COOKIE_PRESERVATIVE: case P_HOST_NAME: case P_SUPPORTED_ADDRESS_TYPES:
            case P_ECN: case P_ZERO_CHECKSUM: case P_RANDOM: case P_CHUNK_LIST: case P_HMAC_ALGO:
            case P_PADDING: case P_SUPPORTED_EXTENSIONS: case P_FORWARD_TSN_SUPPORTED:
            case P_ADAPTATION_LAYER:
                return true;
            default:
                return false;
        }
    }

    /**
     * Writes INIT or INIT ACK. {@code extensions} lists chunk types for the Supported Extensions
     * parameter (may be empty); {@code cookie} and {@code unrecognized} may be null.
     */
    static int write(byte[] b, int p, int type, int initiateTag, long aRwnd, int os, int mis, int initialTsn,
                     boolean forwardTsn, int[] extensions, byte[] cookie, byte[] unrecognized) {
        int q = p + FIXED;
        if (cookie != null) {
            q = writeParam(b, q, P_STATE_COOKIE, cookie, 0, cookie.length);
        }
        if (forwardTsn) {
            q = writeParam(b, q, P_FORWARD_TSN_SUPPORTED, cookie, 0, 0);
        }
        if (extensions.length > 0) {
            Bytes.put16(b, q, P_SUPPORTED_EXTENSIONS);
            Bytes.put16(b, q + 2, 4 + extensions.length);
            for (int i = 0; i < extensions.length; i++) {
                b[q + 4 + i] = (byte) extensions[i];
            }
            q = Bytes.zeroPad(b, q, q + 4 + extensions.length);
        }
        if (unrecognized != null) {
            System.arraycopy(unrecognized, 0, b, q, unrecognized.length);
            q += unrecognized.length;
        }
        Chunk.writeHeader(b, p, type, 0, q - p);
        Bytes.put32(b, p + 4, initiateTag);
        Bytes.put32(b, p + 8, (int) aRwnd);
        Bytes.put16(b, p + 12, os);
        Bytes.put16(b, p + 16 - 2, mis);
        Bytes.put32(b, p + 16, initialTsn);
        return q;
    }

    /** Writes a TLV parameter; returns the padded end. */
    static int writeParam(byte[] b, int q, int type, byte[] v, int vOff, int vLen) {
        Bytes.put16(b, q, type);
        Bytes.put16(b, q + 2, 4 + vLen);
        if (vLen > 0) {
            System.arraycopy(v, vOff, b, q + 4, vLen);
        }
        return Bytes.zeroPad(b, q, q + 4 + vLen);
    }

    /** Upper bound of the encoded size of {@link #write}. */
    static int maxSize(int cookieLen, int extensions, int unrecognizedLen) {
        return FIXED + 4 + Bytes.pad4(cookieLen) + 4 + 4 + Bytes.pad4(extensions) + unrecognizedLen;
    }
}
