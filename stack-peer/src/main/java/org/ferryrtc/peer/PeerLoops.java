package org.ferryrtc.peer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A small pool of event-loop threads shared by {@link PeerConnection}s (DESIGN §4, Netty
 * EventLoopGroup style). Each thread (a daemon named {@code ferry-loop-N}) runs the tasks and
 * timers of the connections pinned to it; a connection is pinned to the least-loaded thread
 * (fewest live connections, ties round-robin) when it is created and stays there for its whole
 * life, so its state is still touched by one thread at a time, its tasks run in the order they were
 * enqueued, and its timers run at their deadlines (never earlier), between tasks. A busy connection
 * runs a bounded batch of tasks per turn, so it cannot starve the others on its thread.
 *
 * <p>A task (or timer) that throws is counted (the connection's {@code ownerTaskErrors} stat and
 * {@link #taskErrors()}) and the thread goes on with the next one. Closing a connection only
 * unpins it; {@link #close()} stops the threads.
 *
 * <p>What may run on a loop thread: everything on a connection's loop thread must not block,
 * because other connections wait behind it. This includes {@link PeerEvent} listeners and track
 * callbacks. From a listener, calls on <em>its own</em> connection run inline; on another
 * connection, the asynchronous methods ({@code send}, {@code sendRtp}, {@code sendFrame},
 * {@code requestKeyframe}, DataChannel close) are queued to that connection, {@link
 * PeerConnection#close()} closes it asynchronously, and every synchronous method (signaling,
 * {@code stats()}, {@code addTrack}, {@code createDataChannel}, {@code bufferedAmount}) throws an
 * {@link IllegalStateException} at once rather than risk a deadlock: hand such work to an
 * application thread.
 *
 * <p>{@link PeerConfig#loops()} picks the pool; without one, connections share a process-wide
 * default with one thread per available processor, created on first use and never closed.
 */
public final class PeerLoops implements AutoCloseable {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    /** The process-wide default, created on first use (holder idiom). */
    private static final class Shared {
        static final PeerLoops INSTANCE = new PeerLoops();
    }

    private final LoopThread[] loops;
    private final AtomicInteger nextPin = new AtomicInteger();
    private volatile boolean closed;

    /** One thread per available processor (at least one). */
    public PeerLoops() {
        this(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** {@code threads} event-loop threads (at least 1), started now. */
    public PeerLoops(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        loops = new LoopThread[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new LoopThread("ferry-loop-" + THREAD_IDS.incrementAndGet());
        }
        for (LoopThread t : loops) {
            t.start();
        }
    }

    /** The process-wide default that connections without {@link PeerConfig#loops()} use. */
    static PeerLoops shared() {
        return Shared.INSTANCE;
    }

    /** The number of threads. */
    public int threads() {
        return loops.length;
    }

    /** Connections pinned now (created and not yet closed), over all threads. */
    public int connections() {
        int n = 0;
        for (LoopThread t : loops) {
            n += t.pinned.get();
        }
        return n;
    }

    /** Tasks and timers that threw, over all connections ever pinned here. */
    public long taskErrors() {
        long n = 0;
        for (LoopThread t : loops) {
            n += t.taskErrors.get();
        }
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops the threads after their current task and waits (up to 5 s, not when called on one of
     * them) for them to end. Tasks still queued are dropped; connections still pinned stop working
     * (their synchronous calls fail), so close them first. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (LoopThread t : loops) {
            t.shutdown();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (LoopThread t : loops) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Pins a new connection to the least-loaded thread; its timer is {@code onTimer} at {@code deadline}. */
    OwnerLoop newOwner(LongSupplier deadline, Runnable onTimer) {
        if (closed) {
            throw new IllegalStateException("these PeerLoops are closed");
        }
        int n = loops.length;
        int start = Math.floorMod(nextPin.getAndIncrement(), n);
        LoopThread best = loops[start];
        for (int i = 1; i < n; i++) {
            LoopThread t = loops[(start + i) % n];
            if (t.pinned.get() < best.pinned.get()) {
                best = t;
            }
        }
        best.pinned.incrementAndGet();
        return new OwnerLoop(best, deadline, onTimer);
    }
}
