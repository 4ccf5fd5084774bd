package org.ferryrtc.sctp;

/**
 * DATA chunk (RFC 9260 §3.3.1) and I-DATA chunk (RFC 8260 §2.1) view.
 *
 * <pre>
 * DATA:                                   I-DATA:
 * | Type = 0  |  Res|I|U|B|E|  Length  |  | Type = 64 | Res|I|U|B|E| Length |
 * |                TSN                 |  |              TSN              |
 * | Stream Identifier | Stream Seq No. |  | Stream Identifier | Reserved  |
 * |   Payload Protocol Identifier      |  |     Message Identifier        |
 * \            User Data               \  |  PPID (B=1) / FSN (B=0)       |
 *                                         \          User Data            \
 * </pre>
 */
final class DataChunk {
    static final int FLAG_E = 1;
    static final int FLAG_B = 2;
    static final int FLAG_U = 4;
    static final int FLAG_I = 8;
    static final int HEADER = 16;
    static final int I_HEADER = 20;

    private byte[] buf;
    private int off;
    private int len;
    private boolean idata;

    /** Wraps a DATA or I-DATA chunk; false if it is shorter than its fixed header. */
    boolean wrap(Chunk c) {
        boolean i = c.type() == Chunk.I_DATA;
        if (!i && c.type() != Chunk.DATA) {
            return false;
        }
        if (c.length() < (i ? I_HEADER : HEADER)) {
            return false;
        }
        this.buf = c.buffer();
        this.off = c.offset();
        this.len = c.length();
        this.idata = i;
        return true;
    }

    boolean isIData() {
        return idata;
    }

    int flags() {
        return buf[off + 1] & 0xFF;
    }

    boolean beginning() {
        return (flags() & FLAG_B) != 0;
    }

    boolean ending() {
        return (flags() & FLAG_E) != 0;
    }

    boolean unordered() {
        return (flags() & FLAG_U) != 0;
    }

    int tsn() {
        return Bytes.i32(buf, off + 4);
    }

    int streamId() {
        return Bytes.u16(buf, off + 8);
    }

    /** Stream sequence number (DATA only). */
    int ssn() {
        return idata ? 0 : Bytes.u16(buf, off + 10);
    }

    /** Message identifier (I-DATA only). */
    int mid() {
        return idata ? Bytes.i32(buf, off + 12) : 0;
    }

    /** Payload protocol identifier; for I-DATA only present on the first fragment. */
    int ppid() {
        if (idata) {
            return beginning() ? Bytes.i32(buf, off + 16) : 0;
        }
        return Bytes.i32(buf, off + 12);
    }

    /** Fragment sequence number (I-DATA, B=0 only). */
    int fsn() {
        return idata && !beginning() ? Bytes.i32(buf, off + 16) : 0;
    }

    byte[] buffer() {
        return buf;
    }

    int payloadOffset() {
        return off + (idata ? I_HEADER : HEADER);
    }

    int payloadLength() {
        return len - (idata ? I_HEADER : HEADER);
    }

    /** Writes a DATA chunk; returns the padded end. */
    static int write(byte[] b, int p, int flags, int tsn, int stream, int ssn, int ppid,
                     byte[] data, int dOff, int dLen) {
        Chunk.writeHeader(b, p, Chunk.DATA, flags, HEADER + dLen);
        Bytes.put32(b, p + 4, tsn);
        Bytes.put16(b, p + 8, stream);
        Bytes.put16(b, p + 10, ssn);
        Bytes.put32(b, p + 12, ppid);
        System.arraycopy(data, dOff, b, p + HEADER, dLen);
        return Bytes.zeroPad(b, p, p + HEADER + dLen);
    }

    /** Writes an I-DATA chunk; {@code ppidOrFsn} is the PPID when B is set, else the FSN. */
    static int writeIData(byte[] b, int p, int flags, int tsn, int stream, int mid, int ppidOrFsn,
                          byte[] data, int dOff, int dLen) {
        Chunk.writeHeader(b, p, Chunk.I_DATA, flags, I_HEADER + dLen);
        Bytes.put32(b, p + 4, tsn);
        Bytes.put16(b, p + 8, stream);
        Bytes.put16(b, p + 10, 0);
        Bytes.put32(b, p + 12, mid);
        Bytes.put32(b, p + 16, ppidOrFsn);
        System.arraycopy(data, dOff, b, p + I_HEADER, dLen);
        return Bytes.zeroPad(b, p, p + I_HEADER + dLen);
    }
}
