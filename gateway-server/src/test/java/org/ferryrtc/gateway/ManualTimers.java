package org.ferryrtc.gateway;

import java.util.ArrayList;
import java.util.List;

/** Virtual time for {@link Timers}: nothing runs until {@link #advance}; tasks then run in due order on the caller's thread. */
final class ManualTimers implements Timers {
    private final class Task implements Scheduled {
        final long due;
        final long seq;
        final Runnable run;

        Task(long due, long seq, Runnable run) {
            this.due = due;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public void cancel() {
            synchronized (ManualTimers.this) {
                tasks.remove(this);
            }
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long seq;
    final List<Long> delays = new ArrayList<>(); // every delay asked for, in order

    @Override
    public synchronized Scheduled schedule(long delayMs, Runnable task) {
        if (delayMs < 0) throw new IllegalArgumentException("negative delay " + delayMs);
        Task t = new Task(now + delayMs, seq++, task);
        tasks.add(t);
        delays.add(delayMs);
        return t;
    }

    /** Moves virtual time forward by {@code ms}, running every task that falls due (earliest first). */
    void advance(long ms) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Task next = null;
            synchronized (this) {
                for (Task t : tasks) {
                    if (t.due <= target && (next == null || t.due < next.due || (t.due == next.due && t.seq < next.seq))) next = t;
                }
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = next.due;
            }
            next.run.run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }

    @Override
    public synchronized void close() {
        tasks.clear();
    }
}
