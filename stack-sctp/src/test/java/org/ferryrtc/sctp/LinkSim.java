package org.ferryrtc.sctp;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two associations joined by a seeded, emulated datagram link in virtual time: loss,
 * duplication, reordering (random extra delay), fixed delay and a burst outage window. The
 * caller supplies event pumps (what each side does with its events) and an optional producer
 * that is run on every step.
 */
public final class LinkSim {
    public double loss;
    public double duplicate;
    public double reorder;
    public long delayNanos = 20_000_000L;
    public long reorderExtraNanos = 30_000_000L;
    public long outageStart = Long.MAX_VALUE;
    public long outageEnd = Long.MAX_VALUE;
    public Runnable pumpA = () -> { };
    public Runnable pumpB = () -> { };
    public Runnable producer = () -> { };
    public java.util.function.Consumer<byte[]> tap = x -> { };
    public long packetsCarried;
    public long packetsDropped;

    public final SctpAssociation a;
    public final SctpAssociation b;
    private final Random rnd;
    private final PriorityQueue<Flight> queue = new PriorityQueue<>();
    private final byte[] buf = new byte[65536];
    private long now;
    private long seq;

    private record Flight(long at, long seq, boolean toA, byte[] data) implements Comparable<Flight> {
        @Override
        public int compareTo(Flight o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    public LinkSim(SctpAssociation a, SctpAssociation b, long seed) {
        this.a = a;
        this.b = b;
        this.rnd = new Random(seed);
    }

    public static SctpConfig config(long seed) {
        return SctpConfig.defaults().withRandom(new Random(seed));
    }

    public long now() {
        return now;
    }

    /** Moves virtual time forward without running anything (the peers were driven by hand). */
    public void advanceTo(long t) {
        now = Math.max(now, t);
    }

    private void send(boolean toA, byte[] data, int len) {
        packetsCarried++;
        tap.accept(java.util.Arrays.copyOf(data, len));
        if (now >= outageStart && now < outageEnd) {
            packetsDropped++;
            return;
        }
        if (rnd.nextDouble() < loss) {
            packetsDropped++;
            return;
        }
        int copies = rnd.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long at = now + delayNanos;
            if (rnd.nextDouble() < reorder) {
                at += (long) (rnd.nextDouble() * reorderExtraNanos);
            }
            byte[] copy = java.util.Arrays.copyOf(data, len);
            queue.add(new Flight(at, seq++, toA, copy));
        }
    }

    /** Moves everything that is ready without advancing time. */
    public void pump() {
        boolean again = true;
        while (again) {
            again = false;
            producer.run();
            pumpA.run();
            pumpB.run();
            int n;
            while ((n = a.pollTransmit(buf)) >= 0) {
                send(false, buf, n);
                again = true;
            }
            while ((n = b.pollTransmit(buf)) >= 0) {
                send(true, buf, n);
                again = true;
            }
        }
    }

    /** Runs until {@code done} holds or nothing more can happen or the virtual deadline passes. */
    public boolean runUntil(BooleanSupplier done, long maxVirtualNanos) {
        long deadline = now + maxVirtualNanos;
        while (true) {
            pump();
            if (done.getAsBoolean()) {
                return true;
            }
            long next = Math.min(queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at(),
                    Math.min(a.pollTimeout(), b.pollTimeout()));
            if (next == Long.MAX_VALUE || next > deadline) {
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            while (!queue.isEmpty() && queue.peek().at() <= now) {
                Flight f = queue.poll();
                (f.toA() ? a : b).handleInput(now, f.data(), 0, f.data().length);
                pump(); // each packet is answered before the next one arrives, as on a real path
            }
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            if (b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
        }
    }

    /** Runs for a span of virtual time. */
    public void runFor(long nanos) {
        runUntil(() -> false, nanos);
        now = Math.max(now, now);
    }
}
