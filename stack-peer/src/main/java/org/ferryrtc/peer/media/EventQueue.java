package org.ferryrtc.peer.media;

import java.util.ArrayDeque;

/**
 * Pending {@link MediaEvent}s. {@link MediaEvent.Frame} and {@link MediaEvent.Packet} objects
 * come from pools: the one handed out by {@link #poll()} returns to its pool at the next poll,
 * so after warm-up frames and packets are delivered without allocating. Bounded: beyond
 * {@code max} pending events new ones are dropped and counted.
 */
final class EventQueue {
    private final ArrayDeque<MediaEvent> queue = new ArrayDeque<>();
    private final ArrayDeque<MediaEvent.Frame> frames = new ArrayDeque<>();
    private final ArrayDeque<MediaEvent.Packet> packets = new ArrayDeque<>();
    private final int max;
    private MediaEvent handedOut;
    private long dropped;

    EventQueue(int max) {
        this.max = max;
    }

    boolean full() {
        if (queue.size() >= max) {
            dropped++;
            return true;
        }
        return false;
    }

    void add(MediaEvent e) {
        if (!full()) {
            queue.add(e);
        }
    }

    /** A pooled frame to fill and {@link #add}; null (counted) if the queue is full. */
    MediaEvent.Frame frame() {
        if (full()) {
            return null;
        }
        MediaEvent.Frame f = frames.poll();
        return f != null ? f : new MediaEvent.Frame();
    }

    /** A pooled packet to fill and {@link #add}; null (counted) if the queue is full. */
    MediaEvent.Packet packet() {
        if (full()) {
            return null;
        }
        MediaEvent.Packet p = packets.poll();
        return p != null ? p : new MediaEvent.Packet();
    }

    MediaEvent poll() {
        recycle();
        handedOut = queue.poll();
        return handedOut;
    }

    private void recycle() {
        MediaEvent h = handedOut;
        handedOut = null;
        if (h instanceof MediaEvent.Frame f) {
            frames.add(f);
        } else if (h instanceof MediaEvent.Packet p) {
            packets.add(p);
        }
    }

    int size() {
        return queue.size();
    }

    long droppedCount() {
        return dropped;
    }
}
