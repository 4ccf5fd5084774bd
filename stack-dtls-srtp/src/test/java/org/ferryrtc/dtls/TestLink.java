package org.ferryrtc.dtls;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An in-memory datagram link between two sessions, driven by the test thread as the owner of
 * both. Datagrams are dropped with a fixed probability drawn from a seeded {@link Random}, one
 * draw per datagram in the order they are taken from the sessions.
 *
 * <p>Virtual time is not possible here: BouncyCastle's retransmission timers run in real time on
 * the handshake thread. So the link is queue-based and the test thread waits (bounded, no
 * sleep) on a semaphore released by the sessions' wakeup callbacks; the loss pattern is
 * reproducible per datagram index, though which datagram gets which index depends on timing.
 */
final class TestLink {
    final Semaphore signal = new Semaphore(0);
    final List<DtlsEvent> eventsA = new ArrayList<>();
    final List<DtlsEvent> eventsB = new ArrayList<>();
    final List<byte[]> sentByA = new ArrayList<>();
    private final Random random;
    double loss;
    DtlsSession a;
    DtlsSession b;
    int delivered;
    int dropped;

    TestLink(long seed, double loss) {
        this.random = new Random(seed);
        this.loss = loss;
    }

    Runnable wakeup() {
        return signal::release;
    }

    /** Moves datagrams and events until nothing moves. */
    void step() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (byte[] d; (d = a.pollTransmit()) != null; moved = true) {
                sentByA.add(d);
                deliver(d, b);
            }
            for (byte[] d; b != null && (d = b.pollTransmit()) != null; moved = true) {
                deliver(d, a);
            }
            for (DtlsEvent e; (e = a.pollEvent()) != null; moved = true) {
                eventsA.add(e);
            }
            for (DtlsEvent e; b != null && (e = b.pollEvent()) != null; moved = true) {
                eventsB.add(e);
            }
        }
    }

    static final boolean DEBUG = Boolean.getBoolean("dtls.debug");
    final long t0 = System.nanoTime();

    private void deliver(byte[] d, DtlsSession to) {
        boolean drop = to == null || random.nextDouble() < loss;
        if (DEBUG) {
            System.err.printf("%6d ms %s ct=%d ep=%d hs=%d len=%d %s%n", (System.nanoTime() - t0) / 1_000_000,
                    to == b ? "A->B" : "B->A", d[0], ((d[3] & 0xff) << 8) | (d[4] & 0xff), d.length > 13 ? d[13] : -1,
                    d.length, drop ? "DROP" : "");
        }
        if (drop) {
            dropped++;
            return;
        }
        delivered++;
        to.handleInput(d, 0, d.length);
    }

    /** Steps until the condition holds; false if it did not within the bound. */
    boolean runUntil(BooleanSupplier done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            step();
            if (done.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            signal.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "link[delivered=" + delivered + ", dropped=" + dropped + ", a=" + (a == null ? null : a.state())
                + " " + eventsA + ", b=" + (b == null ? null : b.state()) + " " + eventsB + "]";
    }

    /** Collects what session b sends (nothing is delivered) until the condition holds. */
    boolean runUntilOutput(List<byte[]> out, BooleanSupplier done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (byte[] d; (d = b.pollTransmit()) != null; ) {
                out.add(d);
            }
            for (DtlsEvent e; (e = b.pollEvent()) != null; ) {
                eventsB.add(e);
            }
            if (done.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            signal.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
    }

    static <T extends DtlsEvent> T first(List<DtlsEvent> events, Class<T> type) {
        for (DtlsEvent e : events) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    static boolean ended(List<DtlsEvent> events) {
        return first(events, DtlsEvent.HandshakeComplete.class) != null
                || first(events, DtlsEvent.HandshakeFailed.class) != null
                || first(events, DtlsEvent.Closed.class) != null;
    }
}
