package org.ferryrtc.sctp;

/**
 * Receive-side TSN bookkeeping (RFC 9260 §6.2): the cumulative TSN, which TSNs above it were
 * received (a fixed 64 Ki-bit window, so a hostile peer cannot make it grow), and the duplicates
 * to report in the next SACK. TSNs are unwrapped to longs whose low 32 bits are the wire value.
 */
final class TsnTracker {
    static final int WINDOW = 1 << 16;
    static final int MAX_DUPS = 16;
    static final int NEW = 0;
    static final int DUPLICATE = 1;
    static final int OUT_OF_WINDOW = 2;

    private final long[] bits = new long[WINDOW / 64];
    private long cum;
    private long highest;
    private final int[] dups = new int[MAX_DUPS];
    private int dupCount;

    void init(int peerInitialTsn) {
        cum = (1L << 32) + ((peerInitialTsn - 1) & 0xFFFFFFFFL);
        highest = cum;
        java.util.Arrays.fill(bits, 0);
        dupCount = 0;
    }

    long unwrap(int tsn) {
        return cum + (tsn - (int) cum); // int difference: serial arithmetic (RFC 9260 §1.6)
    }

    long cumulative() {
        return cum;
    }

    int cumulativeWire() {
        return (int) cum;
    }

    long highest() {
        return highest;
    }

    boolean hasGaps() {
        return highest > cum;
    }

    private boolean isSet(long t) {
        int i = (int) (t & (WINDOW - 1));
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void set(long t) {
        int i = (int) (t & (WINDOW - 1));
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long t) {
        int i = (int) (t & (WINDOW - 1));
        bits[i >>> 6] &= ~(1L << (i & 63));
    }

    /** Classifies a TSN without recording it. */
    int classify(long t) {
        if (t <= cum || (t - cum < WINDOW && isSet(t))) {
            return DUPLICATE;
        }
        return t - cum >= WINDOW ? OUT_OF_WINDOW : NEW;
    }

    void recordDuplicate(int wireTsn) {
        if (dupCount < MAX_DUPS) {
            dups[dupCount++] = wireTsn;
        }
    }

    /** Records a NEW tsn (see {@link #classify}) and advances the cumulative point. */
    void record(long t) {
        set(t);
        if (t > highest) {
            highest = t;
        }
        while (isSet(cum + 1)) {
            clear(cum + 1);
            cum++;
        }
    }

    /** Moves the cumulative point forward (FORWARD TSN, RFC 3758 §3.6). */
    void forwardTo(long newCum) {
        if (newCum <= cum) {
            return;
        }
        if (newCum - cum >= WINDOW) {
            java.util.Arrays.fill(bits, 0);
        } else {
            for (long t = cum + 1; t <= newCum; t++) {
                clear(t);
            }
        }
        cum = newCum;
        if (highest < cum) {
            highest = cum;
        }
        while (isSet(cum + 1)) {
            clear(cum + 1);
            cum++;
        }
    }

    /**
     * Writes a SACK chunk with as many gap blocks and duplicates as fit in {@code room} bytes;
     * clears the duplicate list. Returns the end offset.
     */
    int writeSack(byte[] b, int p, int room, long aRwnd) {
        int nDups = Math.max(0, Math.min(dupCount, (room - SackChunk.FIXED) / 4));
        int maxGaps = Math.max(0, (room - SackChunk.FIXED - 4 * nDups) / 4);
        int q = p + SackChunk.FIXED;
        int nGaps = 0;
        long t = cum + 1;
        while (t <= highest && nGaps < maxGaps) {
            while (t <= highest && !isSet(t)) {
                t++;
            }
            if (t > highest) {
                break;
            }
            long start = t;
            while (t <= highest && isSet(t)) {
                t++;
            }
            Bytes.put16(b, q, (int) (start - cum));
            Bytes.put16(b, q + 2, (int) (t - 1 - cum));
            q += 4;
            nGaps++;
        }
        for (int i = 0; i < nDups; i++) {
            Bytes.put32(b, q, dups[i]);
            q += 4;
        }
        dupCount = 0;
        SackChunk.writeFixed(b, p, (int) cum, aRwnd, nGaps, nDups);
        return q;
    }
}
