package org.ferryrtc.rtp;

import org.ferryrtc.rtcp.ReportBlock;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ferryrtc.rtp.NackGenerator.Config;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private static final long MS = 1_000_000L;

    private static int[] poll(NackGenerator g, long now) {
        int[] out = new int[64];
        return Arrays.copyOf(out, g.poll(now, out));
    }

    private static NackGenerator gen(int maxEntries, int maxRequests, long reorder, long minRetry, long maxAge, long rtt) {
        return new NackGenerator(new Config(maxEntries, maxRequests, reorder, minRetry, maxAge, rtt));
    }

    @Test
    void gapIsRequestedAtOnceThenRetriedEveryRtt() {
        NackGenerator g = gen(100, 10, 0, 20 * MS, 10_000 * MS, 50 * MS);
        assertEquals(Long.MAX_VALUE, g.pollTimeout(), "idle");
        g.onPacket(0, 100);
        g.onPacket(5 * MS, 101);
        assertEquals(Long.MAX_VALUE, g.pollTimeout(), "nothing missing");
        g.onPacket(10 * MS, 104);
        assertEquals(10 * MS, g.pollTimeout(), "first request due right away");
        assertArrayEquals(new int[] {102, 103}, poll(g, 10 * MS));
        assertEquals(60 * MS, g.pollTimeout(), "retry one RTT later");
        assertArrayEquals(new int[0], poll(g, 59 * MS));
        assertArrayEquals(new int[] {102, 103}, poll(g, 60 * MS));
        g.setRtt(80 * MS); // an increase: the cached timeout (110 ms) is early, which is allowed
        assertTrue(g.pollTimeout() <= 140 * MS);
        assertArrayEquals(new int[0], poll(g, g.pollTimeout()));
        assertEquals(140 * MS, g.pollTimeout(), "recomputed by the poll");
        assertArrayEquals(new int[0], poll(g, 139 * MS));
        assertArrayEquals(new int[] {102, 103}, poll(g, 140 * MS));
        g.setRtt(5 * MS); // below the minimum: 20 ms spacing
        assertTrue(g.pollTimeout() <= 160 * MS, "an RTT decrease may make the timeout earlier, never later");
        assertArrayEquals(new int[0], poll(g, 159 * MS));
        assertEquals(160 * MS, g.pollTimeout());
        assertArrayEquals(new int[] {102, 103}, poll(g, 160 * MS));
        assertEquals(8, g.requestCount());
        assertEquals(2, g.missingDetectedCount());
    }

    @Test
    void lateArrivalRemovesItsEntryAndDuplicatesChangeNothing() {
        NackGenerator g = gen(100, 10, 0, 20 * MS, 10_000 * MS, 50 * MS);
        g.onPacket(0, 10);
        g.onPacket(1 * MS, 14); // 11, 12, 13 missing
        g.onPacket(2 * MS, 12); // reordered, before any request
        assertTrue(g.isMissing(11));
        assertFalse(g.isMissing(12));
        assertArrayEquals(new int[] {11, 13}, poll(g, 2 * MS));
        g.onPacket(3 * MS, 13); // arrives after its request (retransmission)
        g.onPacket(3 * MS, 13); // duplicate
        g.onPacket(3 * MS, 14); // duplicate of the highest
        assertEquals(1, g.missingCount());
        assertArrayEquals(new int[] {11}, poll(g, 52 * MS));
        assertEquals(2, g.recoveredCount());
        assertEquals(1, g.recoveredAfterRequestCount());
        g.onPacket(60 * MS, 11);
        assertEquals(0, g.missingCount());
        assertEquals(Long.MAX_VALUE, g.pollTimeout());
    }

    @Test
    void reorderWindowDelaysTheFirstRequest() {
        NackGenerator g = gen(100, 10, 15 * MS, 20 * MS, 10_000 * MS, 50 * MS);
        g.onPacket(0, 1);
        g.onPacket(10 * MS, 4);
        assertEquals(25 * MS, g.pollTimeout());
        assertArrayEquals(new int[0], poll(g, 24 * MS));
        g.onPacket(20 * MS, 2); // reordered within the window: never requested
        assertArrayEquals(new int[] {3}, poll(g, 25 * MS));
        assertEquals(1, g.requestCount());
    }

    @Test
    void givesUpAfterMaxRequests() {
        NackGenerator g = gen(100, 3, 0, 20 * MS, 10_000 * MS, 30 * MS);
        g.onPacket(0, 65535);
        g.onPacket(MS, 1); // 0 missing, across the wrap
        long[] times = new long[4];
        int n = 0;
        for (long t = MS; t <= 1000 * MS && g.missingCount() > 0; t += MS) {
            if (g.pollTimeout() <= t) {
                int[] r = poll(g, t);
                if (r.length > 0) {
                    assertArrayEquals(new int[] {0}, r);
                    times[n++] = t;
                }
            }
        }
        assertEquals(3, n, "requested exactly maxRequests times");
        assertEquals(MS, times[0]);
        assertEquals(31 * MS, times[1]);
        assertEquals(61 * MS, times[2]);
        assertEquals(0, g.missingCount(), "given up");
        assertEquals(1, g.gaveUpCount());
        assertEquals(Long.MAX_VALUE, g.pollTimeout());
    }

    @Test
    void givesUpEntriesOlderThanMaxAge() {
        NackGenerator g = gen(100, 100, 0, 20 * MS, 100 * MS, 40 * MS);
        g.onPacket(0, 1);
        g.onPacket(0, 3);
        assertArrayEquals(new int[] {2}, poll(g, 0));
        assertArrayEquals(new int[] {2}, poll(g, 40 * MS));
        assertArrayEquals(new int[] {2}, poll(g, 80 * MS));
        assertEquals(100 * MS + 1, g.pollTimeout(), "wakes up to expire it");
        assertArrayEquals(new int[0], poll(g, 100 * MS + 1));
        assertEquals(0, g.missingCount());
        assertEquals(1, g.gaveUpCount());
    }

    @Test
    void overflowDropsOldestAndAsksForKeyframe() {
        NackGenerator g = gen(10, 10, 0, 20 * MS, 10_000 * MS, 50 * MS);
        g.onPacket(0, 0);
        g.onPacket(MS, 9); // 1..8 missing (8)
        assertFalse(g.pollKeyframeRequest());
        g.onPacket(2 * MS, 15); // 10..14 missing (5): 13 > 10, the 3 oldest go
        assertEquals(10, g.missingCount());
        assertTrue(g.pollKeyframeRequest());
        assertFalse(g.pollKeyframeRequest(), "signalled once");
        assertArrayEquals(new int[] {4, 5, 6, 7, 8, 10, 11, 12, 13, 14}, poll(g, 2 * MS));
        assertEquals(3, g.overflowDroppedCount());
        // a jump wider than the whole list: a lone stray packet is ignored...
        g.onPacket(3 * MS, 30);
        assertEquals(10, g.missingCount());
        assertEquals(1, g.strayCount());
        g.onPacket(3 * MS, 15); // duplicate, back in the old sequence
        g.onPacket(3 * MS, 17); // 16 missing: the stray did not move the reference
        assertTrue(g.isMissing(16));
        assertEquals(11 - 1, g.missingCount(), "one more, the oldest (4) dropped");
        assertTrue(g.pollKeyframeRequest());
        // ...but confirmed by the next packet it is a restart: the list is cleared
        g.onPacket(4 * MS, 40);
        g.onPacket(4 * MS, 41);
        assertEquals(0, g.missingCount());
        assertTrue(g.pollKeyframeRequest());
        assertEquals(3, g.keyframeRequestCount());
        assertEquals(3 + 1 + 10, g.overflowDroppedCount());
        g.onPacket(5 * MS, 43);
        assertArrayEquals(new int[] {42}, poll(g, 5 * MS));
    }

    @Test
    void smallOutputArrayLeavesTheRestDue() {
        NackGenerator g = gen(100, 10, 0, 20 * MS, 10_000 * MS, 50 * MS);
        g.onPacket(0, 0);
        g.onPacket(0, 6); // 1..5
        int[] out = new int[2];
        assertEquals(2, g.poll(0, out));
        assertArrayEquals(new int[] {1, 2}, out);
        assertEquals(0, g.pollTimeout(), "still due");
        assertEquals(2, g.poll(0, out));
        assertArrayEquals(new int[] {3, 4}, out);
        assertEquals(1, g.poll(0, out));
        assertEquals(5, out[0]);
        assertEquals(50 * MS, g.pollTimeout());
        g.reset();
        assertEquals(0, g.missingCount());
        assertEquals(Long.MAX_VALUE, g.pollTimeout());
    }

    @Test
    void badConfigAndRttAreApiMisuse() {
        assertThrows(IllegalArgumentException.class, () -> gen(0, 1, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> gen(1, 0, 0, 0, 1, 0));
        NackGenerator g = new NackGenerator(Config.defaults());
        assertThrows(IllegalArgumentException.class, () -> g.setRtt(-1));
        assertEquals(100 * MS, g.rtt());
    }

    /**
     * A seeded lossy, reordering, duplicating arrival sequence across the wrap and nobody
     * answering the NACKs: each lost number is requested exactly maxRequests times, spaced by
     * max(RTT, minimum), then given up; a number that arrived is never requested afterwards.
     */
    @Test
    void seededLossySequenceWithoutAnswers() {
        Random rnd = new Random(3550);
        int count = 4000;
        long first = 65_536 - 1_000;
        long[] arrival = new long[count]; // -1 = lost
        List<long[]> events = new ArrayList<>(); // {time, ext}
        for (int i = 0; i < count; i++) {
            long sentAt = i * 5 * MS;
            if (i > 0 && rnd.nextDouble() < 0.05) {
                arrival[i] = -1;
                continue;
            }
            arrival[i] = sentAt + 10 * MS + (long) (rnd.nextDouble() * 12 * MS); // reorders up to ~2 places
            events.add(new long[] {arrival[i], first + i});
            if (rnd.nextDouble() < 0.03) {
                events.add(new long[] {arrival[i] + (long) (rnd.nextDouble() * 200 * MS), first + i}); // duplicate
            }
        }
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        long rtt = 35 * MS;
        long minRetry = 20 * MS;
        int maxRequests = 4;
        NackGenerator g = gen(1000, maxRequests, 0, minRetry, 10_000 * MS, 100 * MS);
        g.setRtt(rtt);
        SequenceUnwrapper u = new SequenceUnwrapper();
        Map<Long, Long> arrived = new HashMap<>();
        Map<Long, List<Long>> requested = new HashMap<>();
        int[] out = new int[128];
        int next = 0;
        long end = count * 5 * MS + 2_000 * MS;
        for (long now = 0; now <= end; now += MS) {
            while (next < events.size() && events.get(next)[0] <= now) {
                long ext = events.get(next++)[1];
                arrived.putIfAbsent(ext, now);
                g.onPacket(now, (int) (ext & 0xFFFF));
                u.unwrap((int) (ext & 0xFFFF));
            }
            if (g.pollTimeout() <= now) {
                int n = g.poll(now, out);
                for (int k = 0; k < n; k++) {
                    long ext = u.peek(out[k]);
                    Long at = arrived.get(ext);
                    assertTrue(at == null || at > now, ext + " requested after it arrived");
                    requested.computeIfAbsent(ext, x -> new ArrayList<>()).add(now);
                }
            }
        }
        int lost = 0;
        for (int i = 1; i < count - 5; i++) {
            if (arrival[i] < 0) {
                lost++;
                List<Long> times = requested.get(first + i);
                assertNotNull(times, "lost " + (first + i) + " requested");
                assertEquals(maxRequests, times.size(), "requested exactly maxRequests times: " + times);
                for (int k = 1; k < times.size(); k++) {
                    assertEquals(rtt, times.get(k) - times.get(k - 1), "spaced by the RTT");
                }
            }
        }
        assertTrue(lost > 150, "lost " + lost);
        assertEquals(0, g.missingCount(), "all given up by the end");
        assertEquals(Long.MAX_VALUE, g.pollTimeout());
        assertEquals(lost, g.gaveUpCount());
        assertEquals(g.missingDetectedCount() - g.recoveredCount(), g.gaveUpCount(), "every entry accounted for");
        assertTrue(g.recoveredCount() > 0, "reordered packets removed their entries: " + g.recoveredCount());
    }

    /** Seeded random sequence numbers, times, RTT changes and output sizes: invariants hold. */
    @Test
    void randomInputKeepsInvariants() {
        Random rnd = new Random(4585);
        NackGenerator g = gen(64, 5, 3 * MS, 10 * MS, 500 * MS, 40 * MS);
        ReceiveStatistics stats = new ReceiveStatistics(1, 90000);
        int seq = 1000;
        long now = 0;
        for (int it = 0; it < 200_000; it++) {
            now += rnd.nextInt(3) * MS;
            int r = rnd.nextInt(100);
            int s = r < 70 ? (seq = (seq + 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(20) : 0)) & 0xFFFF)
                    : r < 90 ? (seq - rnd.nextInt(40)) & 0xFFFF
                    : rnd.nextInt(0x10000);
            g.onPacket(now, s);
            stats.onPacket(now, s, rnd.nextInt() & 0xFFFFFFFFL);
            assertTrue(g.missingCount() <= 64);
            if (rnd.nextInt(20) == 0) {
                g.setRtt(rnd.nextInt(100) * MS);
            }
            if (g.pollTimeout() <= now || rnd.nextInt(10) == 0) {
                int[] out = new int[rnd.nextInt(8)];
                int n = g.poll(now, out);
                assertTrue(n <= out.length);
                for (int k = 0; k < n; k++) {
                    assertTrue(g.isMissing(out[k]), "a requested number stays tracked until answered or given up");
                    assertTrue(k == 0 || out[k] != out[k - 1]);
                }
            }
            if (rnd.nextInt(1000) == 0) {
                ReportBlock b = stats.reportBlock(now);
                assertTrue(b.fractionLost() >= 0 && b.fractionLost() <= 255);
                assertTrue(b.cumulativeLost() >= -0x800000 && b.cumulativeLost() <= 0x7FFFFF);
                assertTrue(b.highestSequence() >= 0 && b.highestSequence() <= 0xFFFFFFFFL);
            }
        }
        assertTrue(g.requestCount() > 1000, "requests made: " + g.requestCount());
        assertTrue(g.strayCount() > 0 && g.recoveredCount() > 0 && g.gaveUpCount() > 0,
                "strays " + g.strayCount() + ", recovered " + g.recoveredCount() + ", gave up " + g.gaveUpCount());
    }
}
