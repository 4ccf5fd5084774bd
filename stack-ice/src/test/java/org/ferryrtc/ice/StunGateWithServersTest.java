package org.ferryrtc.ice;

import org.ferryrtc.testkit.StunProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ICE-restart stale-check gate ({@link StunGate}) on a standalone session WITH a TURN server
 * configured: the session still gathers its relayed candidate through the gate (the TURN
 * client's Allocate responses pass it), and a check from another ICE session of the peer is
 * refused both on the host socket and through the relay, while the peer's current session is
 * answered on both. The TURN server is {@link FakeTurnServer}, driven from this thread; the
 * checks are written by hand ({@link StunProbe}). Real sockets on 127.0.0.1; every wait is
 * bounded.
 */
class StunGateWithServersTest {
    private static final int TYPE_REQUEST_CLASS_MASK = 0x0110;

    @Test
    void aSessionWithATurnServerGathersItsRelayAndRefusesStaleChecksOnHostAndRelay() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        LinkedBlockingQueue<IceEvent> events = new LinkedBlockingQueue<>();
        try (FakeTurnServer turn = new FakeTurnServer(lo); DatagramSocket peer = new DatagramSocket(0, lo)) {
            IceSession session = IceSession.standalone(List.of(lo),
                    List.of(new IceServer.Turn(turn.address(), "user", "password")), false,
                    (s, e) -> events.add(e), (buf, off, len) -> { });
            try {
                assertFalse(session.readsHostSocketDirectly(), "a relay goes through ice4j's component socket");
                session.gather(); // returns at once: the server harvest runs on a gathering thread

                // the TURN client's Allocate (RFC 8656 §7.2), answered at once without a challenge
                FakeTurnServer.Received allocate = nextRequest(turn, 0x0003);
                InetSocketAddress relayed = new InetSocketAddress(lo, 40_000 + turn.address().getPort() % 10_000);
                turn.allocate(allocate, relayed);
                IceCandidate relay = null;
                IceCandidate host = null;
                List<IceEvent> seen = new java.util.ArrayList<>();
                for (IceEvent e; !((e = events.poll(10, TimeUnit.SECONDS)) instanceof IceEvent.GatheringComplete); ) {
                    seen.add(e);
                    assertNotNull(e, "gathering did not complete");
                    if (e instanceof IceEvent.LocalCandidate lc && lc.candidate().type().equals("relay")) {
                        relay = lc.candidate();
                    } else if (e instanceof IceEvent.LocalCandidate lc && lc.candidate().type().equals("host")) {
                        host = lc.candidate();
                    }
                }
                assertNotNull(relay, "the Allocate success reached the StunStack through the gate: a relayed candidate; " + seen);
                assertEquals(relayed.getPort(), relay.port());
                assertNotNull(host);
                InetSocketAddress hostAddress = new InetSocketAddress(lo, host.port());

                IceCredentials ours = session.localCredentials();
                session.setRemoteCredentials(new IceCredentials("peerOld", "peer-old-password-0123456789"));
                session.start();

                // on the host socket: the peer's new session (stale for us) first, then its current one
                byte[] staleId = id(1);
                byte[] currentId = id(2);
                send(peer, StunProbe.bindingRequest(staleId, ours.ufrag() + ":peerNew", ours.password()), hostAddress);
                send(peer, StunProbe.bindingRequest(currentId, ours.ufrag() + ":peerOld", ours.password()), hostAddress);
                peer.setSoTimeout(10_000);
                DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
                peer.receive(in);
                byte[] answer = Arrays.copyOf(in.getData(), in.getLength());
                assertEquals(0x0101, StunProbe.type(answer), "a Binding success response");
                assertArrayEquals(currentId, StunProbe.transactionId(answer), "to the current session's check");
                assertEquals(1, session.staleChecksRefused());

                // through the relay: both checks come from the peer inside Data indications (RFC 8656 §11.4)
                InetSocketAddress remotePeer = new InetSocketAddress(lo, relayed.getPort() + 1);
                byte[] staleViaRelay = id(3);
                byte[] currentViaRelay = id(4);
                turn.dataIndication(hostAddress, remotePeer,
                        StunProbe.bindingRequest(staleViaRelay, ours.ufrag() + ":peerNew", ours.password()));
                turn.dataIndication(hostAddress, remotePeer,
                        StunProbe.bindingRequest(currentViaRelay, ours.ufrag() + ":peerOld", ours.password()));
                // the answer goes back through the relay: ice4j asks for a permission (and may bind a
                // channel, RFC 8656 §9, §12) and sends it in a Send indication or ChannelData
                byte[] relayedAnswer = null;
                for (int n = 0; n < 100 && relayedAnswer == null; n++) {
                    FakeTurnServer.Received r = turn.receive(10_000);
                    assertNotNull(r, "no answer came back through the relay");
                    if (r.isStun() && (r.type() & TYPE_REQUEST_CLASS_MASK) == 0) {
                        turn.succeed(r); // CreatePermission, ChannelBind, Refresh
                        continue;
                    }
                    byte[] data = r.relayed();
                    if (data != null && data.length >= 20 && StunProbe.type(data) == 0x0101) {
                        relayedAnswer = data;
                    }
                }
                assertNotNull(relayedAnswer, "the current check through the relay was answered");
                assertArrayEquals(currentViaRelay, StunProbe.transactionId(relayedAnswer),
                        "the answer through the relay is to the current session's check");
                assertEquals(2, session.staleChecksRefused(), "the relay's gate counts with the host's");
                // bounded: what may still come through the relay is the session's own triggered check
                // and TURN requests; never an answer to either stale check
                FakeTurnServer.Received r;
                for (int n = 0; n < 200 && (r = turn.receive(300)) != null; n++) {
                    if (r.isStun() && (r.type() & TYPE_REQUEST_CLASS_MASK) == 0) {
                        turn.succeed(r);
                        continue;
                    }
                    byte[] data = r.relayed();
                    if (data != null && data.length >= 20) {
                        assertFalse(Arrays.equals(staleViaRelay, StunProbe.transactionId(data)), "the stale check was answered");
                    }
                }
            } finally {
                session.close();
            }
        }
    }

    private static FakeTurnServer.Received nextRequest(FakeTurnServer turn, int type) throws Exception {
        for (int n = 0; n < 20; n++) {
            FakeTurnServer.Received r = turn.receive(10_000);
            assertNotNull(r, "no request of type " + Integer.toHexString(type));
            if (r.isStun() && r.type() == type) {
                return r;
            }
        }
        throw new AssertionError("no request of type " + Integer.toHexString(type));
    }

    private static byte[] id(int fill) {
        byte[] id = new byte[12];
        Arrays.fill(id, (byte) fill);
        return id;
    }

    private static void send(DatagramSocket from, byte[] m, InetSocketAddress to) throws Exception {
        from.send(new DatagramPacket(m, m.length, to));
    }
}
