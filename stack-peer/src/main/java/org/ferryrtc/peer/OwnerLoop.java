package org.ferryrtc.peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The owner of one {@link PeerConnection} (DESIGN §4): a facade over the {@link LoopThread} of a
 * {@link PeerLoops} the connection is pinned to for its whole life. Other threads (ice4j's receive
 * and event threads, the DTLS handshake pool, the application) only enqueue tasks; the loop runs
 * this connection's tasks in order, never two at a time, and its timer when the deadline
 * ({@code System.nanoTime}) given by {@code deadline} is due. The deadline is re-read after every
 * turn (a batch of tasks) and every timer run, so it may change only on the loop.
 *
 * <p>Synchronous {@link #call}s: from this connection's own task they run inline; from a thread
 * that is no loop thread they wait (at most 30 s); from a loop thread running another connection
 * they fail fast with an {@link IllegalStateException} (two connections on two loops calling each
 * other would deadlock; on one loop the call could never run). {@link #execute} works from anywhere.
 */
final class OwnerLoop {
    /** Tasks one connection runs per turn before the loop moves on to the next ready connection. */
    static final int BATCH = 64;
    private static final VarHandle SCHEDULED;
    private static final VarHandle STOPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCHEDULED = l.findVarHandle(OwnerLoop.class, "scheduled", boolean.class);
            STOPPED = l.findVarHandle(OwnerLoop.class, "stopped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LoopThread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LongSupplier deadline;
    private final Runnable onTimer;
    /** True while this connection is in the loop's ready queue or running a turn. */
    @SuppressWarnings("unused") // through SCHEDULED
    private volatile boolean scheduled;
    private volatile boolean stopped;
    /** Position in the loop's timer heap, -1 when no timer is armed (loop thread only). */
    int heapIndex = -1;
    /** The armed timer's deadline, nanoTime (loop thread only). */
    long timerAt;
    /** Tasks, timer runs and deadline reads that threw (written on the loop thread). */
    long taskErrors;
    volatile Throwable lastError;

    OwnerLoop(LoopThread loop, LongSupplier deadline, Runnable onTimer) {
        this.loop = loop;
        this.deadline = deadline;
        this.onTimer = onTimer;
    }

    /** True on the loop thread while it runs this connection (a task or the timer). */
    boolean inLoop() {
        return Thread.currentThread() == loop && loop.current == this;
    }

    /** True on a loop thread (of any {@link PeerLoops}) that is not running this connection. */
    boolean onOtherLoop() {
        return Thread.currentThread() instanceof LoopThread && !inLoop();
    }

    /** Enqueues {@code r}; dropped once stopped (or the loops closed). */
    void execute(Runnable r) {
        if (!stopped && !loop.isClosed()) {
            tasks.add(r);
            schedule();
        }
    }

    /** Runs {@code r} now when already running this connection, else enqueues it. */
    void runOrExecute(Runnable r) {
        if (inLoop()) {
            r.run();
        } else {
            execute(r);
        }
    }

    /**
     * Runs {@code c} on the loop and waits for its result (directly when already running this
     * connection). From a loop thread running another connection: an IllegalStateException at once.
     */
    <T> T call(Callable<T> c) throws Exception {
        if (inLoop()) {
            return c.call();
        }
        if (stopped || loop.isClosed()) {
            throw new IllegalStateException("the PeerConnection is closed");
        }
        if (Thread.currentThread() instanceof LoopThread) {
            throw new IllegalStateException("a synchronous PeerConnection call from another connection's loop thread"
                    + " (e.g. its event listener) could deadlock; make it from an application thread");
        }
        FutureTask<T> f = new FutureTask<>(c);
        tasks.add(f);
        schedule();
        if (stopped || loop.isClosed()) {
            f.cancel(false); // raced with stop(): the task may never run
        }
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException e) {
            throw new IllegalStateException("the PeerConnection is closed");
        } catch (TimeoutException e) {
            throw new IllegalStateException("the owner loop did not answer in 30 s", e);
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

    /**
     * Stops after the current task: pending tasks are dropped (pending calls fail), the timer is
     * disarmed, the connection is unpinned. The loop thread goes on with other connections. Idempotent.
     */
    void stop() {
        if (STOPPED.compareAndSet(this, false, true)) {
            loop.pinned.decrementAndGet();
            schedule(); // one more turn: drops what is queued and disarms the timer
        }
    }

    /** The thread this connection is pinned to. */
    Thread loopThread() {
        return loop;
    }

    boolean isStopped() {
        return stopped;
    }

    private void schedule() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            loop.ready.add(this);
        }
    }

    /** One turn on the loop thread: up to {@link #BATCH} tasks, then the timer re-keyed. */
    void runTurn() {
        loop.current = this;
        try {
            for (int i = 0; i < BATCH && !stopped; i++) {
                Runnable r = tasks.poll();
                if (r == null) {
                    break;
                }
                try {
                    r.run();
                } catch (Throwable t) {
                    failed(t); // a bug in one task must not kill the loop or other connections
                }
            }
        } finally {
            loop.current = null;
        }
        if (stopped) {
            dropPending();
        }
        loop.updateTimer(this);
        if (!tasks.isEmpty()) {
            loop.ready.add(this); // more to do: to the back of the line, still scheduled
            return;
        }
        scheduled = false;
        if (!tasks.isEmpty()) {
            schedule(); // a task arrived between the check and the reset
        }
    }

    /** The timer, on the loop thread (taken off the heap): runs it if the deadline is due, re-arms. */
    void fireTimer() {
        if (stopped) {
            return;
        }
        loop.current = this;
        try {
            long d = deadline.getAsLong();
            if (d != Long.MAX_VALUE && d - System.nanoTime() <= 0) {
                onTimer.run();
            } // else stale (the deadline moved): nothing to do but re-arm
        } catch (Throwable t) {
            failed(t);
        } finally {
            loop.current = null;
        }
        loop.updateTimer(this);
    }

    /** The deadline to arm (loop thread): Long.MAX_VALUE when stopped, none, or it threw. */
    long nextDeadline() {
        if (stopped) {
            return Long.MAX_VALUE;
        }
        try {
            return deadline.getAsLong();
        } catch (Throwable t) {
            failed(t);
            return Long.MAX_VALUE;
        }
    }

    /** Drops every queued task; a pending {@link #call} fails with "closed" instead of waiting 30 s. */
    void dropPending() {
        for (Runnable r; (r = tasks.poll()) != null; ) {
            if (r instanceof Future<?> f) {
                f.cancel(false);
            }
        }
    }

    private void failed(Throwable t) {
        taskErrors++;
        lastError = t;
        loop.taskErrors.incrementAndGet();
    }
}
