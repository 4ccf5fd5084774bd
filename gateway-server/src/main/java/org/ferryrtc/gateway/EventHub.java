package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events of one peer or connection: a bounded queue read by long polls (each event goes to
 * exactly one poll) plus live listeners ({@code /events/ws}) that see every event.
 */
final class EventHub {
    static final int CAPACITY = 256;

    private final ArrayDeque<ObjectNode> queue = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<ObjectNode>> waiters = new ArrayDeque<>();
    private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();
    private long dropped;
    private ObjectNode terminal;

    /** Queues {@code event} for the long polls (listeners are told separately, by {@link #broadcast}). */
    void publish(ObjectNode event) {
        while (true) {
            CompletableFuture<ObjectNode> w;
            synchronized (this) {
                w = waiters.poll();
                if (w == null) {
                    if (queue.size() == CAPACITY) {
                        queue.poll();
                        dropped++;
                    }
                    queue.add(event);
                    return;
                }
            }
            if (w.complete(event)) return; // else that poll already timed out: next waiter
        }
    }

    /** The next event: completed at once if one is queued, else when one arrives (or by the caller's timeout). */
    CompletableFuture<ObjectNode> poll() {
        synchronized (this) {
            ObjectNode e = queue.poll();
            if (e == null) e = terminal;
            if (e != null) return CompletableFuture.completedFuture(e);
            CompletableFuture<ObjectNode> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }
    }

    synchronized void forget(CompletableFuture<ObjectNode> waiter) {
        waiters.remove(waiter);
    }

    /**
     * Completes every pending poll with {@code last} (used when the owner closes), answers every
     * later poll with it once the queue is drained, and drops listeners.
     */
    void closeWith(ObjectNode last) {
        List<CompletableFuture<ObjectNode>> pending;
        synchronized (this) {
            terminal = last;
            pending = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (CompletableFuture<ObjectNode> w : pending) w.complete(last);
        listeners.clear();
    }

    /** Shows {@code event} to the live listeners only (not queued for long polls). */
    void broadcast(ObjectNode event) {
        for (Consumer<ObjectNode> l : listeners) l.accept(event);
    }

    void listen(Consumer<ObjectNode> l) {
        listeners.add(l);
    }

    void unlisten(Consumer<ObjectNode> l) {
        listeners.remove(l);
    }

    /** Long polls parked waiting for an event. */
    synchronized int waiting() {
        return waiters.size();
    }

    synchronized int queued() {
        return queue.size();
    }

    synchronized long dropped() {
        return dropped;
    }
}
