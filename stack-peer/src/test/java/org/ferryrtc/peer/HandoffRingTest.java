package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-off ring, driven by hand: the "owner thread" is the test running queued tasks. */
class HandoffRingTest {
    private final ArrayDeque<Runnable> owner = new ArrayDeque<>();
    private final List<String> got = new ArrayList<>();
    private final HandoffRing ring = new HandoffRing(4, 8, owner::add,
            (buf, len) -> got.add(new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII)));

    private boolean offer(String s) {
        byte[] b = ("xx" + s).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return ring.offer(b, 2, b.length - 2);
    }

    private void runOwner() {
        while (!owner.isEmpty()) {
            owner.poll().run();
        }
    }

    @Test
    void deliversInOrderWithOneDrainTaskPerBatch() {
        assertTrue(offer("a"));
        assertTrue(offer("b"));
        assertTrue(offer("c"));
        assertEquals(1, owner.size(), "one drain task for the whole batch");
        runOwner();
        assertEquals(List.of("a", "b", "c"), got);
        assertTrue(offer("d"));
        assertEquals(1, owner.size(), "an idle ring schedules again");
        runOwner();
        assertEquals(List.of("a", "b", "c", "d"), got);
    }

    @Test
    void refusesWhenFullOrOversizedAndCountsIt() {
        for (String s : new String[] {"1", "2", "3", "4"}) {
            assertTrue(offer(s));
        }
        assertFalse(offer("5"), "full");
        assertFalse(offer("123456789"), "longer than a slot");
        assertEquals(2, ring.refused());
        runOwner();
        assertEquals(List.of("1", "2", "3", "4"), got);
        assertTrue(offer("12345678"), "exactly a slot fits");
        runOwner();
        assertEquals("12345678", got.get(4));
    }

    @Test
    void slotsAreReusedAcrossTheWrapAndTheSinkSeesOnlyItsBytes() {
        for (int round = 0; round < 10; round++) {
            assertTrue(offer("r" + round + "x"));
            assertTrue(offer("" + round));
            runOwner();
        }
        assertEquals(20, got.size());
        assertEquals("r9x", got.get(18));
        assertEquals("9", got.get(19), "a shorter packet in a reused slot is not padded with old bytes");
    }

    @Test
    void aShallowQueueKeepsUsingTheSameFewSlots() {
        for (int i = 0; i < 100; i++) {
            assertTrue(offer("p" + i));
            runOwner();
        }
        assertEquals(1, ring.allocatedSlots(), "a queue never deeper than one packet holds one slot, however long it runs");
        assertEquals(100, got.size());
    }

    @Test
    void aThrowingSinkNeitherLosesTheRestNorStallsTheRing() {
        List<Integer> seen = new ArrayList<>();
        HandoffRing r = new HandoffRing(2, 4, owner::add, (buf, len) -> {
            seen.add((int) buf[0]);
            if (buf[0] == 1) {
                throw new IllegalStateException("bug in a stage");
            }
        });
        assertTrue(r.offer(new byte[] {1}, 0, 1));
        assertTrue(r.offer(new byte[] {2}, 0, 1));
        assertThrows(IllegalStateException.class, () -> owner.poll().run(), "the loop sees (and counts) the bug");
        assertEquals(1, owner.size(), "a fresh drain task was scheduled for the rest");
        runOwner();
        assertEquals(List.of(1, 2), seen, "the packet after the failing one is still delivered");
        assertTrue(r.offer(new byte[] {3}, 0, 1));
        assertTrue(r.offer(new byte[] {4}, 0, 1));
        runOwner();
        assertEquals(List.of(1, 2, 3, 4), seen, "the ring keeps working");
    }
}
