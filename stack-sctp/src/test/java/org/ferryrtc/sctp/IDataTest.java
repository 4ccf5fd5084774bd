package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** I-DATA and I-FORWARD-TSN (RFC 8260), used only when both ends offer them. */
class IDataTest {
    static final long SEC = 1_000_000_000L;

    static LinkSim pair(long seed, boolean aOffers, boolean bOffers, int[] chunkTypeCounts) {
        SctpAssociation a = new SctpAssociation(LinkSim.config(seed).withInterleaving(aOffers));
        SctpAssociation b = new SctpAssociation(LinkSim.config(seed + 1).withInterleaving(bOffers));
        LinkSim sim = new LinkSim(a, b, seed + 2);
        Chunk c = new Chunk();
        sim.tap = p -> {
            for (int q = 12; q < p.length && c.wrap(p, q, p.length); q = c.next()) {
                chunkTypeCounts[c.type()]++;
            }
        };
        a.connect(0);
        assertTrue(sim.runUntil(() -> AssociationTest.bothEstablished(sim), 10 * SEC));
        return sim;
    }

    @Test
    void negotiatedIDataCarriesOrderedTransferUnderLoss() {
        int[] types = new int[256];
        LinkSim sim = pair(1, true, true, types);
        sim.loss = 0.1;
        sim.reorder = 0.2;
        sim.duplicate = 0.02;
        TransferTest.transfer(sim, TransferTest.messages(300, 5));
        assertTrue(types[Chunk.I_DATA] > 1000);
        assertEquals(0, types[Chunk.DATA]);
    }

    @Test
    void offeredByOneSideOnlyFallsBackToData() {
        int[] types = new int[256];
        LinkSim sim = pair(2, true, false, types);
        TransferTest.transfer(sim, TransferTest.messages(50, 6));
        assertEquals(0, types[Chunk.I_DATA]);
        assertTrue(types[Chunk.DATA] > 50);
    }

    @Test
    void partialReliabilityUsesIForwardTsn() {
        int[] types = new int[256];
        LinkSim sim = pair(3, true, true, types);
        sim.loss = 0.1;
        List<byte[]> msgs = PartialReliabilityTest.indexed(400, 5000, 7);
        PartialReliabilityTest.Run r = PartialReliabilityTest.run(sim, msgs, new SendOptions(false, 0, -1), false);
        long abandoned = sim.a.stats().abandonedMessages();
        assertTrue(abandoned > 0);
        assertTrue(types[Chunk.I_FORWARD_TSN] > 0);
        assertEquals(0, types[Chunk.FORWARD_TSN]);
        assertEquals(0, r.duplicates);
        assertTrue(r.seen.size() + abandoned >= 400);
        for (int i = 1; i < r.order.size(); i++) {
            assertTrue(r.order.get(i) > r.order.get(i - 1), "ordered");
        }
        PartialReliabilityTest.Run u = PartialReliabilityTest.run(sim, PartialReliabilityTest.indexed(300, 5000, 8),
                new SendOptions(true, 0, -1), false);
        assertEquals(0, u.duplicates);
        assertTrue(u.seen.size() > 200);
    }

    @Test
    void streamResetRestartsMids() {
        int[] types = new int[256];
        LinkSim sim = pair(4, true, true, types);
        AssociationTest.Recorder rec = new AssociationTest.Recorder(sim);
        sim.a.send(3, 53, new byte[5000], SendOptions.RELIABLE_ORDERED);
        assertTrue(sim.a.resetStreams(3));
        assertTrue(sim.runUntil(() -> !rec.of(rec.a, SctpEvent.OutgoingStreamsReset.class).isEmpty(), 30 * SEC));
        sim.a.send(3, 53, new byte[7000], SendOptions.RELIABLE_ORDERED);
        assertTrue(sim.runUntil(() -> rec.of(rec.b, SctpEvent.Message.class).size() == 2, 30 * SEC));
        assertEquals(7000, rec.of(rec.b, SctpEvent.Message.class).get(1).data().length);
    }

    /** Sends a 256 KiB message on stream 1, then a small one on stream 2; returns the delivery order. */
    private static List<Integer> smallAfterLarge(LinkSim sim) {
        AssociationTest.Recorder rec = new AssociationTest.Recorder(sim);
        assertEquals(SendStatus.OK, sim.a.send(1, 53, new byte[256 * 1024], SendOptions.RELIABLE_ORDERED));
        assertEquals(SendStatus.OK, sim.a.send(2, 53, new byte[100], SendOptions.RELIABLE_ORDERED));
        assertTrue(sim.runUntil(() -> rec.of(rec.b, SctpEvent.Message.class).size() == 2, 60 * SEC));
        return rec.of(rec.b, SctpEvent.Message.class).stream().map(SctpEvent.Message::stream).toList();
    }

    @Test
    void interleavingLetsASmallMessagePassALargeOne() {
        assertEquals(List.of(2, 1), smallAfterLarge(pair(5, true, true, new int[256])), "I-DATA interleaves");
        assertEquals(List.of(1, 2), smallAfterLarge(pair(6, false, false, new int[256])), "DATA cannot");
    }
}
