package org.ferryrtc.peer;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The one thread that owns a {@link PeerConnection} (DESIGN §4): other threads (ice4j's
 * receive and event threads, the DTLS handshake pool, the application) only enqueue tasks.
 * Between tasks the loop runs the connection's timer when its deadline (nanoTime) is due.
 */
final class OwnerLoop {
    private static final long MAX_WAIT_NANOS = 200_000_000L;

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final LongSupplier deadline;
    private final Runnable onTimer;
    private volatile boolean stopped;
    long taskErrors;
    volatile RuntimeException lastError;

    OwnerLoop(String name, LongSupplier deadline, Runnable onTimer) {
        this.deadline = deadline;
        this.onTimer = onTimer;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Enqueues {@code r}; dropped once the loop stopped. */
    void execute(Runnable r) {
        if (!stopped) {
            tasks.add(r);
        }
    }

    /** Runs {@code c} on the loop and waits for its result (directly when already on the loop). */
    <T> T call(Callable<T> c) throws Exception {
        if (inLoop()) {
            return c.call();
        }
        if (stopped) {
            throw new IllegalStateException("the PeerConnection is closed");
        }
        FutureTask<T> f = new FutureTask<>(c);
        tasks.add(f);
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the owner thread did not answer in 30 s", e);
        }
    }

    /** {@link #call} with checked exceptions wrapped in an IllegalStateException. */
    <T> T callUnchecked(Callable<T> c) {
        try {
            return call(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #call} for the signaling methods: failures become a {@link PeerException} with the reason. */
    <T> T callChecked(Callable<T> c) throws PeerException {
        try {
            return call(c);
        } catch (PeerException e) {
            throw e;
        } catch (org.ferryrtc.sdp.SdpNegotiationException e) {
            throw new PeerException("negotiation failed: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new PeerException("ICE set-up failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new PeerException(e.toString(), e);
        }
    }

    /** Stops after the current task; pending tasks are dropped. */
    void stop() {
        stopped = true;
        tasks.add(() -> { });
    }

    private void run() {
        while (!stopped) {
            try {
                long d = deadline.getAsLong(); // Long.MAX_VALUE: nothing scheduled (no overflow with a negative nanoTime)
                long wait = d == Long.MAX_VALUE ? MAX_WAIT_NANOS : d - System.nanoTime();
                if (wait <= 0) {
                    onTimer.run();
                    wait = 0;
                }
                Runnable r = wait == 0 ? tasks.poll() : tasks.poll(Math.min(wait, MAX_WAIT_NANOS), TimeUnit.NANOSECONDS);
                while (r != null && !stopped) {
                    r.run();
                    r = tasks.poll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                taskErrors++; // a bug in one task must not kill the connection's thread
                lastError = e;
            }
        }
    }
}
