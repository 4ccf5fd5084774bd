package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input into live associations: 100,000 mutated packets, most with a valid checksum and
 * verification tag so they reach the state machine. Nothing may throw, buffers stay bounded,
 * and a fresh pair still works afterwards.
 */
class AssociationFuzzTest {
    static final long SEC = 1_000_000_000L;

    /** An established pair plus the packets A sent to B while exchanging data and resetting a stream. */
    private static LinkSim livePair(long seed, List<byte[]> toB) {
        boolean idata = (seed & 1) == 0; // half the pairs negotiate I-DATA (RFC 8260)
        LinkSim s = new LinkSim(new SctpAssociation(LinkSim.config(seed).withInterleaving(idata)),
                new SctpAssociation(LinkSim.config(seed + 100).withInterleaving(idata)), seed);
        List<byte[]> all = new ArrayList<>();
        s.tap = all::add;
        s.a.connect(0);
        s.runUntil(() -> AssociationTest.bothEstablished(s), 10 * SEC);
        s.loss = 0.2;
        s.reorder = 0.2;
        Random r = new Random(seed);
        for (int i = 0; i < 30; i++) {
            byte[] m = new byte[1 + r.nextInt(3000)];
            s.a.send(i % 3, 53, m, new SendOptions(i % 3 == 0, i % 4 == 0 ? 0 : -1, -1));
            s.b.send(i % 3, 53, m, SendOptions.RELIABLE_ORDERED);
        }
        s.runFor(20 * SEC);
        s.a.resetStreams(1);
        s.runFor(20 * SEC);
        s.loss = 0;
        s.reorder = 0;
        // DATA that B has not seen yet (captured, never delivered), so mutations reach reassembly
        s.loss = 1.0;
        for (int i = 0; i < 40; i++) {
            byte[] m = new byte[1 + r.nextInt(5000)];
            s.a.send(i % 5, 51 + (i & 2), m, new SendOptions(i % 4 == 1, i % 6 == 0 ? 1 : -1, -1));
        }
        s.pump();
        s.loss = 0;
        s.tap = x -> { };
        // and hand-made DATA / I-DATA just above B's cumulative TSN: fragments, gaps, odd flags
        SctpPacket sealer = new SctpPacket();
        int cum = s.b.tsns.cumulativeWire();
        for (int k = 0; k < 300; k++) {
            byte[] payload = new byte[1 + r.nextInt(1100)];
            r.nextBytes(payload);
            byte[] p = new byte[12 + DataChunk.I_HEADER + payload.length + 4];
            SctpPacket.writeHeader(p, 0, 5000, 5000, s.b.localTag());
            int tsn = cum + 1 + r.nextInt(400);
            int flags = r.nextInt(8);
            int end = idata
                    ? DataChunk.writeIData(p, 12, flags, tsn, r.nextInt(6), r.nextInt(4), r.nextInt(4), payload, 0, payload.length)
                    : DataChunk.write(p, 12, flags, tsn, r.nextInt(6), r.nextInt(4), 53, payload, 0, payload.length);
            byte[] pkt = java.util.Arrays.copyOf(p, end);
            sealer.seal(pkt, 0, end);
            all.add(pkt);
        }
        for (byte[] p : all) {
            int tag = Bytes.i32(p, 4);
            if (tag == s.b.localTag() || tag == 0) {
                toB.add(p);
            }
        }
        return s;
    }

    @Test
    void hundredThousandMutatedPacketsIntoLiveAssociations() {
        Random r = new Random(99);
        SctpPacket sealer = new SctpPacket();
        byte[] out = new byte[1500];
        LinkSim sim = null;
        SctpAssociation passive = null;
        List<byte[]> corpus = new ArrayList<>();
        long now = 0;
        int restarts = 0;
        long maxBuffered = 0;
        long delivered = 0;
        long dataAccepted = 0;
        long baseline = 0;
        for (int i = 0; i < 100_000; i++) {
            if (sim == null || sim.b.state() == SctpState.TERMINATED || i % 5000 == 0) {
                if (sim != null) {
                    dataAccepted += sim.b.stats().dataChunksReceived() - baseline;
                }
                corpus.clear();
                sim = livePair(1000 + i + restarts, corpus);
                baseline = sim.b.stats().dataChunksReceived(); // what the clean conversation delivered
                passive = new SctpAssociation(LinkSim.config(i));
                now = sim.now();
                restarts++;
            }
            byte[] p = Corpus.mutate(corpus.get(r.nextInt(corpus.size())), r);
            SctpAssociation target = r.nextInt(10) == 0 ? passive : sim.b;
            if (p.length >= 12 && r.nextInt(10) != 0) {
                if (r.nextInt(20) != 0 && (p.length < 13 || p[12] != Chunk.INIT)) {
                    Bytes.put32(p, 4, target.localTag());
                }
                sealer.seal(p, 0, p.length);
            }
            now += r.nextInt(50_000_000);
            target.handleInput(now, p, 0, p.length);
            if (target.pollTimeout() <= now) {
                target.handleTimeout(now);
            }
            while (target.pollTransmit(out) >= 0) {
                // drain
            }
            SctpEvent e;
            while ((e = target.pollEvent()) != null) {
                delivered += e instanceof SctpEvent.Message ? 1 : 0;
            }
            maxBuffered = Math.max(maxBuffered, target.receiveBufferUsed());
        }
        dataAccepted += sim.b.stats().dataChunksReceived() - baseline;
        assertTrue(maxBuffered <= 2L * sim.b.config().receiveBufferSize(), "bounded: " + maxBuffered);
        assertTrue(dataAccepted > 1000, "mutated DATA chunks were accepted as new: " + dataAccepted);
        assertTrue(restarts >= 20);
        LinkSim fresh = AssociationTest.pair(4242);
        fresh.a.connect(0);
        assertTrue(fresh.runUntil(() -> AssociationTest.bothEstablished(fresh), 10 * SEC));
        System.out.println("association fuzz: restarts " + restarts + ", data accepted " + dataAccepted
                + ", messages delivered " + delivered + ", last " + sim.b.stats());
    }
}
