package org.ferryrtc.sctp;

/**
 * Generic chunk view (RFC 9260 §3.2): type, flags and length, with bounds validated by
 * {@link #wrap}. Chunks are padded to a multiple of four bytes; the length field excludes padding.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                          Chunk Value                          \
 * </pre>
 */
final class Chunk {
    static final int DATA = 0;
    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int SACK = 3;
    static final int HEARTBEAT = 4;
    static final int HEARTBEAT_ACK = 5;
    static final int ABORT = 6;
    static final int SHUTDOWN = 7;
    static final int SHUTDOWN_ACK = 8;
    static final int ERROR = 9;
    static final int COOKIE_ECHO = 10;
    static final int COOKIE_ACK = 11;
    static final int SHUTDOWN_COMPLETE = 14;
    /** RFC 8260 §2.1. */
    static final int I_DATA = 0x40;
    /** RFC 6525 §3.1. */
    static final int RE_CONFIG = 0x82;
    /** RFC 3758 §3.2. */
    static final int FORWARD_TSN = 0xC0;
    /** RFC 8260 §2.3. */
    static final int I_FORWARD_TSN = 0xC2;

    /** T bit of ABORT and SHUTDOWN COMPLETE (RFC 9260 §3.3.7, §3.3.13). */
    static final int FLAG_T = 1;

    static final int HEADER_SIZE = 4;

    private byte[] buf;
    private int off;
    private int len;
    private int next;

    /** Wraps the chunk at {@code offset}; false if its header or declared length does not fit before {@code end}. */
    boolean wrap(byte[] b, int offset, int end) {
        if (offset < 0 || end - offset < HEADER_SIZE) {
            return false;
        }
        int l = Bytes.u16(b, offset + 2);
        if (l < HEADER_SIZE || l > end - offset) {
            return false;
        }
        this.buf = b;
        this.off = offset;
        this.len = l;
        int padded = offset + Bytes.pad4(l);
        this.next = Math.min(padded, end);
        return true;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return off;
    }

    int type() {
        return buf[off] & 0xFF;
    }

    int flags() {
        return buf[off + 1] & 0xFF;
    }

    /** Declared length including the 4-byte header, excluding padding. */
    int length() {
        return len;
    }

    int valueOffset() {
        return off + HEADER_SIZE;
    }

    int valueLength() {
        return len - HEADER_SIZE;
    }

    int end() {
        return off + len;
    }

    /** Offset of the following chunk. */
    int next() {
        return next;
    }

    /** RFC 9260 §3.2: the two high bits of an unrecognized type say what to do. */
    static boolean unknownStopsProcessing(int type) {
        return (type & 0x80) == 0;
    }

    static boolean unknownIsReported(int type) {
        return (type & 0x40) != 0;
    }

    /** Writes a chunk header; returns the offset of the value. */
    static int writeHeader(byte[] b, int p, int type, int flags, int length) {
        b[p] = (byte) type;
        b[p + 1] = (byte) flags;
        Bytes.put16(b, p + 2, length);
        return p + HEADER_SIZE;
    }

    /** Writes a 4-byte chunk with no value (COOKIE ACK, SHUTDOWN ACK, SHUTDOWN COMPLETE). */
    static int writeEmpty(byte[] b, int p, int type, int flags) {
        writeHeader(b, p, type, flags, HEADER_SIZE);
        return p + HEADER_SIZE;
    }

    /** SHUTDOWN (RFC 9260 §3.3.8): the cumulative TSN ack. */
    static int writeShutdown(byte[] b, int p, int cumTsnAck) {
        writeHeader(b, p, SHUTDOWN, 0, 8);
        Bytes.put32(b, p + 4, cumTsnAck);
        return p + 8;
    }

    /** A chunk whose value is an opaque byte run (COOKIE ECHO, HEARTBEAT(-ACK), ABORT, ERROR). */
    static int writeOpaque(byte[] b, int p, int type, int flags, byte[] v, int vOff, int vLen) {
        writeHeader(b, p, type, flags, HEADER_SIZE + vLen);
        System.arraycopy(v, vOff, b, p + HEADER_SIZE, vLen);
        return Bytes.zeroPad(b, p, p + HEADER_SIZE + vLen);
    }
}
