package org.ferryrtc.srtp;

/**
 * A bounded SSRC -> {@link SrtpStream} map: open addressing with linear probing over
 * power-of-two arrays sized once for the maximum number of streams. Lookups allocate nothing.
 */
final class StreamTable {
    private final long[] keys;
    private final SrtpStream[] values;
    private final int mask;
    private final int max;
    private int size;

    StreamTable(int maxStreams) {
        int cap = Integer.highestOneBit(Math.max(4, maxStreams * 2 - 1)) << 1;
        keys = new long[cap];
        java.util.Arrays.fill(keys, -1L);
        values = new SrtpStream[cap];
        mask = cap - 1;
        max = maxStreams;
    }

    private static int hash(long ssrc) {
        int h = (int) ssrc * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    SrtpStream get(long ssrc) {
        for (int i = hash(ssrc) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == ssrc) {
                return values[i];
            }
            if (k == -1L) {
                return null;
            }
        }
    }

    /** Adds a new stream for {@code ssrc} (absent), or returns null if the table is full. */
    SrtpStream add(long ssrc) {
        if (size >= max) {
            return null;
        }
        int i = hash(ssrc) & mask;
        while (keys[i] != -1L) {
            i = (i + 1) & mask;
        }
        SrtpStream s = new SrtpStream(ssrc);
        keys[i] = ssrc;
        values[i] = s;
        size++;
        return s;
    }

    boolean remove(long ssrc) {
        int i = hash(ssrc) & mask;
        while (keys[i] != ssrc) {
            if (keys[i] == -1L) {
                return false;
            }
            i = (i + 1) & mask;
        }
        // backward-shift deletion keeps every probe chain intact without tombstones
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != -1L; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = -1L;
        values[hole] = null;
        size--;
        return true;
    }

    int size() {
        return size;
    }
}
