package org.ferryrtc.dtls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the small, bounded pool on which DTLS handshakes block (one task per handshake, busy for
 * the handshake's duration only) and creates sessions that use it. Idle threads die after a
 * minute. Closing the factory interrupts running handshakes, which then fail.
 */
public final class DtlsSessionFactory implements AutoCloseable {
    private final ExecutorService pool;

    /**
     * @param handshakeThreads the most handshakes that run at once (more wait in the queue;
     *     their handshake timeout already counts)
     */
    public DtlsSessionFactory(int handshakeThreads) {
        if (handshakeThreads < 1) {
            throw new IllegalArgumentException("handshakeThreads must be at least 1");
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "ferry-dtls-handshake-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(handshakeThreads, handshakeThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), tf);
        tpe.allowCoreThreadTimeOut(true);
        this.pool = tpe;
    }

    /** A new session (not started) whose handshake will run on this factory's pool. */
    public DtlsSession newSession(DtlsConfig config, Runnable wakeup) {
        return DtlsSession.create(config, pool, wakeup);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
