package org.ferryrtc.ice;

import org.ferryrtc.testkit.Coturn;
import org.ferryrtc.testkit.StunProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * STUN and TURN against a real, independent server: Debian's coturn on 127.0.0.1 (installed by
 * {@code .ci/install-test-deps}). A standalone session gathers a relayed candidate (TURN
 * Allocate with long-term credentials, RFC 8656 §7); the peer is given only that candidate and
 * the two connect. On loopback the host pair, discovered peer-reflexively, usually wins the
 * nomination: a relay-only policy that forces the relayed pair is not built yet.
 */
@Tag("interop")
class CoturnInteropTest {
    @Test
    void gathersRelayedCandidateFromCoturnAndPeerGivenOnlyItConnects() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (Coturn turn = Coturn.start(lo); IceEndpoint endpoint = IceEndpoint.open(lo, 0)) {
            InetSocketAddress server = turn.address();
            List<IceEvent> aEvents = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            CompletableFuture<IceState> aConnected = new CompletableFuture<>();
            CompletableFuture<IceState> bConnected = new CompletableFuture<>();
            LinkedBlockingQueue<String> atB = new LinkedBlockingQueue<>();
            IceSession a = IceSession.standalone(List.of(lo),
                    List.of(new IceServer.Turn(server, Coturn.USER, Coturn.PASSWORD)), true,
                    (s, e) -> {
                        aEvents.add(e);
                        if (e instanceof IceEvent.GatheringComplete) {
                            gathered.complete(null);
                        }
                        if (e instanceof IceEvent.StateChanged sc && sc.state() == IceState.CONNECTED) {
                            aConnected.complete(sc.state());
                        }
                    }, (buf, off, len) -> { });
            IceSession b = endpoint.newSession(false, (s, e) -> {
                if (e instanceof IceEvent.StateChanged sc && sc.state() == IceState.CONNECTED) {
                    bConnected.complete(sc.state());
                }
            }, (buf, off, len) -> atB.add(new String(buf, off, len, StandardCharsets.UTF_8)));
            try {
                a.gather();
                gathered.get(20, TimeUnit.SECONDS);
                IceCandidate relay = aEvents.stream()
                        .filter(e -> e instanceof IceEvent.LocalCandidate lc && lc.candidate().type().equals("relay"))
                        .map(e -> ((IceEvent.LocalCandidate) e).candidate()).findFirst()
                        .orElseThrow(() -> new AssertionError("no relayed candidate; events " + aEvents + "\ncoturn:\n" + turn.log()));
                assertEquals("127.0.0.1", relay.address());
                assertTrue(relay.port() >= turn.relayMin() && relay.port() <= turn.relayMax(), "relay port in coturn's range: " + relay);
                assertNotNull(relay.relatedAddress(), "a relayed candidate names its base (raddr)");

                a.setRemoteCredentials(b.localCredentials());
                b.setRemoteCredentials(a.localCredentials());
                assertTrue(b.addRemoteCandidate(relay), "peer knows only the relayed candidate");
                for (IceCandidate c : b.localCandidates()) {
                    a.addRemoteCandidate(c);
                }
                a.start();
                b.start();
                assertEquals(IceState.CONNECTED, aConnected.get(20, TimeUnit.SECONDS));
                assertEquals(IceState.CONNECTED, bConnected.get(20, TimeUnit.SECONDS));
                byte[] m = "through the relay".getBytes(StandardCharsets.UTF_8);
                a.send(m, 0, m.length);
                assertEquals("through the relay", atB.poll(10, TimeUnit.SECONDS), "coturn:\n" + turn.log());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /**
     * The ICE-restart stale-check gate ({@link StunGate}) on a relayed candidate, through a real
     * coturn: a check from another ICE session of the peer (stale sender ufrag) reaching our
     * relayed candidate is refused; one from the peer's current session, sent after it, is
     * answered back through coturn (CreatePermission, then Send indication or ChannelData, RFC
     * 8656 §9-12, all by ice4j's TURN client through the host socket's gate). coturn runs with
     * {@code --server-relay} here (no permission check on packets arriving at the relay), so the
     * hand-written checks reach the relay before our session has sent anything to their address.
     */
    @Test
    void aStaleCheckThroughCoturnIsRefusedByTheRelayedCandidatesGate() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (Coturn turn = Coturn.start(lo, "--server-relay");
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            List<IceEvent> events = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            IceSession a = IceSession.standalone(List.of(lo),
                    List.of(new IceServer.Turn(turn.address(), Coturn.USER, Coturn.PASSWORD)), false,
                    (s, e) -> {
                        events.add(e);
                        if (e instanceof IceEvent.GatheringComplete) {
                            gathered.complete(null);
                        }
                    }, (buf, off, len) -> { });
            try {
                a.gather();
                gathered.get(20, TimeUnit.SECONDS);
                IceCandidate relay = events.stream()
                        .filter(e -> e instanceof IceEvent.LocalCandidate lc && lc.candidate().type().equals("relay"))
                        .map(e -> ((IceEvent.LocalCandidate) e).candidate()).findFirst()
                        .orElseThrow(() -> new AssertionError("no relayed candidate; events " + events + "\ncoturn:\n" + turn.log()));
                IceCredentials ours = a.localCredentials();
                a.setRemoteCredentials(new IceCredentials("peerOld", "peer-old-password-0123456789"));
                a.start();

                InetSocketAddress relayAddress = new InetSocketAddress(lo, relay.port());
                byte[] staleId = new byte[12];
                byte[] currentId = new byte[12];
                java.util.Arrays.fill(staleId, (byte) 5);
                java.util.Arrays.fill(currentId, (byte) 6);
                byte[] stale = StunProbe.bindingRequest(staleId, ours.ufrag() + ":peerNew", ours.password());
                byte[] current = StunProbe.bindingRequest(currentId, ours.ufrag() + ":peerOld", ours.password());
                peer.send(new java.net.DatagramPacket(stale, stale.length, relayAddress));
                peer.send(new java.net.DatagramPacket(current, current.length, relayAddress));
                peer.setSoTimeout(10_000);
                java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[1500], 1500);
                byte[] answer;
                do { // our session's own triggered check to this new address may come first
                    try {
                        peer.receive(in);
                    } catch (java.net.SocketTimeoutException e) {
                        throw new AssertionError("no answer through coturn; coturn:\n" + turn.log(), e);
                    }
                    answer = java.util.Arrays.copyOf(in.getData(), in.getLength());
                } while (StunProbe.type(answer) == 0x0001);
                assertEquals(relayAddress, in.getSocketAddress(), "answered through the relay");
                assertEquals(0x0101, StunProbe.type(answer), "a Binding success response");
                assertArrayEquals(currentId, StunProbe.transactionId(answer), "to the current session's check");
                assertEquals(1, a.staleChecksRefused(), "the stale check was refused by the relayed candidate's gate");
            } finally {
                a.close();
            }
        }
    }
}
