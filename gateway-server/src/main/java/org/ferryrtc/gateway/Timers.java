package org.ferryrtc.gateway;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Delayed tasks of the gateway (the answer timeout of incoming calls). Injected so that tests
 * drive time by hand; {@link #system()} is the real one (one daemon thread). Delays are in
 * milliseconds.
 */
interface Timers extends AutoCloseable {

    /** A scheduled task; cancelling an already run or cancelled task does nothing. */
    interface Scheduled {
        void cancel();
    }

    /** Runs {@code task} once, {@code delayMs} from now, on the timers' own thread. */
    Scheduled schedule(long delayMs, Runnable task);

    /** Drops every pending task. */
    @Override
    void close();

    /** Wall-clock timers on one daemon thread; cancelled tasks are removed at once. */
    static Timers system() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ferry-gateway-timers");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return new Timers() {
            @Override
            public Scheduled schedule(long delayMs, Runnable task) {
                ScheduledFuture<?> f = ex.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        Log.warn("timer.task_failed", "error", e.toString());
                    }
                }, delayMs, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                ex.shutdownNow();
            }
        };
    }
}
