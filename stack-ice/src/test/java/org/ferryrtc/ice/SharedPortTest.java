package org.ferryrtc.ice;

import org.ferryrtc.testkit.StunProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions on one {@link IceEndpoint} port, demultiplexed by {@link SharedPort}: a session
 * checks first (so it can offer to a peer that never checks first), and a peer's ICE restart
 * reaches the new session even from an address the old session saw first. Real sockets on
 * 127.0.0.1; every wait is bounded.
 */
class SharedPortTest {
    private InetAddress lo;
    private IceEndpoint endpoint;

    @BeforeEach
    void open() throws Exception {
        lo = InetAddress.getByName("127.0.0.1");
        endpoint = IceEndpoint.open(lo, 0);
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    /**
     * The peer is never started: it answers checks (its StunStack does) but sends none. ice4j's
     * single-port harvester could not check before the peer's first check arrived; our
     * shared-port session checks from the shared socket, nominates, and connects alone.
     */
    @Test
    void aSharedPortSessionChecksFirstAndConnectsToAPeerThatNeverChecks() throws Exception {
        IceSessionTest.Side a = new IceSessionTest.Side();
        IceSessionTest.Side b = new IceSessionTest.Side();
        a.session = endpoint.newSession(true, a, a);
        b.session = IceSession.standalone(List.of(lo), false, b, b);
        try {
            a.session.setRemoteCredentials(b.session.localCredentials());
            b.session.setRemoteCredentials(a.session.localCredentials());
            for (IceCandidate c : b.session.localCandidates()) {
                assertTrue(a.session.addRemoteCandidate(c));
            }
            a.session.start();
            assertEquals(IceState.CONNECTED, a.connected.get(15, TimeUnit.SECONDS), "connected by its own checks");
            assertEquals(IceState.NEW, b.session.state(), "the peer never started, never checked");
            byte[] m = "offered".getBytes(StandardCharsets.UTF_8);
            a.session.send(m, 0, m.length); // from the shared port to the peer's host candidate
            assertEquals(0, endpoint.unknownUfragDropped());
        } finally {
            a.session.close();
            b.session.close();
        }
    }

    /**
     * A peer restarts ICE: from one address it first checks the old session with its new ufrag
     * (as Chromium does before our answer reaches it), then the new session. ice4j's single-port
     * harvester bound that address to the old session on the first check, so the new session
     * never got its checks. Here the stale check is refused (no answer, counted), the new
     * session's check is answered, and once the new session's own check with that address
     * succeeds, the address's datagrams go to the new session.
     */
    @Test
    void aRestartedPeerReachesTheNewSessionFromAnAddressTheOldOneSaw() throws Exception {
        IceSessionTest.Side oldSide = new IceSessionTest.Side();
        IceSessionTest.Side newSide = new IceSessionTest.Side();
        IceSession old = endpoint.newSession(false, oldSide, oldSide);
        IceSession fresh = endpoint.newSession(false, newSide, newSide);
        oldSide.session = old;
        newSide.session = fresh;
        IceSessionTest.Side peer = new IceSessionTest.Side();
        try (DatagramSocket probe = new DatagramSocket(0, lo)) {
            old.setRemoteCredentials(new IceCredentials("peerOld", "peer-old-password-0123456789"));
            IceCredentials o = old.localCredentials();
            IceCredentials n = fresh.localCredentials();
            int port = endpoint.localAddress().getPort();
            byte[] staleId = new byte[12];
            byte[] freshId = new byte[12];
            Arrays.fill(staleId, (byte) 3);
            Arrays.fill(freshId, (byte) 4);
            byte[] stale = StunProbe.bindingRequest(staleId, o.ufrag() + ":peerNew", o.password());
            byte[] toFresh = StunProbe.bindingRequest(freshId, n.ufrag() + ":peerNew", n.password());
            probe.send(new DatagramPacket(stale, stale.length, lo, port));
            probe.send(new DatagramPacket(toFresh, toFresh.length, lo, port));
            probe.setSoTimeout(10_000);
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            boolean freshAnswered = false;
            while (true) {
                try {
                    probe.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                }
                byte[] m = Arrays.copyOf(in.getData(), in.getLength());
                assertFalse(Arrays.equals(staleId, StunProbe.transactionId(m)), "the old session answered the new ufrag");
                if (Arrays.equals(freshId, StunProbe.transactionId(m))) {
                    assertEquals(0x0101, StunProbe.type(m), "the new session answers");
                    freshAnswered = true;
                    probe.setSoTimeout(300); // the stale check was sent first: its answer is due by now
                }
            }
            assertTrue(freshAnswered);
            assertEquals(1, endpoint.staleChecksRefused());
            assertEquals(1, old.staleChecksRefused());

            // A check with an unknown ufrag is dropped and counted.
            byte[] unknown = StunProbe.bindingRequest(new byte[12], "nobody:peerNew", "x");
            probe.send(new DatagramPacket(unknown, unknown.length, lo, port));

            // Now a real peer at a new address connects to the new session; its datagrams reach it.
            peer.session = IceSession.standalone(List.of(lo), true, peer, peer);
            fresh.setRemoteCredentials(peer.session.localCredentials());
            peer.session.setRemoteCredentials(n);
            for (IceCandidate c : fresh.localCandidates()) {
                assertTrue(peer.session.addRemoteCandidate(c));
            }
            for (IceCandidate c : peer.session.localCandidates()) {
                assertTrue(fresh.addRemoteCandidate(c));
            }
            peer.session.start();
            fresh.start();
            assertEquals(IceState.CONNECTED, peer.connected.get(15, TimeUnit.SECONDS));
            assertEquals(IceState.CONNECTED, newSide.connected.get(15, TimeUnit.SECONDS));
            byte[] m = "to the new session".getBytes(StandardCharsets.UTF_8);
            peer.session.send(m, 0, m.length);
            assertEquals("to the new session", newSide.received.poll(5, TimeUnit.SECONDS));
            assertNull(oldSide.received.poll(), "nothing for the old session");
            assertEquals(1, endpoint.unknownUfragDropped(), "the check with an unknown ufrag");
        } finally {
            old.close();
            fresh.close();
            if (peer.session != null) {
                peer.session.close();
            }
        }
    }

    /** Mutated STUN through the port's parsers: nothing escapes, nothing reads out of bounds. */
    @Test
    void mutatedStunNeverEscapesTheParsers() throws Exception {
        byte[] base = StunProbe.bindingRequest(new byte[12], "us:peer1", "pw");
        java.util.SplittableRandom r = new java.util.SplittableRandom(8445L);
        int routable = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] m = base.clone();
            switch (r.nextInt(4)) {
                case 0 -> m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> m = Arrays.copyOf(m, r.nextInt(m.length + 1));
                case 2 -> m = Arrays.copyOf(m, m.length + 1 + r.nextInt(40));
                default -> {
                    int at = r.nextBoolean() ? 2 : 22;
                    m[at] = (byte) r.nextInt(256);
                    m[at + 1] = (byte) r.nextInt(256);
                }
            }
            if (SharedPort.isStun(m, 0, m.length) && SharedPort.localUfrag(m, m.length) != null) {
                routable++;
            }
        }
        assertTrue(routable > 0 && routable < 100_000, "some mutations keep a routable USERNAME, some do not: " + routable);
    }
}
