package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PeerConnection answers every offer recorded from a real stack (DESIGN §6 samples): the
 * whole JSEP path (parse, answer, apply, ICE/DTLS/RTP set-up) runs without error, and the answer
 * accepts what we support.
 */
class RecordedOffersTest {
    private static String section(String sdp, String kind) {
        int a = sdp.indexOf("m=" + kind);
        int b = sdp.indexOf("\nm=", a + 1);
        return sdp.substring(a, b < 0 ? sdp.length() : b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium-156-offer.sdp", "firefox-esr-153-offer.sdp", "libdatachannel-0.33-offer.sdp",
            "libwebrtc-m106-offer.sdp", "werift-0.24-offer.sdp"})
    void answersRecordedOffer(String name) throws Exception {
        String offer;
        try (InputStream in = getClass().getResourceAsStream("/sdp/" + name)) {
            assertNotNull(in, name);
            offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Peers us = Peers.loopback(DtlsRole.SERVER)) {
            us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
            LocalTrack audio = offer.contains("m=audio") ? us.pc.addTrack(RtpSessionConfig.Kind.AUDIO, "opus") : null;
            LocalTrack video = offer.contains("m=video") ? us.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8") : null;
            String answer = us.pc.createAnswer();
            us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            assertTrue(answer.contains("a=setup:passive"), "our configured role when the offer says actpass:\n" + answer);
            assertEquals(PeerConnectionState.CONNECTING, us.pc.state());
            for (LocalTrack t : new LocalTrack[] {audio, video}) {
                if (t == null) {
                    continue;
                }
                String kind = t.kind() == RtpSessionConfig.Kind.AUDIO ? "audio" : "video";
                boolean peerReceives = !section(offer, kind).contains("a=sendonly") && !section(offer, kind).contains("a=inactive");
                assertEquals(peerReceives, t.mid() != null, kind + " track placed iff the peer receives:\n" + answer);
                assertEquals(peerReceives, answer.contains("a=ssrc:" + t.ssrc() + " cname:"), "DESIGN §6: a=ssrc for what we send");
            }
            if (offer.contains("webrtc-datachannel")) {
                assertTrue(answer.contains("webrtc-datachannel") && answer.contains("a=sctp-port:"), answer);
            }
        }
    }
}
