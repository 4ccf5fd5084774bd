package org.ferryrtc.sctp;

/**
 * SACK chunk view (RFC 9260 §3.3.4). Gap ack block boundaries are offsets from the cumulative
 * TSN ack.
 *
 * <pre>
 * |   Type = 3    |Chunk  Flags   |      Chunk Length             |
 * |                      Cumulative TSN Ack                       |
 * |          Advertised Receiver Window Credit (a_rwnd)           |
 * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
 * |  Gap Ack Block #1 Start       |   Gap Ack Block #1 End        |
 * /                              ...                              /
 * |                       Duplicate TSN 1..M                      |
 * </pre>
 */
final class SackChunk {
    static final int FIXED = 16;

    private byte[] buf;
    private int off;
    private int gaps;
    private int dups;

    /** False if the counts declare more blocks or TSNs than the chunk holds. */
    boolean wrap(Chunk c) {
        if (c.type() != Chunk.SACK || c.length() < FIXED) {
            return false;
        }
        byte[] b = c.buffer();
        int g = Bytes.u16(b, c.offset() + 12);
        int d = Bytes.u16(b, c.offset() + 14);
        if (FIXED + 4L * g + 4L * d > c.length()) {
            return false;
        }
        this.buf = b;
        this.off = c.offset();
        this.gaps = g;
        this.dups = d;
        return true;
    }

    int cumTsnAck() {
        return Bytes.i32(buf, off + 4);
    }

    long aRwnd() {
        return Bytes.u32(buf, off + 8);
    }

    int gapCount() {
        return gaps;
    }

    int dupCount() {
        return dups;
    }

    int gapStart(int i) {
        return Bytes.u16(buf, off + FIXED + 4 * i);
    }

    int gapEnd(int i) {
        return Bytes.u16(buf, off + FIXED + 4 * i + 2);
    }

    int dupTsn(int i) {
        return Bytes.i32(buf, off + FIXED + 4 * gaps + 4 * i);
    }

    /** Writes the fixed part; the caller appends {@code nGaps} blocks and {@code nDups} TSNs after it. */
    static void writeFixed(byte[] b, int p, int cum, long aRwnd, int nGaps, int nDups) {
        Chunk.writeHeader(b, p, Chunk.SACK, 0, FIXED + 4 * nGaps + 4 * nDups);
        Bytes.put32(b, p + 4, cum);
        Bytes.put32(b, p + 8, (int) aRwnd);
        Bytes.put16(b, p + 12, nGaps);
        Bytes.put16(b, p + 14, nDups);
    }
}
