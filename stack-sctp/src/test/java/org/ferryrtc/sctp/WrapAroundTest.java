package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Serial-number arithmetic: TSNs wrapping past 2^32 (RFC 9260 §1.6) and SSNs past 2^16. */
class WrapAroundTest {
    static final long SEC = 1_000_000_000L;

    /** A Random whose nextInt() starts the TSNs (and tags) just below 2^32. */
    static final class NearWrap extends Random {
        private final int value;

        NearWrap(int value, long seed) {
            super(seed);
            this.value = value;
        }

        @Override
        public int nextInt() {
            return value;
        }
    }

    private static LinkSim pair(int aValue, int bValue) {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults().withRandom(new NearWrap(aValue, 1)));
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults().withRandom(new NearWrap(bValue, 2)));
        LinkSim sim = new LinkSim(a, b, 3);
        a.connect(0);
        assertTrue(sim.runUntil(() -> AssociationTest.bothEstablished(sim), 10 * SEC));
        return sim;
    }

    @Test
    void tsnWrapsUnderLoss() {
        LinkSim sim = pair(-300, -5);
        sim.loss = 0.05;
        sim.reorder = 0.1;
        SctpStats s = TransferTest.transfer(sim, TransferTest.messages(200, 21));
        assertTrue(s.dataChunksSent() > 300, "crossed 2^32");
    }

    @Test
    void ssnWrapsAfter65536Messages() {
        LinkSim sim = pair(-7, -9);
        int n = 70_000;
        int[] next = {0};
        int[] got = {0};
        boolean[] inOrder = {true};
        sim.producer = () -> {
            while (next[0] < n) {
                byte[] m = new byte[4];
                Bytes.put32(m, 0, next[0]);
                if (sim.a.send(0, 53, m, SendOptions.RELIABLE_ORDERED) != SendStatus.OK) {
                    break;
                }
                next[0]++;
            }
        };
        sim.pumpB = () -> {
            SctpEvent e;
            while ((e = sim.b.pollEvent()) != null) {
                if (e instanceof SctpEvent.Message m) {
                    inOrder[0] &= Bytes.i32(m.data(), 0) == got[0];
                    got[0]++;
                }
            }
        };
        assertTrue(sim.runUntil(() -> got[0] == n, 600 * SEC));
        assertTrue(inOrder[0]);
        assertEquals(n, sim.b.stats().messagesDelivered());
    }
}
