package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.ice.IceSession;
import org.ferryrtc.ice.IceState;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ICE restart (RFC 8445 §9) between two FerryRTC PeerConnections on 127.0.0.1 with a
 * DataChannel and an audio track each way: from either side, DataChannel messages sent before,
 * during and after the restart arrive exactly once and in order, audio keeps flowing, the new
 * ICE session replaces the old (closed) one, DTLS/SCTP/SRTP are not renegotiated and the
 * connection state stays CONNECTED; a re-offer that changes m-lines is refused.
 */
class IceRestartLoopbackTest {
    /** One side: its connection, its channel, what it received. */
    static final class Side implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Integer> audio = new CopyOnWriteArrayList<>();
        final Peers peers;
        LocalTrack track;
        PeerDataChannel channel;
        String offer;

        Side(PeerConfig.Builder config, DtlsRole answerRole) throws Exception {
            peers = new Peers(config.answerDtlsRole(answerRole).build(), e -> {
                if (e instanceof PeerEvent.DataChannelMessage m) {
                    messages.add(m.text());
                } else if (e instanceof PeerEvent.RemoteTrackAdded t) {
                    t.track().onFrame((tr, f) -> audio.add(((f.buffer()[0] & 0xFF) << 8) | (f.buffer()[1] & 0xFF)));
                }
            });
        }

        PeerConnection pc() {
            return peers.pc;
        }

        @Override
        public void close() {
            peers.close();
        }
    }

    private int sent;

    private void sendBoth(Side a, Side b, String phase) {
        assertTrue(a.channel.send("a" + sent + phase), "a sends " + sent);
        assertTrue(b.channel.send("b" + sent + phase), "b sends " + sent);
        byte[] frame = new byte[60];
        frame[0] = (byte) (sent >> 8);
        frame[1] = (byte) sent;
        a.track.sendFrame(frame, 960L * sent);
        b.track.sendFrame(frame, 960L * sent);
        sent++;
    }

    private static Side[] connect() throws Exception {
        return connect(Peers.loopback(), Peers.loopback());
    }

    private static Side[] connect(PeerConfig.Builder ca, PeerConfig.Builder cb) throws Exception {
        Side a = new Side(ca, DtlsRole.CLIENT);
        Side b = new Side(cb, DtlsRole.SERVER);
        a.track = a.pc().addTrack(RtpSessionConfig.Kind.AUDIO, "opus");
        b.track = b.pc().addTrack(RtpSessionConfig.Kind.AUDIO, "opus");
        a.channel = a.pc().createDataChannel("chat", DataChannelOptions.DEFAULT);
        a.offer = a.pc().createOffer();
        a.pc().setLocalDescription(PeerConnection.SdpType.OFFER, a.offer);
        b.pc().setRemoteDescription(PeerConnection.SdpType.OFFER, a.offer);
        String answer = b.pc().createAnswer();
        b.pc().setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
        a.pc().setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
        a.peers.awaitState(PeerConnectionState.CONNECTED, 15);
        b.peers.awaitState(PeerConnectionState.CONNECTED, 15);
        a.peers.await(PeerEvent.DataChannelOpen.class, e -> !e.remote(), 10);
        b.channel = b.peers.await(PeerEvent.DataChannelOpen.class, PeerEvent.DataChannelOpen::remote, 10).channel();
        return new Side[] {a, b};
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void restartKeepsEverythingFlowing(boolean offererRestarts) throws Exception {
        Side[] sides = connect();
        try (Side a = sides[0]; Side b = sides[1]) {
            restartAndCheck(sides, offererRestarts);
        }
    }

    /** The same with the answerer on a shared server port: its new session shares the old one's port. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void restartOnASharedServerPort(boolean offererRestarts) throws Exception {
        try (IceEndpoint eb = IceEndpoint.open(java.net.InetAddress.getByName("127.0.0.1"), 0)) {
            Side[] sides = connect(Peers.loopback(), PeerConfig.server(eb));
            try (Side a = sides[0]; Side b = sides[1]) {
                restartAndCheck(sides, offererRestarts);
            }
        }
    }

    /**
     * The offerer on a shared server port: its session checks first from the shared socket
     * (ice4j's single-port harvester could only answer), connects, then restarts either way.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theOffererOnASharedServerPort(boolean offererRestarts) throws Exception {
        try (IceEndpoint ea = IceEndpoint.open(java.net.InetAddress.getByName("127.0.0.1"), 0)) {
            Side[] sides = connect(PeerConfig.server(ea), Peers.loopback());
            try (Side a = sides[0]; Side b = sides[1]) {
                restartAndCheck(sides, offererRestarts);
            }
        }
    }

    private void restartAndCheck(Side[] sides, boolean offererRestarts) throws Exception {
        Side a = sides[0];
        Side b = sides[1];
        Side r = offererRestarts ? a : b;
        Side o = offererRestarts ? b : a;
        IceSession oldR = r.pc().iceSession();
        IceSession oldO = o.pc().iceSession();
        int seenR = r.peers.seen.size();
        int seenO = o.peers.seen.size();
        int stateEventsA = count(a, PeerEvent.ConnectionStateChanged.class);
        int stateEventsB = count(b, PeerEvent.ConnectionStateChanged.class);
        for (int i = 0; i < 20; i++) {
            sendBoth(a, b, "-before");
        }
        int firstDuring = sent;
        r.pc().restartIce();
        String offer = r.pc().createOffer();
        sendBoth(a, b, "-during");
        r.pc().setLocalDescription(PeerConnection.SdpType.OFFER, offer);
        o.pc().setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
        sendBoth(a, b, "-during");
        String answer = o.pc().createAnswer();
        o.pc().setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
        // The answer's candidates are trickled (RFC 8838) before the answer itself, which comes without them.
        StringBuilder bare = new StringBuilder();
        int trickled = 0;
        for (String line : answer.split("\r\n")) {
            if (line.startsWith("a=candidate:")) {
                r.pc().addRemoteCandidate(line.substring(2));
                trickled++;
            } else {
                bare.append(line).append("\r\n");
            }
        }
        assertTrue(trickled > 0);
        r.pc().setRemoteDescription(PeerConnection.SdpType.ANSWER, bare.toString());
        assertNotEquals(ufrag(offer), oldR.localCredentials().ufrag(), "new ICE credentials offered");
        assertNotEquals(ufrag(answer), oldO.localCredentials().ufrag(), "new ICE credentials answered");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while ((r.pc().iceSession() == oldR || o.pc().iceSession() == oldO) && System.nanoTime() < end) {
            sendBoth(a, b, "-during");
            r.peers.events.poll(10, TimeUnit.MILLISECONDS); // paces the loop, bounded
        }
        int firstAfter = sent;
        assertNotSame(oldR, r.pc().iceSession(), "the restarting side swapped its ICE session");
        assertNotSame(oldO, o.pc().iceSession(), "the other side swapped its ICE session");
        assertEquals(IceState.CLOSED, oldR.state(), "old session closed after the swap");
        assertEquals(IceState.CLOSED, oldO.state(), "old session closed after the swap");
        assertEquals(List.of(IceState.CHECKING, IceState.CONNECTED), iceStatesSince(r, seenR), "restarting side");
        assertEquals(List.of(IceState.CHECKING, IceState.CONNECTED), iceStatesSince(o, seenO), "other side");
        for (int i = 0; i < 20; i++) {
            sendBoth(a, b, "-after");
        }
        awaitMessages(a, sent);
        awaitMessages(b, sent);
        List<String> wantAtA = new ArrayList<>();
        List<String> wantAtB = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            String phase = i < firstDuring ? "-before" : i < firstAfter ? "-during" : "-after";
            wantAtA.add("b" + i + phase);
            wantAtB.add("a" + i + phase);
        }
        assertEquals(wantAtA, a.messages, "exactly once, in order");
        assertEquals(wantAtB, b.messages, "exactly once, in order");
        // Audio: every frame sent before and after the swap arrives (a few during it may not).
        for (Side s : sides) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!s.audio.containsAll(range(firstAfter, sent)) && System.nanoTime() < deadline) {
                s.peers.events.poll(10, TimeUnit.MILLISECONDS);
            }
            assertTrue(s.audio.containsAll(range(0, firstDuring)), "audio before: " + s.audio);
            assertTrue(s.audio.containsAll(range(firstAfter, sent)), "audio after: " + s.audio);
        }
        // No new DTLS handshake, no state change of the connection.
        assertEquals(1, count(a, PeerEvent.DtlsConnected.class));
        assertEquals(1, count(b, PeerEvent.DtlsConnected.class));
        assertEquals(stateEventsA, count(a, PeerEvent.ConnectionStateChanged.class), "a stays connected");
        assertEquals(stateEventsB, count(b, PeerEvent.ConnectionStateChanged.class), "b stays connected");
        assertEquals(PeerConnectionState.CONNECTED, a.pc().state());
        assertEquals(1L, a.pc().stats().counter("iceRestarts"));
        assertEquals(1L, b.pc().stats().counter("iceRestarts"));
        assertEquals(0L, a.pc().stats().counter("srtpUnprotectFailed"));
        assertEquals(0L, a.pc().stats().counter("ownerTaskErrors"));
        assertEquals(0L, b.pc().stats().counter("ownerTaskErrors"));
    }

    @Test
    void otherRenegotiationIsRefusedAndTheSessionKeepsWorking() throws Exception {
        Side[] sides = connect();
        try (Side a = sides[0]; Side b = sides[1]) {
            PeerException noRestart = assertThrows(PeerException.class, () -> a.pc().createOffer());
            assertTrue(noRestart.getMessage().contains("restartIce"), noRestart.getMessage());
            a.pc().restartIce();
            String offer = a.pc().createOffer();
            IceSession before = b.pc().iceSession();
            String changedKind = offer.replace("m=audio", "m=video");
            PeerException e = assertThrows(PeerException.class,
                    () -> b.pc().setRemoteDescription(PeerConnection.SdpType.OFFER, changedKind));
            assertTrue(e.getMessage().contains("kind changed"), e.getMessage());
            String noData = offer.substring(0, offer.indexOf("m=application"));
            PeerException e2 = assertThrows(PeerException.class,
                    () -> b.pc().setRemoteDescription(PeerConnection.SdpType.OFFER, noData));
            assertTrue(e2.getMessage().contains("m-lines"), e2.getMessage());
            assertSame(before, b.pc().iceSession());
            assertThrows(PeerException.class, () -> b.pc().createAnswer(), "nothing to answer after a refusal");
            // The first offer again (same credentials): no restart; answered with b's current credentials and role.
            b.pc().setRemoteDescription(PeerConnection.SdpType.OFFER, a.offer);
            String same = b.pc().createAnswer();
            assertEquals(before.localCredentials().ufrag(), ufrag(same));
            assertTrue(same.contains("a=setup:passive"), "b stays the DTLS server");
            b.pc().setLocalDescription(PeerConnection.SdpType.ANSWER, same);
            assertSame(before, b.pc().iceSession(), "no ICE restart without new credentials");
            for (int i = 0; i < 5; i++) {
                sendBoth(a, b, "-x");
            }
            awaitMessages(b, sent);
            awaitMessages(a, sent);
            assertEquals("a4-x", b.messages.get(4));
            assertEquals(PeerConnectionState.CONNECTED, b.pc().state());
        }
    }

    /** The ICE states reported since event {@code from} (COMPLETED, ice4j's later "terminated", left out). */
    private static List<IceState> iceStatesSince(Side s, int from) {
        List<IceState> out = new ArrayList<>();
        for (PeerEvent e : s.peers.seen.subList(from, s.peers.seen.size())) {
            if (e instanceof PeerEvent.IceStateChanged c && c.state() != IceState.COMPLETED) {
                out.add(c.state());
            }
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    private static String ufrag(String sdp) {
        int i = sdp.indexOf("a=ice-ufrag:") + "a=ice-ufrag:".length();
        return sdp.substring(i, sdp.indexOf('\r', i));
    }

    private static int count(Side s, Class<? extends PeerEvent> type) {
        return (int) s.peers.seen.stream().filter(type::isInstance).count();
    }

    /** Waits (bounded) until {@code s} received {@code n} messages; its event queue is the wake-up signal. */
    private static void awaitMessages(Side s, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.messages.size() < n && System.nanoTime() < end) {
            s.peers.events.poll(10, TimeUnit.MILLISECONDS);
        }
        assertEquals(n, s.messages.size(), "messages: " + s.messages);
    }
}
