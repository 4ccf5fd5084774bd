package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.srtp.SrtpProfile;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.sdp.CodecCapability;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Interop cases 1, 2, 4 and 5 with a real headless Chromium and its fake camera and microphone.
 * FerryRTC relays every RTP packet it receives back on its own send track of the same kind
 * (SSRC, payload type and sequence numbers rewritten; PLIs from the page are passed on to the
 * page as sender), so the page decodes its own video and audio: {@code framesDecoded} &gt; 100
 * and audio {@code packetsReceived} &gt; 200 within 15 s.
 *
 * <ul>
 * <li>1: Chromium offers Opus + VP8 + a DataChannel, FerryRTC answers (shared server port);
 * <li>2: FerryRTC offers (standalone ICE), Chromium answers; VP8, and H.264 in one case;
 * <li>4: DTLS client and server and SRTP GCM and AES-CM, forced by configuration and checked
 *     on both sides (our stats, Chromium's {@code srtpCipher} / {@code dtlsRole});
 * <li>5: the page closes (FerryRTC sees closed/disconnected within 30 s), and FerryRTC closes
 *     (the page sees its DataChannel close / the connection end).
 * </ul>
 * One page at a time (DESIGN §6: a 2-core machine fits about four media pages).
 */
@Tag("interop")
class ChromiumMediaInteropTest {
    private static ChromiumPeer chromium;
    private static IceEndpoint endpoint;

    @BeforeAll
    static void launch() throws Exception {
        chromium = ChromiumPeer.launch();
        endpoint = IceEndpoint.open(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void chromiumOffersWeAnswerAndEchoAsDtlsClientWithGcm() throws Exception {
        chromiumOffers(DtlsRole.CLIENT, PeerConfig.GCM_ONLY, "GCM");
    }

    @Test
    void chromiumOffersWeAnswerAndEchoAsDtlsServerWithAesCm() throws Exception {
        chromiumOffers(DtlsRole.SERVER, PeerConfig.AES_CM_ONLY, "AES-CM");
    }

    /** Case 1 with frames: our depacketizers reassemble Chromium's frames, our packetizers send them back. */
    @Test
    void chromiumOffersWeAnswerAndEchoReassembledFrames() throws Exception {
        // default profiles: as DTLS server Chromium picks by its own preference (it took AES-CM here)
        chromiumOffers(DtlsRole.CLIENT, PeerConfig.DEFAULT_SRTP_PROFILES, "ANY", false);
    }

    private void chromiumOffers(DtlsRole role, List<SrtpProfile> profiles, String family) throws Exception {
        chromiumOffers(role, profiles, family, true);
    }

    private void chromiumOffers(DtlsRole role, List<SrtpProfile> profiles, String family, boolean packets)
            throws Exception {
        PeerConfig config = PeerConfig.server(endpoint).answerDtlsRole(role).srtpProfiles(profiles)
                .deliverPackets(packets).build();
        try (RelayPeer us = new RelayPeer(config)) {
            String offer = (String) chromium.eval(ChromiumJs.HELPERS + """
                    window.pc = new RTCPeerConnection();
                    window.localStream = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240}});
                    localStream.getTracks().forEach((t) => pc.addTrack(t, localStream));
                    window.dcs = {};
                    dcs.d = pc.createDataChannel('d'); track(dcs.d);
                    await pc.setLocalDescription(await pc.createOffer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                    """, Duration.ofSeconds(20));
            us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
            us.addTracks("opus", "VP8");
            String answer = us.pc.createAnswer();
            us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            chromium.eval("await pc.setRemoteDescription({type: 'answer', sdp: %s}); await connected(pc); return true;"
                    .formatted(MiniJson.quote(answer)), Duration.ofSeconds(25));
            us.awaitState(PeerConnectionState.CONNECTED, 15);
            checkMedia(us, role, family, "video/VP8");
            us.await(PeerEvent.DataChannelOpen.class, e -> e.channel().label().equals("d"), 10);

            // 5: the page leaves; we must notice within the consent-freshness bound (30 s)
            chromium.eval("pc.close(); localStream.getTracks().forEach((t) => t.stop()); return true;", Duration.ofSeconds(5));
            us.await(PeerEvent.ConnectionStateChanged.class, e -> e.state() == PeerConnectionState.CLOSED
                    || e.state() == PeerConnectionState.DISCONNECTED || e.state() == PeerConnectionState.FAILED, 30);
        }
    }

    @Test
    void weOfferChromiumAnswersVp8WithGcm() throws Exception {
        weOffer(PeerConfig.GCM_ONLY, "GCM", List.of(CodecCapability.vp8()), "VP8", "video/VP8");
    }

    @Test
    void weOfferChromiumAnswersH264WithAesCm() throws Exception {
        weOffer(PeerConfig.AES_CM_ONLY, "AES-CM", List.of(CodecCapability.h264("42e01f", 1)),
                "H264", "video/H264");
    }

    private void weOffer(List<SrtpProfile> profiles, String family, List<CodecCapability> video, String codec,
            String mime) throws Exception {
        PeerConfig config = PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).srtpProfiles(profiles)
                .videoCodecs(video).deliverPackets(true).build();
        try (RelayPeer us = new RelayPeer(config)) {
            us.addTracks("opus", codec);
            PeerDataChannel d = us.pc.createDataChannel("ours", org.ferryrtc.datachannel.DataChannelOptions.DEFAULT);
            String offer = us.pc.createOffer();
            us.pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            String answer = (String) chromium.eval(ChromiumJs.HELPERS + """
                    window.pc = new RTCPeerConnection();
                    window.dcs = {};
                    pc.ondatachannel = (e) => { dcs[e.channel.label] = e.channel; track(e.channel); };
                    await pc.setRemoteDescription({type: 'offer', sdp: %s});
                    window.localStream = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240}});
                    localStream.getTracks().forEach((t) => pc.addTrack(t, localStream));
                    await pc.setLocalDescription(await pc.createAnswer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                    """.formatted(MiniJson.quote(offer)), Duration.ofSeconds(20));
            us.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
            chromium.eval("await connected(pc); return true;", Duration.ofSeconds(25));
            us.awaitState(PeerConnectionState.CONNECTED, 15);
            // Chromium answers actpass with active (RFC 8842 §5.3 lets it choose): we are the DTLS server
            checkMedia(us, DtlsRole.SERVER, family, mime);
            us.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == d, 10);

            // 5, the other way: we close; the page sees the channel and the connection end
            us.pc.close();
            Object seen = chromium.eval("""
                    const t0 = Date.now();
                    const gone = () => (rx.ours && rx.ours.closed) || ['closed', 'failed', 'disconnected'].includes(pc.connectionState);
                    while (!gone() && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 50));
                    const r = {gone: gone(), state: pc.connectionState};
                    pc.close(); localStream.getTracks().forEach((t) => t.stop());
                    return r;
                    """, Duration.ofSeconds(35));
            assertEquals(Boolean.TRUE, ((Map<?, ?>) seen).get("gone"), "the page saw us leave: " + seen);
        }
    }

    /** Chromium's getStats name of an SRTP profile (RFC 5764 / RFC 7714 names with an SRTP_ prefix). */
    private static String chromiumName(String ours) {
        return "SRTP_" + ours;
    }

    private static void checkMedia(RelayPeer us, DtlsRole ourRole, String family, String mime) throws Exception {
        Map<?, ?> m = (Map<?, ?>) chromium.eval("return await waitMedia(pc, 15000);", Duration.ofSeconds(25));
        PeerStats s = us.pc.stats();
        assertTrue(((Double) m.get("framesDecoded")) > 100, "page decoded its own video: " + m + "\n" + s);
        assertTrue(((Double) m.get("audioPackets")) > 200, "page received its own audio: " + m + "\n" + s);
        assertEquals(mime, m.get("videoCodec"), "the echoed video codec: " + m);
        Map<?, ?> t = (Map<?, ?>) chromium.eval("return await transportStats(pc);", Duration.ofSeconds(10));
        boolean gcm = family.equals("GCM");
        if (!family.equals("ANY")) {
            assertTrue(s.srtpProfile().startsWith(gcm ? "AEAD_AES_" : "AES128_CM_HMAC_SHA1_"), "our profile " + s.srtpProfile());
        }
        assertEquals(chromiumName(s.srtpProfile()), t.get("srtpCipher"), "both sides use the same SRTP profile: " + t);
        assertEquals(ourRole == DtlsRole.CLIENT ? "server" : "client", t.get("dtlsRole"), "Chromium's DTLS role: " + t);
        assertEquals(ourRole == DtlsRole.CLIENT, s.dtlsClient());
        assertEquals(0, s.counter("srtpUnprotectFailed"), "every SRTP packet from Chromium authenticated: " + s);
    }
}
