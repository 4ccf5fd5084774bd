package org.ferryrtc.peer;

import java.util.function.Consumer;

/**
 * Hands packets from any thread to a connection's owner thread without allocating per packet
 * (DESIGN §3, §4): the producer copies into a pre-allocated slot; the owner drains the filled
 * slots in order with one pre-allocated task per batch (scheduled only when the ring goes from
 * idle to busy). Slots are allocated on first use, so a ring only holds as much memory as the
 * deepest queue it has seen. A full ring or an oversized packet is refused, and counted; the
 * caller decides what refusal means.
 */
final class HandoffRing {
    /** Receives one packet on the owner thread; the bytes are valid only during the call. */
    interface Sink {
        void accept(byte[] buf, int len);
    }

    private final byte[][] slots;
    private final int[] lengths;
    private final int slotBytes;
    private final Consumer<Runnable> schedule;
    private final Sink sink;
    private final Runnable drain = this::drain;
    private int head; // next slot the owner takes (guarded by this)
    private int count; // filled slots (guarded by this)
    private boolean scheduled; // a drain task is queued or running (guarded by this)
    private long refused; // guarded by this

    /**
     * @param capacity most packets waiting at once
     * @param slotBytes largest packet taken
     * @param schedule hands the drain task to the owner thread
     * @param sink what the owner does with each packet
     */
    HandoffRing(int capacity, int slotBytes, Consumer<Runnable> schedule, Sink sink) {
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
        this.slotBytes = slotBytes;
        this.schedule = schedule;
        this.sink = sink;
    }

    /** Copies {@code len} bytes from {@code off}; false (counted) if the ring is full or the packet too long. */
    boolean offer(byte[] packet, int off, int len) {
        boolean wake;
        synchronized (this) {
            if (count == slots.length || len > slotBytes) {
                refused++;
                return false;
            }
            int i = (head + count) % slots.length;
            if (slots[i] == null) {
                slots[i] = new byte[slotBytes];
            }
            System.arraycopy(packet, off, slots[i], 0, len);
            lengths[i] = len;
            count++;
            wake = !scheduled;
            scheduled = true;
        }
        if (wake) {
            schedule.accept(drain);
        }
        return true;
    }

    /** Packets refused because the ring was full or the packet too long. */
    synchronized long refused() {
        return refused;
    }

    int capacity() {
        return slots.length;
    }

    /** Slots allocated so far (memory held: this times the slot size). */
    synchronized int allocatedSlots() {
        int n = 0;
        for (byte[] s : slots) {
            n += s == null ? 0 : 1;
        }
        return n;
    }

    /**
     * Owner thread: hands the filled slots to the sink in order; a slot is freed only after that.
     * If the sink throws (a bug in a stage), the exception goes on to the owner loop, which
     * counts it, and the rest of the batch is drained by a fresh task, so the ring never stalls.
     */
    private void drain() {
        boolean finished = false;
        try {
            while (true) {
                byte[] slot;
                int len;
                synchronized (this) {
                    if (count == 0) {
                        head = 0; // an empty ring restarts at slot 0: only as many slots as the deepest queue get allocated
                        scheduled = false;
                        finished = true;
                        return;
                    }
                    slot = slots[head];
                    len = lengths[head];
                }
                try {
                    sink.accept(slot, len);
                } finally {
                    synchronized (this) {
                        head = (head + 1) % slots.length;
                        count--;
                    }
                }
            }
        } finally {
            if (!finished) {
                schedule.accept(drain);
            }
        }
    }
}
