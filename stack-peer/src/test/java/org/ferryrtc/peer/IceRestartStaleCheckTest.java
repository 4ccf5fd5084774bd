package org.ferryrtc.peer;

import org.ferryrtc.testkit.StunProbe;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.ice.IceCredentials;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.ice.IceServer;
import org.ferryrtc.ice.IceSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The race behind {@code ChromiumIceRestartInteropTest}'s intermittent failure, reproduced
 * deterministically between two FerryRTC PeerConnections (standalone ICE on 127.0.0.1).
 *
 * <p>When the peer restarts ICE, its new ICE session (new ufrag) exists as soon as it applies
 * its re-offer. Chromium then pairs its new candidates with the remote candidates it already
 * knows (ours, of the old session) and checks them with our <em>old</em> ufrag and password,
 * before our answer reaches it. If our old session answers, Chromium selects that pair (to our
 * old socket) and never nominates a pair to our new session: our restart never completes.
 * FerryRTC's own ICE does not send such checks, so the test sends one by hand, from a new
 * address, exactly when Chromium would: after the peer's re-offer, before our answer. Our old
 * session must not answer it (it still answers the peer's current session), and the restart
 * then completes on both sides with the DataChannel working.
 */
class IceRestartStaleCheckTest {
    /**
     * Standalone ICE, our side on a shared {@link IceEndpoint} port (the probe then checks that
     * port), or standalone ICE with a STUN server configured (ice4j's component socket and STUN
     * harvest then run too; {@link FakeStunServer}).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standalone", "sharedPort", "standaloneWithStunServer"})
    void ourOldSessionDoesNotAnswerThePeersNewSession(String mode) throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (FakeStunServer stun = new FakeStunServer(lo);
                IceEndpoint endpoint = IceEndpoint.open(lo, 0);
                Peers us = new Peers(switch (mode) {
                    case "sharedPort" -> PeerConfig.server(endpoint).build();
                    case "standaloneWithStunServer" ->
                            Peers.loopback().iceServers(java.util.List.of(new IceServer.Stun(stun.address()))).build();
                    default -> Peers.loopback().build();
                });
                Peers peer = new Peers(Peers.loopback().build());
                DatagramSocket probe = new DatagramSocket(0, lo)) {
            // The peer offers, as Chromium does in the interop test.
            PeerDataChannel peerChannel = peer.pc.createDataChannel("c", DataChannelOptions.DEFAULT);
            String offer = peer.pc.createOffer();
            peer.pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
            String answer = us.pc.createAnswer();
            us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            peer.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
            us.awaitState(PeerConnectionState.CONNECTED, 15);
            peer.awaitState(PeerConnectionState.CONNECTED, 15);
            PeerDataChannel ourChannel = us.await(PeerEvent.DataChannelOpen.class, PeerEvent.DataChannelOpen::remote, 10).channel();

            IceSession old = us.pc.iceSession();
            IceCredentials ours = old.localCredentials();
            int oldPort = old.localCandidates().get(0).port();

            peer.pc.restartIce();
            String reoffer = peer.pc.createOffer();
            peer.pc.setLocalDescription(PeerConnection.SdpType.OFFER, reoffer);
            String peerOld = ufrag(offer);
            String peerNew = ufrag(reoffer);
            assertNotEquals(peerOld, peerNew);

            // The peer's new session checks our old one (stale), then its old session does (current).
            byte[] staleId = new byte[12];
            byte[] currentId = new byte[12];
            Arrays.fill(staleId, (byte) 7);
            Arrays.fill(currentId, (byte) 9);
            byte[] stale = StunProbe.bindingRequest(staleId, ours.ufrag() + ":" + peerNew, ours.password());
            byte[] current = StunProbe.bindingRequest(currentId, ours.ufrag() + ":" + peerOld, ours.password());
            probe.send(new DatagramPacket(stale, stale.length, lo, oldPort));
            probe.send(new DatagramPacket(current, current.length, lo, oldPort));
            probe.setSoTimeout(10_000);
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            boolean currentAnswered = false;
            while (true) {
                try {
                    probe.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                }
                byte[] m = Arrays.copyOf(in.getData(), in.getLength());
                assertFalse(Arrays.equals(staleId, StunProbe.transactionId(m)),
                        "our old session answered the peer's new session: the peer would select a pair to it");
                if (Arrays.equals(currentId, StunProbe.transactionId(m))) {
                    assertEquals(0x0101, StunProbe.type(m), "the current session's check is answered");
                    currentAnswered = true;
                    probe.setSoTimeout(300); // the stale check was sent first: an answer to it is due by now
                }
            }
            assertTrue(currentAnswered, "the old session still answers the peer's current session");
            if (mode.equals("standaloneWithStunServer")) {
                assertTrue(stun.answered.get() > 0, "our session asked the STUN server");
            }

            // The restart then completes on both sides.
            us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, reoffer);
            String reanswer = us.pc.createAnswer();
            us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, reanswer);
            IceSession peerOldSession = peer.pc.iceSession();
            peer.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, reanswer);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((us.pc.iceSession() == old || peer.pc.iceSession() == peerOldSession) && System.nanoTime() < end) {
                us.events.poll(20, TimeUnit.MILLISECONDS); // a wake-up signal only
            }
            assertNotSame(old, us.pc.iceSession(), "we swapped to the new ICE session");
            assertNotSame(peerOldSession, peer.pc.iceSession(), "the peer swapped too");
            assertTrue(ourChannel.send("after-us"));
            assertTrue(peerChannel.send("after-peer"));
            assertEquals("after-peer", us.await(PeerEvent.DataChannelMessage.class, e -> true, 10).text());
            assertEquals("after-us", peer.await(PeerEvent.DataChannelMessage.class, e -> true, 10).text());
        }
    }

    private static String ufrag(String sdp) {
        int i = sdp.indexOf("a=ice-ufrag:") + "a=ice-ufrag:".length();
        return sdp.substring(i, sdp.indexOf('\r', i));
    }
}
