package org.ferryrtc.peer.media;

/**
 * FIFO of outgoing packets (RTP or RTCP), each in its own preallocated slot of
 * {@link RtpSession#MAX_PACKET} + {@link RtpSession#TAIL_ROOM} bytes. Slots are allocated on first
 * use and then reused, so the steady state allocates nothing. When full, new packets are
 * dropped and counted (the caller is not draining {@link RtpSession#pollTransmit}).
 */
final class TransmitQueue {
    private final byte[][] slots;
    private final int[] lengths;
    private final boolean[] rtcp;
    private final int mask;
    private int head;
    private int count;
    private long dropped;
    private boolean lastRtcp;
    private byte[] lastBuffer;

    TransmitQueue(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        slots = new byte[capacityPowerOfTwo][];
        lengths = new int[capacityPowerOfTwo];
        rtcp = new boolean[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    /** The buffer to write the next packet into (at offset 0), or null (counted) if the queue is full. */
    byte[] claim() {
        if (count == slots.length) {
            dropped++;
            return null;
        }
        int i = (head + count) & mask;
        byte[] b = slots[i];
        if (b == null) {
            b = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
            slots[i] = b;
        }
        return b;
    }

    /** Queues the packet written into the buffer last returned by {@link #claim()}. */
    void commit(int length, boolean isRtcp) {
        int i = (head + count) & mask;
        lengths[i] = length;
        rtcp[i] = isRtcp;
        count++;
    }

    /** Copies the oldest packet to {@code out} and removes it; -1 if empty. */
    int poll(byte[] out, int off) {
        if (count == 0) {
            return -1;
        }
        int len = lengths[head];
        if (out == null || off < 0 || off > out.length - len) {
            throw new IllegalArgumentException("output buffer too small for a " + len + "-byte packet");
        }
        System.arraycopy(slots[head], 0, out, off, len);
        lastRtcp = rtcp[head];
        advance();
        return len;
    }

    /**
     * Removes the oldest packet without copying it: its bytes stay in {@link #lastBuffer()} at
     * offset 0 (with {@link RtpSession#TAIL_ROOM} spare bytes after them) until the next
     * {@link #claim()}, which may reuse that slot; -1 if empty.
     */
    int pollInPlace() {
        if (count == 0) {
            return -1;
        }
        int len = lengths[head];
        lastBuffer = slots[head];
        lastRtcp = rtcp[head];
        advance();
        return len;
    }

    /**
     * Drops the head. An empty queue starts again at slot 0: in the usual one-in-one-out
     * forwarding the same slot is reused (hot in cache) instead of walking the whole ring.
     */
    private void advance() {
        count--;
        head = count == 0 ? 0 : (head + 1) & mask;
    }

    /** The slot of the packet last returned by {@link #pollInPlace()}. */
    byte[] lastBuffer() {
        return lastBuffer;
    }

    boolean lastWasRtcp() {
        return lastRtcp;
    }

    int size() {
        return count;
    }

    long droppedCount() {
        return dropped;
    }
}
