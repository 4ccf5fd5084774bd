package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two FerryRTC PeerConnections with standalone ICE on 127.0.0.1: offer/answer, ICE, DTLS,
 * SCTP DataChannels both ways, and SRTP media (audio + video frames) both ways, for both DTLS
 * roles of the answerer (which also swaps who is DTLS client).
 */
class PeerConnectionLoopbackTest {

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void dataAndMediaFlowBothWays(DtlsRole answerRole) throws Exception {
        try (Peers a = Peers.loopback(DtlsRole.CLIENT); Peers b = Peers.loopback(answerRole)) {
            LocalTrack aAudio = a.pc.addTrack(RtpSessionConfig.Kind.AUDIO, "opus");
            LocalTrack aVideo = a.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            LocalTrack bVideo = b.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            PeerDataChannel fromA = a.pc.createDataChannel("from-a", DataChannelOptions.DEFAULT);
            Peers.negotiate(a, b);

            a.awaitState(PeerConnectionState.CONNECTED, 15);
            b.awaitState(PeerConnectionState.CONNECTED, 15);
            PeerEvent.DtlsConnected da = a.await(PeerEvent.DtlsConnected.class, e -> true, 1);
            PeerEvent.DtlsConnected db = b.await(PeerEvent.DtlsConnected.class, e -> true, 1);
            assertEquals(answerRole == DtlsRole.CLIENT, db.dtlsClient(), "answerer's DTLS role as configured");
            assertNotEquals(da.dtlsClient(), db.dtlsClient());
            assertEquals(da.srtpProfile(), db.srtpProfile());
            assertEquals("AEAD_AES_128_GCM", da.srtpProfile(), "GCM first by default");

            // DataChannels: a's channel arrives at b as remote; b opens one too
            a.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == fromA && !e.remote(), 10);
            PeerEvent.DataChannelOpen atB = b.await(PeerEvent.DataChannelOpen.class, e -> e.remote(), 10);
            assertEquals("from-a", atB.channel().label());
            PeerDataChannel fromB = b.pc.createDataChannel("from-b", DataChannelOptions.DEFAULT);
            a.await(PeerEvent.DataChannelOpen.class, e -> e.remote() && e.channel().label().equals("from-b"), 10);
            assertNotEquals(fromA.id() % 2, fromB.id() % 2, "stream id parity follows the DTLS role (RFC 8832 §6)");

            byte[] big = new byte[200_000];
            new Random(7).nextBytes(big);
            assertTrue(fromA.send("hello"));
            assertTrue(fromA.send(big));
            PeerEvent.DataChannelMessage m1 = b.await(PeerEvent.DataChannelMessage.class, e -> true, 10);
            assertEquals("hello", m1.text());
            assertFalse(m1.binary());
            PeerEvent.DataChannelMessage m2;
            try {
                m2 = b.await(PeerEvent.DataChannelMessage.class, e -> true, 10);
            } catch (AssertionError err) {
                throw new AssertionError(err.getMessage() + "\na: " + a.pc.stats() + "\nb: " + b.pc.stats() + "\n" + a.pc.lastOwnerError(), a.pc.lastOwnerError());
            }
            assertArrayEquals(big, m2.data());
            assertTrue(fromB.send("back".getBytes(StandardCharsets.UTF_8)));
            PeerEvent.DataChannelMessage m3 = a.await(PeerEvent.DataChannelMessage.class, e -> e.channel().label().equals("from-b"), 10);
            assertEquals("back", m3.text());
            assertTrue(m3.binary());

            // media both ways: frames sent on a track come out as frames on the other side
            CopyOnWriteArrayList<byte[]> videoAtB = new CopyOnWriteArrayList<>();
            AtomicInteger audioAtB = new AtomicInteger();
            CopyOnWriteArrayList<byte[]> videoAtA = new CopyOnWriteArrayList<>();
            b.pc.stats(); // the listener below is registered through events; frames start after the tracks appear
            byte[] key = vp8Keyframe(3000, 1);
            byte[] opus = new byte[80];
            Arrays.fill(opus, (byte) 0x5A);
            for (int i = 0; i < 5; i++) {
                aVideo.sendFrame(key, 90_000L * i / 30);
                aAudio.sendFrame(opus, 960L * i);
                bVideo.sendFrame(key, 3000L * i);
            }
            PeerEvent.RemoteTrackAdded vb = b.await(PeerEvent.RemoteTrackAdded.class,
                    e -> e.track().kind() == RtpSessionConfig.Kind.VIDEO, 10);
            vb.track().onFrame((t, f) -> videoAtB.add(Arrays.copyOf(f.buffer(), f.length())));
            PeerEvent.RemoteTrackAdded ab = b.await(PeerEvent.RemoteTrackAdded.class,
                    e -> e.track().kind() == RtpSessionConfig.Kind.AUDIO, 10);
            ab.track().onFrame((t, f) -> audioAtB.incrementAndGet());
            PeerEvent.RemoteTrackAdded va = a.await(PeerEvent.RemoteTrackAdded.class,
                    e -> e.track().kind() == RtpSessionConfig.Kind.VIDEO, 10);
            va.track().onFrame((t, f) -> videoAtA.add(Arrays.copyOf(f.buffer(), f.length())));
            long end = System.nanoTime() + 10_000_000_000L;
            for (int i = 5; (videoAtB.size() < 3 || audioAtB.get() < 3 || videoAtA.size() < 3) && System.nanoTime() < end; i++) {
                aVideo.sendFrame(key, 3000L * i);
                aAudio.sendFrame(opus, 960L * i);
                bVideo.sendFrame(key, 3000L * i);
                b.events.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS); // paces the loop, bounded
            }
            assertTrue(videoAtB.size() >= 3, "video frames a->b: " + videoAtB.size());
            assertTrue(audioAtB.get() >= 3, "audio frames a->b: " + audioAtB.get());
            assertTrue(videoAtA.size() >= 3, "video frames b->a: " + videoAtA.size());
            assertArrayEquals(key, videoAtB.get(0), "a frame is reassembled byte for byte");

            PeerStats sa = a.pc.stats();
            assertEquals(da.srtpProfile(), sa.srtpProfile());
            assertTrue(sa.streams().stream().anyMatch(s -> s.outbound() && s.packets() > 0));
            assertTrue(b.pc.stats().streams().stream().anyMatch(s -> !s.outbound() && s.packets() > 0));
            assertEquals(0, sa.counter("srtpUnprotectFailed"));

            // closing a channel is seen by the other side; closing the connection too
            fromA.close();
            b.await(PeerEvent.DataChannelClosed.class, e -> e.channel().label().equals("from-a"), 10);
            long sentBeforeClose = a.pc.stats().counter("datagramsOut");
            a.pc.close();
            assertEquals(PeerConnectionState.CLOSED, a.pc.state());
            PeerStats last = a.pc.stats();
            assertEquals(PeerConnectionState.CLOSED, last.state(), "stats after close: the final snapshot");
            assertTrue(last.counter("datagramsOut") > sentBeforeClose, "close sent SCTP ABORT and close_notify");
            assertFalse(m3.channel().send("too late"), "a channel of a closed peer refuses to send");
            b.awaitState(PeerConnectionState.CLOSED, 10);
            assertTrue(b.await(PeerEvent.DtlsClosed.class, e -> true, 5).byPeer(), "b saw the peer's close_notify");
        }
    }

    /** A VP8 keyframe (RFC 6386 §9.1): frame tag with the key bit clear, start code, 320x240. */
    static byte[] vp8Keyframe(int size, long seed) {
        byte[] f = new byte[size];
        new Random(seed).nextBytes(f);
        int first = (size - 10) << 5 | 0x10; // key frame (bit 0 = 0), version 0, show_frame
        f[0] = (byte) first;
        f[1] = (byte) (first >> 8);
        f[2] = (byte) (first >> 16);
        f[3] = (byte) 0x9d;
        f[4] = 0x01;
        f[5] = 0x2a;
        f[6] = 0x40;
        f[7] = 0x01;
        f[8] = (byte) 0xf0;
        f[9] = 0x00;
        return f;
    }

    @Test
    void malformedSdpGivesAClearErrorAndLeavesTheConnectionUsable() throws Exception {
        try (Peers a = Peers.loopback(DtlsRole.CLIENT); Peers b = Peers.loopback(DtlsRole.SERVER)) {
            PeerException e = assertThrows(PeerException.class,
                    () -> b.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, "v=0\r\no=broken\r\n"));
            assertTrue(e.getMessage().contains("line"), e.getMessage());
            PeerException e2 = assertThrows(PeerException.class,
                    () -> b.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, "v=0\r\n"));
            assertNotNull(e2.getMessage());
            PeerDataChannel ch = a.pc.createDataChannel("x", DataChannelOptions.DEFAULT);
            Peers.negotiate(a, b);
            a.awaitState(PeerConnectionState.CONNECTED, 15);
            a.await(PeerEvent.DataChannelOpen.class, ev -> ev.channel() == ch, 10);
            b.await(PeerEvent.DataChannelOpen.class, ev -> ev.remote(), 10);
        }
    }

    @Test
    void badDatagramsAreCountedNeverThrown() throws Exception {
        try (Peers a = Peers.loopback(DtlsRole.CLIENT)) {
            Random r = new Random(42);
            int[] firstBytes = {0, 5, 17, 22, 70, 128, 200, 255};
            for (int i = 0; i < 2000; i++) {
                byte[] d = new byte[r.nextInt(64)];
                r.nextBytes(d);
                if (d.length > 0) {
                    d[0] = (byte) firstBytes[i % firstBytes.length];
                }
                a.pc.injectDatagram(d);
            }
            PeerStats s = a.pc.stats(); // runs on the owner thread after the injected datagrams
            assertEquals(2000, s.counter("datagramsIn"));
            assertEquals(2000, s.counter("demuxOtherDropped") + s.counter("dtlsDropped") + s.counter("srtpNotReadyDropped"),
                    "every datagram is counted in exactly one drop counter before negotiation");
            assertTrue(s.counter("dtlsDropped") > 0 && s.counter("srtpNotReadyDropped") > 0);
            assertEquals(0, s.counter("ownerTaskErrors"));
        }
    }

    /**
     * 100,000 seeded mutations (testkit {@code Mutator}: bit flips, byte changes, truncation,
     * extension, length lies) of real DTLS, SRTP and SRTCP datagrams a connected peer received,
     * injected into it: each is counted by some stage, none throws, and data still flows.
     */
    @Test
    void mutatedDatagramsIntoAConnectedPeerAreCountedAndTheConnectionSurvives() throws Exception {
        try (Peers a = Peers.loopback(DtlsRole.CLIENT); Peers b = Peers.loopback(DtlsRole.SERVER)) {
            LocalTrack video = a.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            b.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            PeerDataChannel ch = a.pc.createDataChannel("c", DataChannelOptions.DEFAULT);
            java.util.List<byte[]> captured = new CopyOnWriteArrayList<>();
            b.pc.tapInbound(captured::add);
            Peers.negotiate(a, b);
            b.awaitState(PeerConnectionState.CONNECTED, 15);
            a.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == ch, 10);
            byte[] key = vp8Keyframe(2000, 3);
            for (int i = 0; i < 20; i++) {
                video.sendFrame(key, 3000L * i);
                ch.send("m" + i);
            }
            b.await(PeerEvent.RemoteTrackAdded.class, e -> true, 10);
            for (int i = 0; i < 20; i++) {
                b.await(PeerEvent.DataChannelMessage.class, e -> true, 10);
            }
            b.pc.tapInbound(null);
            java.util.List<byte[]> seeds = new java.util.ArrayList<>();
            for (byte[] d : captured) {
                if (PacketKind.of(d, 0, d.length) != PacketKind.STUN) {
                    seeds.add(d);
                }
            }
            assertTrue(seeds.stream().anyMatch(d -> PacketKind.of(d, 0, d.length) == PacketKind.DTLS));
            assertTrue(seeds.stream().anyMatch(d -> PacketKind.of(d, 0, d.length) == PacketKind.RTP));
            long before = b.pc.stats().counter("datagramsIn");
            Random r = new Random(1234);
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                byte[] seed = seeds.get(r.nextInt(seeds.size()));
                b.pc.injectDatagram(org.ferryrtc.testkit.Mutator.mutate(r, seed, 64));
                if (i % 5000 == 0) {
                    b.pc.stats(); // lets the owner thread keep up (bounded queue growth)
                }
            }
            PeerStats s = b.pc.stats();
            assertTrue(s.counter("datagramsIn") >= before + n);
            assertTrue(s.counter("srtpUnprotectFailed") + s.counter("srtpInREPLAYED") > 0, "mutated SRTP is counted: " + s.transport());
            assertEquals(0, s.counter("ownerTaskErrors"), "nothing escaped a stage: " + b.pc.lastOwnerError());
            assertEquals(PeerConnectionState.CONNECTED, b.pc.state(), "mutated input does not end the connection");
            assertTrue(ch.send("still alive"));
            assertEquals("still alive", b.await(PeerEvent.DataChannelMessage.class, e -> e.text().equals("still alive"), 10).text());
        }
    }

    @Test
    void trickledCandidatesConnectWhenTheOfferCarriesNone() throws Exception {
        try (Peers a = Peers.loopback(DtlsRole.CLIENT); Peers b = Peers.loopback(DtlsRole.CLIENT)) {
            PeerDataChannel ch = a.pc.createDataChannel("t", DataChannelOptions.DEFAULT);
            String offer = a.pc.createOffer();
            a.pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            String bare = offer.replaceAll("a=candidate:[^\\r\\n]*\\r\\n", "").replace("a=end-of-candidates\r\n", "");
            assertFalse(bare.contains("a=candidate"));
            b.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, bare);
            PeerEvent.LocalCandidate c = a.await(PeerEvent.LocalCandidate.class, e -> true, 5);
            assertTrue(c.candidate().startsWith("candidate:"), c.candidate());
            b.pc.addRemoteCandidate(c.candidate());
            b.pc.addRemoteCandidate(""); // end-of-candidates
            PeerException bad = assertThrows(PeerException.class, () -> b.pc.addRemoteCandidate("candidate:1 1 udp x"));
            assertTrue(bad.getMessage().contains("malformed candidate"));
            String answer = b.pc.createAnswer();
            b.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            a.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
            a.awaitState(PeerConnectionState.CONNECTED, 15);
            b.awaitState(PeerConnectionState.CONNECTED, 15);
            a.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == ch, 10);
        }
    }
}
