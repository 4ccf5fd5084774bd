package org.ferryrtc.sctp;

/**
 * Chunks that were sent and are not yet covered by the peer's cumulative TSN ack, kept in a ring
 * indexed by TSN so SACK processing finds a TSN in O(1).
 */
final class Outstanding {
    static final byte IN_FLIGHT = 0;
    static final byte ACKED = 1;
    static final byte RETRANSMIT = 2;
    static final byte ABANDONED = 3;

    static final class OutChunk {
        long tsn;
        SendQueue.OutMessage msg;
        int off;
        int len;
        int flags;
        int fsn;
        int txCount;
        long sentAt;
        int misses;
        byte state;
        boolean fastRetransmitted;
    }

    private OutChunk[] ring = new OutChunk[256];
    private int head;
    private int size;
    private long headTsn;

    void init(long firstTsn) {
        head = 0;
        size = 0;
        headTsn = firstTsn;
    }

    int size() {
        return size;
    }

    long headTsn() {
        return headTsn;
    }

    /** One past the last TSN held. */
    long endTsn() {
        return headTsn + size;
    }

    OutChunk get(long tsn) {
        long i = tsn - headTsn;
        if (i < 0 || i >= size) {
            return null;
        }
        return ring[(int) ((head + i) & (ring.length - 1))];
    }

    /** Appends the chunk with the next TSN ({@link #endTsn()}). */
    void add(OutChunk c) {
        if (size == ring.length) {
            OutChunk[] n = new OutChunk[ring.length * 2];
            for (int i = 0; i < size; i++) {
                n[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = n;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = c;
        size++;
    }

    OutChunk peekHead() {
        return size == 0 ? null : ring[head];
    }

    OutChunk removeHead() {
        OutChunk c = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        headTsn++;
        return c;
    }
}
