package org.ferryrtc.sctp;

/**
 * FORWARD TSN (RFC 3758 §3.2) and I-FORWARD-TSN (RFC 8260 §2.3) view.
 *
 * <pre>
 * FORWARD TSN:                          I-FORWARD-TSN:
 * | Type = 192 | Flags |  Length   |    | Type = 194 | Flags |  Length    |
 * |      New Cumulative TSN        |    |       New Cumulative TSN       |
 * |  Stream-1   |  Stream Seq-1    |    |  Stream-1  |  Reserved     |U|
 * /            ...                 /    |     Message Identifier-1       |
 *                                       /             ...                /
 * </pre>
 */
final class ForwardTsnChunk {
    private byte[] buf;
    private int off;
    private int count;
    private boolean iforward;

    boolean wrap(Chunk c) {
        boolean i = c.type() == Chunk.I_FORWARD_TSN;
        if ((!i && c.type() != Chunk.FORWARD_TSN) || c.length() < 8) {
            return false;
        }
        int entry = i ? 8 : 4;
        if ((c.length() - 8) % entry != 0) {
            return false;
        }
        this.buf = c.buffer();
        this.off = c.offset();
        this.count = (c.length() - 8) / entry;
        this.iforward = i;
        return true;
    }

    boolean isIForward() {
        return iforward;
    }

    int newCumulativeTsn() {
        return Bytes.i32(buf, off + 4);
    }

    int count() {
        return count;
    }

    int stream(int i) {
        return Bytes.u16(buf, off + 8 + (iforward ? 8 : 4) * i);
    }

    int ssn(int i) {
        return iforward ? 0 : Bytes.u16(buf, off + 10 + 4 * i);
    }

    boolean unordered(int i) {
        return iforward && (Bytes.u16(buf, off + 10 + 8 * i) & 1) != 0;
    }

    int mid(int i) {
        return iforward ? Bytes.i32(buf, off + 12 + 8 * i) : 0;
    }

    /** Writes FORWARD TSN with {@code n} (stream, ssn) pairs. */
    static int write(byte[] b, int p, int newCum, int[] streams, int[] ssns, int n) {
        Chunk.writeHeader(b, p, Chunk.FORWARD_TSN, 0, 8 + 4 * n);
        Bytes.put32(b, p + 4, newCum);
        for (int i = 0; i < n; i++) {
            Bytes.put16(b, p + 8 + 4 * i, streams[i]);
            Bytes.put16(b, p + 10 + 4 * i, ssns[i]);
        }
        return p + 8 + 4 * n;
    }

    /** Writes I-FORWARD-TSN with {@code n} (stream, unordered, mid) entries. */
    static int writeI(byte[] b, int p, int newCum, int[] streams, boolean[] unordered, int[] mids, int n) {
        Chunk.writeHeader(b, p, Chunk.I_FORWARD_TSN, 0, 8 + 8 * n);
        Bytes.put32(b, p + 4, newCum);
        for (int i = 0; i < n; i++) {
            Bytes.put16(b, p + 8 + 8 * i, streams[i]);
            Bytes.put16(b, p + 10 + 8 * i, unordered[i] ? 1 : 0);
            Bytes.put32(b, p + 12 + 8 * i, mids[i]);
        }
        return p + 8 + 8 * n;
    }
}
