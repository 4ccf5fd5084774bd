package org.ferryrtc.peer.media;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Predicate;

/** One direction of an emulated network path in virtual time: seeded loss, duplication, reordering, delay. */
final class Link {
    record InFlight(long at, long order, byte[] data, boolean rtcp) {
    }

    final Random random;
    final long delayNanos;
    double loss;
    double duplicate;
    double reorder;
    long reorderExtraNanos = 15_000_000L;
    /** Packets for which this returns true are dropped (deterministic outages in tests). */
    Predicate<byte[]> dropIf = d -> false;
    /** Until this time nothing is lost (a receiver cannot NACK packets sent before the first it saw). */
    long lossFreeUntil;
    long sent;
    long lost;
    private long order;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));

    Link(long seed, long delayNanos) {
        this.random = new Random(seed);
        this.delayNanos = delayNanos;
    }

    void send(long now, byte[] buf, int len, boolean rtcp) {
        sent++;
        byte[] d = java.util.Arrays.copyOf(buf, len);
        if (dropIf.test(d) || (now >= lossFreeUntil && random.nextDouble() < loss)) {
            lost++;
            return;
        }
        int copies = random.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long extra = random.nextDouble() < reorder ? (long) (random.nextDouble() * reorderExtraNanos) : 0;
            queue.add(new InFlight(now + delayNanos + extra, order++, d, rtcp));
        }
    }

    long nextTime() {
        InFlight f = queue.peek();
        return f == null ? Long.MAX_VALUE : f.at;
    }

    InFlight pollDue(long now) {
        InFlight f = queue.peek();
        if (f == null || f.at > now) {
            return null;
        }
        return queue.poll();
    }
}
