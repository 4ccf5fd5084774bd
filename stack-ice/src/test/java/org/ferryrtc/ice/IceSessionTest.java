package org.ferryrtc.ice;

import org.ferryrtc.testkit.StunProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real ice4j agents on 127.0.0.1, each server on its own single shared port, run full ICE
 * against each other. Real sockets on loopback; every wait is bounded.
 */
class IceSessionTest {
    private IceEndpoint left;
    private IceEndpoint right;

    @BeforeEach
    void open() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        left = IceEndpoint.open(lo, 0);
        right = IceEndpoint.open(lo, 0);
    }

    @AfterEach
    void close() {
        left.close();
        right.close();
    }

    /** One side of a call: its session, what it saw, and what it received. */
    static final class Side implements IceListener, IcePacketHandler {
        final List<IceEvent> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<IceState> connected = new CompletableFuture<>();
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        IceSession session;

        @Override
        public void onEvent(IceSession s, IceEvent e) {
            events.add(e);
            if (e instanceof IceEvent.StateChanged sc
                    && (sc.state() == IceState.CONNECTED || sc.state() == IceState.FAILED)) {
                connected.complete(sc.state());
            }
        }

        @Override
        public void onPacket(byte[] buf, int off, int len) {
            received.add(new String(buf, off, len, StandardCharsets.UTF_8));
        }
    }

    private static void exchange(Side a, Side b) {
        a.session.setRemoteCredentials(b.session.localCredentials());
        b.session.setRemoteCredentials(a.session.localCredentials());
        for (IceCandidate c : a.session.localCandidates()) {
            assertTrue(b.session.addRemoteCandidate(c));
        }
        for (IceCandidate c : b.session.localCandidates()) {
            assertTrue(a.session.addRemoteCandidate(c));
        }
    }

    @Test
    void twoAgentsConnectOverLoopbackAndCarryData() throws Exception {
        Side a = new Side();
        Side b = new Side();
        a.session = left.newSession(true, a, a);
        b.session = IceSession.standalone(List.of(InetAddress.getByName("127.0.0.1")), false, b, b);
        try {
            List<IceCandidate> local = a.session.localCandidates();
            assertEquals(1, local.size());
            assertEquals("127.0.0.1", local.get(0).address());
            assertEquals(left.localAddress().getPort(), local.get(0).port());
            assertEquals("host", local.get(0).type());
            assertTrue(a.session.isControlling());
            assertFalse(b.session.isControlling());

            exchange(a, b);
            a.session.start();
            b.session.start();
            assertEquals(IceState.CONNECTED, a.connected.get(15, TimeUnit.SECONDS));
            assertEquals(IceState.CONNECTED, b.connected.get(15, TimeUnit.SECONDS));
            assertTrue(a.events.stream().anyMatch(e -> e instanceof IceEvent.PairSelected p
                    && p.remote().getPort() == b.session.localCandidates().get(0).port()), a.events.toString());

            byte[] hello = "hello from a".getBytes(StandardCharsets.UTF_8);
            a.session.send(hello, 0, hello.length);
            assertEquals("hello from a", b.received.poll(5, TimeUnit.SECONDS));
            byte[] reply = "xxreply from bxx".getBytes(StandardCharsets.UTF_8);
            b.session.send(reply, 2, reply.length - 4);
            assertEquals("reply from b", a.received.poll(5, TimeUnit.SECONDS));

            long now = System.currentTimeMillis();
            assertEquals(IceState.CONNECTED, a.session.checkConsent(now), "consent is fresh");
            assertEquals(IceState.DISCONNECTED, a.session.checkConsent(now + 13_000), "13 s of silence");
            assertEquals(IceState.CONNECTED, a.session.checkConsent(now), "a fresh refresh recovers");
            assertEquals(IceState.FAILED, a.session.checkConsent(now + 31_000), "consent expired");
            assertTrue(a.events.contains(new IceEvent.StateChanged(IceState.DISCONNECTED)));
            assertTrue(a.events.contains(new IceEvent.StateChanged(IceState.FAILED)));
        } finally {
            a.session.close();
            b.session.close();
        }
        assertEquals(IceState.CLOSED, a.session.state());
    }

    /** The standalone reader buffer (no longer 64 KB) still takes the largest datagram ice4j delivers. */
    @Test
    void aStandaloneSessionReceivesAFullSizeDatagramWhole() throws Exception {
        Side a = new Side();
        Side b = new Side();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        a.session = IceSession.standalone(List.of(lo), true, a, a);
        b.session = IceSession.standalone(List.of(lo), false, b, b);
        try {
            exchange(a, b);
            a.session.start();
            b.session.start();
            assertEquals(IceState.CONNECTED, a.connected.get(15, TimeUnit.SECONDS));
            assertEquals(IceState.CONNECTED, b.connected.get(15, TimeUnit.SECONDS));
            byte[] big = new byte[IceSession.MAX_DATAGRAM];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) ('a' + i % 26); // first byte 'a': not STUN, DTLS or RTP, passed on as is
            }
            a.session.send(big, 0, big.length);
            String got = b.received.poll(5, TimeUnit.SECONDS);
            assertNotNull(got, "the datagram arrived");
            assertEquals(new String(big, StandardCharsets.UTF_8), got, "whole, not truncated");
        } finally {
            a.session.close();
            b.session.close();
        }
    }

    /**
     * A standalone session on one address reads its host socket without ice4j's component
     * socket (no merging socket, reader thread or 10,000-slot queue of its own) and, like that
     * socket, passes on only datagrams from a sender a connectivity check succeeded with.
     */
    @Test
    void aDirectReaderDropsDatagramsFromAStranger() throws Exception {
        Side a = new Side();
        Side b = new Side();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        a.session = IceSession.standalone(List.of(lo), true, a, a);
        b.session = IceSession.standalone(List.of(lo), false, b, b);
        try (java.net.DatagramSocket stranger = new java.net.DatagramSocket(0, lo)) {
            assertTrue(b.session.readsHostSocketDirectly());
            exchange(a, b);
            a.session.start();
            b.session.start();
            assertEquals(IceState.CONNECTED, a.connected.get(15, TimeUnit.SECONDS));
            assertEquals(IceState.CONNECTED, b.connected.get(15, TimeUnit.SECONDS));
            byte[] junk = "from a stranger".getBytes(StandardCharsets.UTF_8);
            int port = b.session.localCandidates().get(0).port();
            stranger.send(new java.net.DatagramPacket(junk, junk.length, lo, port));
            byte[] hello = "from the peer".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                a.session.send(hello, 0, hello.length);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("from the peer", b.received.poll(5, TimeUnit.SECONDS));
            }
            // the stranger's datagram was sent first, on loopback, to the same single reader
            assertEquals(1, b.session.unauthorizedDropped());
            assertNull(b.received.poll());
        } finally {
            a.session.close();
            b.session.close();
        }
    }

    /** Two host sockets still need ice4j's component socket to merge them. */
    @Test
    void twoAddressesKeepTheComponentSocket() throws Exception {
        Side a = new Side();
        IceSession s = IceSession.standalone(
                List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")), true, a, a);
        try {
            assertEquals(2, s.localCandidates().size());
            assertFalse(s.readsHostSocketDirectly());
        } finally {
            s.close();
        }
    }

    /**
     * The ICE-restart race, deterministically: the peer's new ICE session (new ufrag) checks our
     * session with our ufrag and password, as Chromium does from its new candidates before our
     * answer reaches it. Answered, the peer would select a pair to this (old) session and never
     * nominate one to our new session. Such a check is refused (no answer, counted); a check from
     * the peer's current session on the same socket, sent after it, is answered.
     */
    @Test
    void aCheckFromAnotherIceSessionOfThePeerIsNotAnswered() throws Exception {
        Side s = new Side();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        s.session = IceSession.standalone(List.of(lo), false, s, s);
        try (java.net.DatagramSocket peer = new java.net.DatagramSocket(0, lo)) {
            IceCredentials ours = s.session.localCredentials();
            s.session.setRemoteCredentials(new IceCredentials("peerOld", "peer-old-password-0123456789"));
            s.session.start();
            int port = s.session.localCandidates().get(0).port();
            byte[] staleId = new byte[12];
            byte[] currentId = new byte[12];
            java.util.Arrays.fill(staleId, (byte) 1);
            java.util.Arrays.fill(currentId, (byte) 2);
            byte[] stale = StunProbe.bindingRequest(staleId, ours.ufrag() + ":peerNew", ours.password());
            byte[] current = StunProbe.bindingRequest(currentId, ours.ufrag() + ":peerOld", ours.password());
            peer.send(new java.net.DatagramPacket(stale, stale.length, lo, port));
            peer.send(new java.net.DatagramPacket(current, current.length, lo, port));
            peer.setSoTimeout(10_000);
            java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[1500], 1500);
            peer.receive(in);
            byte[] answer = java.util.Arrays.copyOf(in.getData(), in.getLength());
            assertEquals(0x0101, StunProbe.type(answer), "a Binding success response");
            assertArrayEquals(currentId, StunProbe.transactionId(answer), "to the current session's check");
            assertEquals(1, s.session.staleChecksRefused());
            // bounded: the stale check was sent first, an answer to it would be here by now; what
            // may come is the session's own triggered check to the new address (a request)
            peer.setSoTimeout(300);
            while (true) {
                try {
                    peer.receive(in);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                byte[] m = java.util.Arrays.copyOf(in.getData(), in.getLength());
                assertFalse(java.util.Arrays.equals(staleId, StunProbe.transactionId(m)), "the stale check was answered");
                assertEquals(0x0001, StunProbe.type(m), "only the session's own check may follow");
            }
            assertEquals(1, s.session.unauthorizedDropped(), "the refused check went no further than the reader");
            assertNull(s.received.poll(), "nor to the packet handler");
        } finally {
            s.session.close();
        }
    }

    @Test
    void manySessionsShareOnePortAndAreDemultiplexedByUfrag() throws Exception {
        int n = 3;
        Side[] as = new Side[n];
        Side[] bs = new Side[n];
        try {
            for (int i = 0; i < n; i++) {
                as[i] = new Side();
                bs[i] = new Side();
                as[i].session = left.newSession(i % 2 == 0, as[i], as[i]);
                bs[i].session = IceSession.standalone(List.of(InetAddress.getByName("127.0.0.1")), i % 2 != 0, bs[i], bs[i]);
                exchange(as[i], bs[i]);
            }
            for (int i = 0; i < n; i++) {
                as[i].session.start();
                bs[i].session.start();
            }
            for (int i = 0; i < n; i++) {
                assertEquals(IceState.CONNECTED, as[i].connected.get(15, TimeUnit.SECONDS));
                assertEquals(IceState.CONNECTED, bs[i].connected.get(15, TimeUnit.SECONDS));
            }
            for (int i = 0; i < n; i++) {
                byte[] m = ("to b" + i).getBytes(StandardCharsets.UTF_8);
                as[i].session.send(m, 0, m.length);
            }
            for (int i = 0; i < n; i++) {
                assertEquals("to b" + i, bs[i].received.poll(5, TimeUnit.SECONDS), "session " + i);
            }
        } finally {
            for (int i = 0; i < n; i++) {
                if (as[i] != null) {
                    as[i].session.close();
                }
                if (bs[i] != null) {
                    bs[i].session.close();
                }
            }
        }
    }

    @Test
    void unusableRemoteCandidatesAreIgnored() {
        Side a = new Side();
        a.session = left.newSession(true, a, a);
        try {
            assertFalse(a.session.addRemoteCandidate(new IceCandidate("1", 1, "tcp", 1, "127.0.0.1", 9, "host", null, -1)),
                    "TCP candidate");
            assertFalse(a.session.addRemoteCandidate(new IceCandidate("1", 2, "udp", 1, "127.0.0.1", 5000, "host", null, -1)),
                    "RTCP component under rtcp-mux");
            assertFalse(a.session.addRemoteCandidate(new IceCandidate("1", 1, "udp", 1, "3b1f-uuid.local", 5000, "host", null, -1)),
                    "mDNS name is never resolved");
            assertFalse(a.session.addRemoteCandidate(new IceCandidate("1", 1, "UDP", 1, "127.0.0.1", 5000, "weird", null, -1)),
                    "unknown type");
            assertTrue(a.session.addRemoteCandidate(new IceCandidate("1", 1, "UDP", 1, "127.0.0.1", 5000, "host", null, -1)),
                    "transport name in any case");
            assertThrows(IllegalStateException.class, () -> a.session.start(), "start before remote credentials");
            assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab", "x".repeat(22)));
            assertThrows(IllegalArgumentException.class,
                    () -> IceEndpoint.open(InetAddress.getByName("0.0.0.0"), 0), "wildcard bind refused");
        } finally {
            a.session.close();
        }
    }
}
