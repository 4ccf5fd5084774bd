package org.ferryrtc.ice;

import org.ferryrtc.testkit.StunProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link StunGate}: which Binding requests reach a standalone session's StunStack. */
class StunGateTest {
    private static final byte[] ID = new byte[12];

    private static DatagramPacket packet(byte[] m) throws Exception {
        return new DatagramPacket(m, 0, m.length, InetAddress.getLoopbackAddress(), 5000);
    }

    @Test
    void beforeThePeersUfragIsKnownEveryCheckPasses() throws Exception {
        StunGate gate = StunGate.bindingOnly();
        assertTrue(gate.accept(packet(StunProbe.bindingRequest(ID, "us:anyone", "pw"))));
        assertEquals(0, gate.refused());
    }

    @Test
    void aCheckFromThePeersCurrentSessionPassesOneFromAnotherDoesNot() throws Exception {
        StunGate gate = StunGate.bindingOnly();
        gate.remoteUfrag("peer1");
        assertTrue(gate.accept(packet(StunProbe.bindingRequest(ID, "us:peer1", "pw"))));
        assertFalse(gate.accept(packet(StunProbe.bindingRequest(ID, "us:peer2", "pw"))));
        assertFalse(gate.accept(packet(StunProbe.bindingRequest(ID, "us:peer", "pw"))), "a prefix is not the ufrag");
        assertFalse(gate.accept(packet(StunProbe.bindingRequest(ID, "us:peer11", "pw"))), "nor a longer one");
        assertEquals(3, gate.refused());
        gate.remoteUfrag("peer2"); // the peer's restart was applied
        assertTrue(gate.accept(packet(StunProbe.bindingRequest(ID, "us:peer2", "pw"))));
    }

    @Test
    void responsesAndNonStunAreLeftToIce4jsFilter() throws Exception {
        StunGate gate = StunGate.bindingOnly();
        gate.remoteUfrag("peer1");
        // a Binding success response and a Binding indication (RFC 8489 §5): never checked for a USERNAME
        assertTrue(gate.accept(packet(StunProbe.message(0x0101, ID, "us:peer2", "pw"))));
        assertTrue(gate.accept(packet(StunProbe.message(0x0011, ID, "us:peer2", "pw"))));
        byte[] dtls = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertFalse(gate.accept(packet(dtls)), "not STUN: not for the StunStack");
        assertEquals(0, gate.refused(), "only refused checks are counted");
    }

    /**
     * A host socket's gate passes the TURN client's traffic as ice4j's host filter does (RFC 8656
     * §17 methods: Allocate 0x003, Refresh 0x004, Send 0x006, Data 0x007, CreatePermission 0x008,
     * ChannelBind 0x009); a Binding-only gate (a shared port's) leaves it out. A host gate that
     * dropped them starved ice4j's TURN harvest: no relayed candidate.
     */
    @Test
    void aHostSocketsGatePassesTurnMessagesOnlyABindingOnlyGateDoesNot() throws Exception {
        StunGate host = StunGate.hostSocket();
        StunGate bindingOnly = StunGate.bindingOnly();
        host.remoteUfrag("peer1");
        bindingOnly.remoteUfrag("peer1");
        int[] turnTypes = {0x0103, 0x0113, 0x0104, 0x0017, 0x0108, 0x0109, 0x0118};
        for (int type : turnTypes) {
            byte[] m = FakeTurnServer.message(type, ID, FakeTurnServer.attribute(FakeTurnServer.LIFETIME, new byte[4]));
            assertTrue(host.accept(packet(m)), "host gate passes " + Integer.toHexString(type));
            assertFalse(bindingOnly.accept(packet(m)), "binding-only gate leaves out " + Integer.toHexString(type));
        }
        assertEquals(0, host.refused() + bindingOnly.refused(), "none of them is a refused check");
        assertFalse(host.accept(packet(StunProbe.bindingRequest(ID, "us:peer2", "pw"))), "checks are still gated");
        assertEquals(1, host.refused());
    }

    /** A relayed candidate's gate shares the host gate's peer ufrag and refusal count, and passes Binding only. */
    @Test
    void aRelayedCandidatesGateSharesTheSessionsUfragAndCount() throws Exception {
        StunGate host = StunGate.hostSocket();
        StunGate relay = host.forRelayedCandidate();
        assertNotEquals(host, relay, "ice4j must not take one for the other when it reuses a multiplexed socket");
        host.remoteUfrag("peer1");
        assertFalse(relay.accept(packet(StunProbe.bindingRequest(ID, "us:peer2", "pw"))));
        assertTrue(relay.accept(packet(StunProbe.bindingRequest(ID, "us:peer1", "pw"))));
        assertFalse(relay.accept(packet(FakeTurnServer.message(0x0103, ID))), "Binding only on a relayed socket");
        assertEquals(1, host.refused());
        host.remoteUfrag("peer2");
        assertTrue(relay.accept(packet(StunProbe.bindingRequest(ID, "us:peer2", "pw"))));
    }

    /**
     * Seeded mutations of a check (bit flips, byte changes, truncation, extension, length lies):
     * the gate never throws, never reads outside the datagram (its bytes sit inside a larger
     * array, so an out-of-range read would not fault by itself and is checked through a poisoned
     * margin that must not change the verdict), and agrees with a reference parse.
     */
    @Test
    void mutatedChecksNeverEscapeTheDatagram() throws Exception {
        byte[] base = StunProbe.bindingRequest(ID, "us:peer1", "pw");
        SplittableRandom r = new SplittableRandom(20261121L);
        int refusedVerdicts = 0;
        for (int n = 0; n < 100_000; n++) {
            byte[] m = mutate(base, r);
            byte[] framed = new byte[m.length + 16];
            System.arraycopy(m, 0, framed, 8, m.length);
            for (int fill = 0; fill < 2; fill++) {
                java.util.Arrays.fill(framed, 0, 8, (byte) (fill == 0 ? 0 : ':'));
                java.util.Arrays.fill(framed, 8 + m.length, framed.length, (byte) (fill == 0 ? 0 : ':'));
                boolean a = StunGate.fromSession(framed, 8, m.length, "peer1");
                boolean exact = StunGate.fromSession(m, 0, m.length, "peer1");
                assertEquals(exact, a, "the verdict depends only on the datagram's bytes");
                if (!a) {
                    refusedVerdicts++;
                }
            }
        }
        assertTrue(refusedVerdicts > 0, "some mutations change the sender ufrag");
    }

    private static byte[] mutate(byte[] base, SplittableRandom r) {
        byte[] m = base.clone();
        switch (r.nextInt(5)) {
            case 0 -> m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> m[r.nextInt(m.length)] = (byte) r.nextInt(256);
            case 2 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
            case 3 -> {
                m = java.util.Arrays.copyOf(m, m.length + 1 + r.nextInt(40));
                for (int i = base.length; i < m.length; i++) {
                    m[i] = (byte) r.nextInt(256);
                }
            }
            default -> { // a length field lies: the message's or the USERNAME's
                int at = r.nextBoolean() ? 2 : 22;
                m[at] = (byte) r.nextInt(256);
                m[at + 1] = (byte) r.nextInt(256);
            }
        }
        return m;
    }
}
