package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 1,000-message tests (a)-(d): ordered, reliable, exactly once, byte-identical. */
class TransferTest {
    static final long SEC = 1_000_000_000L;

    /** Sizes log-uniform between 1 B and 256 KiB; the first two are the extremes. */
    static List<byte[]> messages(int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = i == 0 ? 1 : i == 1 ? 256 * 1024 : (int) Math.exp(r.nextDouble() * Math.log(256 * 1024));
            byte[] m = new byte[Math.max(1, size)];
            r.nextBytes(m);
            out.add(m);
        }
        return out;
    }

    static LinkSim connected(long seed) {
        SctpAssociation a = new SctpAssociation(LinkSim.config(seed));
        SctpAssociation b = new SctpAssociation(LinkSim.config(seed + 1));
        LinkSim sim = new LinkSim(a, b, seed + 2);
        a.connect(0);
        assertTrue(sim.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 60 * SEC));
        return sim;
    }

    /** Sends all messages A->B on stream 1 and checks order, content and exactly-once delivery. */
    static SctpStats transfer(LinkSim sim, List<byte[]> msgs) {
        int[] next = {0};
        int[] received = {0};
        List<String> errors = new ArrayList<>();
        sim.producer = () -> {
            while (next[0] < msgs.size()
                    && sim.a.send(1, 53, msgs.get(next[0]), SendOptions.RELIABLE_ORDERED) == SendStatus.OK) {
                next[0]++;
            }
        };
        sim.pumpA = () -> {
            while (sim.a.pollEvent() != null) {
                // buffered-amount events only
            }
        };
        sim.pumpB = () -> {
            SctpEvent e;
            while ((e = sim.b.pollEvent()) != null) {
                if (e instanceof SctpEvent.Message m) {
                    int i = received[0]++;
                    if (i >= msgs.size()) {
                        errors.add("extra message");
                    } else {
                        assertEquals(1, m.stream());
                        assertEquals(53, m.ppid());
                        assertArrayEquals(msgs.get(i), m.data(), "message " + i);
                    }
                }
            }
        };
        assertTrue(sim.runUntil(() -> received[0] == msgs.size(), 3600 * SEC),
                "received " + received[0] + " of " + msgs.size());
        sim.runFor(10 * SEC);
        assertEquals(msgs.size(), received[0], "exactly once");
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(SctpState.ESTABLISHED, sim.a.state());
        long bytes = msgs.stream().mapToLong(m -> m.length).sum();
        System.out.println("transfer: " + bytes + " bytes, virtual " + sim.now() / 1_000_000 + " ms, packets "
                + sim.packetsCarried + " dropped " + sim.packetsDropped + "\n  A " + sim.a.stats() + "\n  B " + sim.b.stats());
        return sim.a.stats();
    }

    @Test
    void noLoss() {
        LinkSim sim = connected(1);
        SctpStats s = transfer(sim, messages(1000, 11));
        assertEquals(0, s.retransmissions());
    }

    @Test
    void tenPercentLoss() {
        LinkSim sim = connected(2);
        sim.loss = 0.10;
        SctpStats s = transfer(sim, messages(1000, 12));
        assertTrue(s.retransmissions() > 0);
        assertTrue(s.fastRetransmissions() > 0);
    }

    @Test
    void lossReorderDuplication() {
        LinkSim sim = connected(3);
        sim.loss = 0.10;
        sim.reorder = 0.2;
        sim.duplicate = 0.05;
        SctpStats s = transfer(sim, messages(1000, 13));
        assertTrue(s.retransmissions() > 0);
        assertTrue(sim.b.stats().duplicateTsns() > 0);
    }

    @Test
    void burstOutage() {
        LinkSim sim = connected(4);
        sim.outageStart = sim.now() + SEC / 2; // mid-transfer: without loss it takes about 1.5 s
        sim.outageEnd = sim.outageStart + 5 * SEC;
        SctpStats s = transfer(sim, messages(1000, 14));
        assertTrue(s.t3Expiries() > 0, "the outage forced T3 expiries");
        assertTrue(sim.packetsDropped > 0);
    }
}
