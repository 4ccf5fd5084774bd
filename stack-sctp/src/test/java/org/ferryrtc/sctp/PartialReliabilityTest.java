package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unordered delivery (RFC 9260 §6.6) and PR-SCTP policies with FORWARD TSN (RFC 3758). */
class PartialReliabilityTest {
    static final long SEC = 1_000_000_000L;

    /** Messages carrying their index in the first four bytes. */
    static List<byte[]> indexed(int n, int maxSize, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[4 + r.nextInt(maxSize)];
            r.nextBytes(m);
            Bytes.put32(m, 0, i);
            out.add(m);
        }
        return out;
    }

    static final class Run {
        final List<Integer> order = new ArrayList<>();
        final Set<Integer> seen = new HashSet<>();
        int duplicates;
    }

    static Run run(LinkSim sim, List<byte[]> msgs, SendOptions opt, boolean allAtOnce) {
        Run run = new Run();
        int[] next = {0};
        if (allAtOnce) {
            for (byte[] m : msgs) {
                assertEquals(SendStatus.OK, sim.a.send(5, 53, m, opt));
            }
            next[0] = msgs.size();
        }
        sim.producer = () -> {
            while (next[0] < msgs.size() && sim.a.send(5, 53, msgs.get(next[0]), opt) == SendStatus.OK) {
                next[0]++;
            }
        };
        sim.pumpA = () -> {
            while (sim.a.pollEvent() != null) {
                // ignore
            }
        };
        sim.pumpB = () -> {
            SctpEvent e;
            while ((e = sim.b.pollEvent()) != null) {
                if (e instanceof SctpEvent.Message m) {
                    int i = Bytes.i32(m.data(), 0);
                    assertArrayEquals(msgs.get(i), m.data(), "message " + i + " byte-identical");
                    if (!run.seen.add(i)) {
                        run.duplicates++;
                    }
                    run.order.add(i);
                }
            }
        };
        sim.runUntil(() -> next[0] == msgs.size() && sim.a.stats().dataChunksSent() > 0
                && sim.a.bufferedAmount(5) == 0 && idle(sim), 3600 * SEC);
        sim.runFor(30 * SEC);
        return run;
    }

    private static boolean idle(LinkSim sim) {
        return sim.a.sender.allAcked();
    }

    @Test
    void unorderedReliableUnderLossAndReordering() {
        LinkSim sim = TransferTest.connected(21);
        sim.loss = 0.1;
        sim.reorder = 0.3;
        List<byte[]> msgs = indexed(500, 20_000, 1);
        Run r = run(sim, msgs, SendOptions.RELIABLE_UNORDERED, false);
        assertEquals(500, r.seen.size(), "all delivered");
        assertEquals(0, r.duplicates, "exactly once");
        boolean outOfOrder = false;
        for (int i = 1; i < r.order.size(); i++) {
            outOfOrder |= r.order.get(i) < r.order.get(i - 1);
        }
        assertTrue(outOfOrder, "unordered delivery does not wait for lost messages");
    }

    @Test
    void maxRetransmitsZeroOrderedUnderLoss() {
        LinkSim sim = TransferTest.connected(22);
        sim.loss = 0.1;
        List<byte[]> msgs = indexed(500, 5_000, 2);
        Run r = run(sim, msgs, new SendOptions(false, 0, -1), false);
        long abandoned = sim.a.stats().abandonedMessages();
        assertTrue(abandoned > 0, "losses led to abandoned messages");
        assertTrue(r.seen.size() < 500);
        assertTrue(r.seen.size() + abandoned >= 500, "every message delivered or abandoned");
        assertEquals(0, r.duplicates);
        for (int i = 1; i < r.order.size(); i++) {
            assertTrue(r.order.get(i) > r.order.get(i - 1), "ordered");
        }
        assertEquals(0, sim.a.stats().retransmissions(), "no DATA was ever retransmitted");
        // FORWARD TSN kept the receiver moving: a reliable message afterwards is delivered
        sim.loss = 0;
        int before = r.order.size();
        byte[] tail = msgs.get(499);
        sim.a.send(5, 53, tail, SendOptions.RELIABLE_ORDERED);
        assertTrue(sim.runUntil(() -> r.order.size() == before + 1, 60 * SEC));
    }

    @Test
    void lifetimeUnderLoss() {
        LinkSim sim = TransferTest.connected(23);
        sim.loss = 0.1;
        sim.reorder = 0.2;
        List<byte[]> msgs = indexed(300, 20_000, 3);
        Run r = run(sim, msgs, new SendOptions(false, -1, 300), false);
        long abandoned = sim.a.stats().abandonedMessages();
        assertTrue(abandoned > 0);
        assertTrue(r.seen.size() + abandoned >= 300);
        assertEquals(0, r.duplicates);
        for (int i = 1; i < r.order.size(); i++) {
            assertTrue(r.order.get(i) > r.order.get(i - 1), "ordered");
        }
    }

    @Test
    void expiredMessagesAreNeverDelivered() {
        LinkSim sim = TransferTest.connected(24);
        // no loss: a message is abandoned only if its lifetime ran out before it was sent,
        // so delivered + abandoned must add up exactly
        List<byte[]> msgs = indexed(200, 60_000, 4);
        Run r = run(sim, msgs, new SendOptions(false, -1, 50), true);
        long abandoned = sim.a.stats().abandonedMessages();
        assertTrue(abandoned > 0, "the queue outlived the lifetime");
        assertTrue(r.seen.size() > 0);
        assertEquals(200, r.seen.size() + abandoned, "abandoned messages were not delivered");
        assertEquals(0, r.duplicates);
    }
}
