package org.ferryrtc.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One event-loop thread of a {@link PeerLoops} (DESIGN §4): it runs the connections pinned to it,
 * one connection at a time.
 *
 * <ul>
 * <li>{@code ready}: the connections ({@link OwnerLoop}s) with queued tasks, each at most once;
 *     a connection runs up to {@link OwnerLoop#BATCH} of its tasks per turn, then goes to the back
 *     if it has more (one busy connection cannot starve the others);
 * <li>the timer heap: a binary min-heap of the connections that have a deadline
 *     ({@code System.nanoTime}), keyed by that deadline, each connection in it at most once
 *     ({@link OwnerLoop#heapIndex}). A connection's key is re-read from its deadline after each of
 *     its turns and each timer run, so a deadline that moved earlier or later is re-keyed in place
 *     (no stale entries pile up); a timer that finds its connection's deadline not yet due is a
 *     no-op. Only this thread touches the heap.
 * </ul>
 * The thread blocks on {@code ready} until the earliest deadline: no tick, no busy polling.
 */
final class LoopThread extends Thread {
    /** Wakes the thread (after {@link #shutdown()}); never run. */
    private static final OwnerLoop WAKE = new OwnerLoop(null, () -> Long.MAX_VALUE, () -> { });

    final LinkedBlockingQueue<OwnerLoop> ready = new LinkedBlockingQueue<>();
    /** Live connections pinned here (least-loaded pinning). */
    final AtomicInteger pinned = new AtomicInteger();
    /** Tasks, timers or deadline reads that threw, over all connections of this loop. */
    final AtomicLong taskErrors = new AtomicLong();
    /** The connection whose task or timer is running now (this thread only). */
    OwnerLoop current;
    private OwnerLoop[] heap = new OwnerLoop[16];
    private int heapSize;
    private volatile boolean closed;

    LoopThread(String name) {
        super(name);
        setDaemon(true);
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops after the current turn; queued tasks are dropped (pending calls fail). */
    void shutdown() {
        closed = true;
        ready.add(WAKE);
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                try {
                    runDueTimers();
                    OwnerLoop next;
                    if (heapSize == 0) {
                        next = ready.take();
                    } else {
                        long wait = heap[0].timerAt - System.nanoTime();
                        next = wait <= 0 ? ready.poll() : ready.poll(wait, TimeUnit.NANOSECONDS);
                    }
                    if (next != null && next != WAKE && !closed) {
                        next.runTurn();
                    }
                } catch (InterruptedException e) {
                    return; // closing (through finally)
                } catch (Throwable t) {
                    taskErrors.incrementAndGet(); // turns catch their own failures: a bug here, the loop goes on
                }
            }
        } finally {
            closed = true;
            List<OwnerLoop> left = new ArrayList<>();
            ready.drainTo(left);
            for (OwnerLoop o : left) {
                o.dropPending();
            }
            for (int i = 0; i < heapSize; i++) {
                heap[i].heapIndex = -1;
                heap[i] = null;
            }
            heapSize = 0;
        }
    }

    /** Runs each timer due now once (one that is due again right away waits for the next round). */
    private void runDueTimers() {
        long now = System.nanoTime();
        for (int n = heapSize; n > 0 && heapSize > 0 && heap[0].timerAt - now <= 0; n--) {
            OwnerLoop o = heap[0];
            removeAt(0);
            o.fireTimer();
        }
    }

    /** Re-reads {@code o}'s deadline and (re)places, re-keys or removes its timer; this thread only. */
    void updateTimer(OwnerLoop o) {
        long d = o.nextDeadline();
        if (d == Long.MAX_VALUE) {
            if (o.heapIndex >= 0) {
                removeAt(o.heapIndex);
            }
            return;
        }
        if (o.heapIndex < 0) {
            if (heapSize == heap.length) {
                heap = java.util.Arrays.copyOf(heap, heapSize * 2);
            }
            o.timerAt = d;
            o.heapIndex = heapSize;
            heap[heapSize++] = o;
            siftUp(o.heapIndex);
        } else if (o.timerAt != d) {
            boolean earlier = d - o.timerAt < 0;
            o.timerAt = d;
            if (earlier) {
                siftUp(o.heapIndex);
            } else {
                siftDown(o.heapIndex);
            }
        }
    }

    /** Tests: how many connections have a timer armed. */
    int timersArmed() {
        return heapSize;
    }

    private void removeAt(int i) {
        OwnerLoop gone = heap[i];
        gone.heapIndex = -1;
        int last = --heapSize;
        if (i != last) {
            OwnerLoop moved = heap[last];
            heap[i] = moved;
            moved.heapIndex = i;
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
    }

    private void siftUp(int i) {
        OwnerLoop o = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            OwnerLoop p = heap[parent];
            if (o.timerAt - p.timerAt >= 0) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = o;
        o.heapIndex = i;
    }

    private void siftDown(int i) {
        OwnerLoop o = heap[i];
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < heapSize && heap[right].timerAt - heap[child].timerAt < 0) {
                child = right;
            }
            OwnerLoop c = heap[child];
            if (o.timerAt - c.timerAt <= 0) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = o;
        o.heapIndex = i;
    }
}
