package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Offers we create, answers applied to offers, and the direction rules. */
class OfferAnswerTest {

    @Test
    void ourOfferHasActpassBundleAndOurCodecs() throws Exception {
        SessionDescription offer = OfferAnswer.createOffer(AnswerTest.caps().build());
        assertEquals(offer, SessionDescription.parse(offer.write()));
        assertEquals(List.of("0", "1", "2"), offer.bundleGroup().mids());
        assertEquals(List.of("audio", "video", "application"), offer.media().stream().map(MediaDescription::kind).toList());
        for (MediaDescription m : offer.media()) {
            assertEquals(Setup.ACTPASS, m.setup());
            assertEquals("ferr", m.iceUfrag());
        }
        MediaDescription audio = offer.media().get(0);
        assertEquals(111, audio.codecs().get(0).payloadType());
        assertTrue(audio.codecs().get(0).is("opus"));
        assertEquals(List.of(AnswerTest.OUR_CAND), audio.candidates());
        MediaDescription video = offer.media().get(1);
        List<Codec> vc = video.codecs();
        assertTrue(vc.get(0).is("VP8"));
        assertEquals(96, vc.get(0).payloadType());
        assertTrue(vc.get(1).isRtx());
        assertEquals(Map.of("apt", "96"), vc.get(1).fmtp());
        long distinct = vc.stream().map(Codec::payloadType).distinct().count();
        assertEquals(vc.size(), distinct, "payload types unique");
        assertTrue(vc.stream().allMatch(c -> c.payloadType() >= 35 && c.payloadType() <= 127));
        // Same URI has the same id in every section (RFC 8285 / JSEP 5.2.1).
        int midIdAudio = audio.extmaps().stream().filter(e -> e.uri().equals(LocalCapabilities.EXT_MID)).findFirst().orElseThrow().id();
        int midIdVideo = video.extmaps().stream().filter(e -> e.uri().equals(LocalCapabilities.EXT_MID)).findFirst().orElseThrow().id();
        assertEquals(midIdAudio, midIdVideo);
        assertEquals(List.of(new SsrcGroup("FID", List.of(2222L, 3333L))), video.ssrcGroups());
        MediaDescription data = offer.media().get(2);
        assertTrue(data.isDataChannel());
        assertEquals(5000, data.sctpPort());
        assertEquals(262144L, data.maxMessageSize());
    }

    @Test
    void offerAudioRedReferencesThePrimaryCodec() {
        SessionDescription offer = OfferAnswer.createOffer(AnswerTest.caps()
                .audioCodecs(List.of(CodecCapability.opus(), CodecCapability.audioRed())).videoDirection(null).sctp(false).build());
        assertEquals(1, offer.media().size());
        assertEquals(Map.of("111/111", ""), offer.media().get(0).codec(63).fmtp());
    }

    @Test
    void twoFerryPeersNegotiate() throws Exception {
        LocalCapabilities alice = AnswerTest.caps().build();
        LocalCapabilities bob = LocalCapabilities.builder("bobu", "bobpasswordbobpassword00", Fingerprint.of("sha-384", new byte[48]))
                .videoCodecs(List.of(CodecCapability.h264("42e01f", 1), CodecCapability.vp8()))
                .videoDirection(Direction.RECVONLY).answerSetup(Setup.PASSIVE).maxMessageSize(65536).sctpPort(5001)
                .addStream(new LocalStream("audio", 4444, null, "bob", "sb", "ab")).build();
        SessionDescription offer = SessionDescription.parse(OfferAnswer.createOffer(alice).write());
        SessionDescription answer = SessionDescription.parse(OfferAnswer.createAnswer(offer, bob).write());
        List<NegotiatedMedia> a = OfferAnswer.applyAnswer(offer, answer);
        List<NegotiatedMedia> b = OfferAnswer.negotiatedAsAnswerer(offer, answer);
        assertEquals(3, a.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(a.get(i).mid(), b.get(i).mid());
            assertEquals(a.get(i).payloadTypes().keySet(), b.get(i).payloadTypes().keySet());
            assertEquals(a.get(i).extensions(), b.get(i).extensions());
            assertNotEquals(a.get(i).dtlsClient(), b.get(i).dtlsClient(), "exactly one DTLS client");
            assertEquals("0", a.get(i).bundleMid());
        }
        assertTrue(a.get(0).dtlsClient(), "bob answered passive, so alice is the client");
        assertEquals("bobu", a.get(0).remoteIceUfrag());
        assertEquals("ferr", b.get(0).remoteIceUfrag());
        assertEquals("sha-384", a.get(0).remoteFingerprints().get(0).algorithm());
        assertEquals(List.of(4444L), a.get(0).remoteSsrcs());
        assertEquals(List.of(1111L), b.get(0).remoteSsrcs());
        // Video: bob only receives, so alice only sends; bob's codec order follows alice's offer.
        assertEquals(Direction.SENDONLY, a.get(1).direction());
        assertEquals(Direction.RECVONLY, b.get(1).direction());
        assertTrue(a.get(1).remoteSsrcs().isEmpty());
        assertEquals(List.of(2222L, 3333L), b.get(1).remoteSsrcs());
        assertEquals(Map.of(2222L, 3333L), b.get(1).remoteRtxSsrcs());
        int vp8 = a.get(1).payloadTypeOf("VP8");
        int h264 = a.get(1).payloadTypeOf("H264");
        assertEquals(96, vp8);
        assertTrue(h264 > 0);
        assertEquals(List.of(vp8, h264), List.copyOf(a.get(1).payloadTypes().keySet()), "offerer's order");
        assertEquals(97, a.get(1).rtxPayloadTypeFor(96));
        assertEquals("42e01f", a.get(1).payloadTypes().get(h264).fmtp().get("profile-level-id"));
        assertEquals(a.get(1).extensionId(LocalCapabilities.EXT_TRANSPORT_CC), b.get(1).extensionId(LocalCapabilities.EXT_TRANSPORT_CC));
        assertTrue(a.get(1).extensionId(LocalCapabilities.EXT_TRANSPORT_CC) > 0);
        // SCTP: each side sees the other's port and limit.
        assertEquals(5000, a.get(2).localSctpPort());
        assertEquals(5001, a.get(2).remoteSctpPort());
        assertEquals(65536L, a.get(2).remoteMaxMessageSize());
        assertEquals(262144L, b.get(2).remoteMaxMessageSize());
        assertTrue(a.get(0).rtcpMux() && a.get(0).rtcpRsize());
        assertEquals(List.of(AnswerTest.OUR_CAND), b.get(2).remoteCandidates(), "BUNDLE owner's candidates");
        assertEquals(List.of("trickle"), a.get(0).remoteIceOptions());
        assertFalse(a.get(0).remoteIceLite());
        assertTrue(a.get(1).extmapAllowMixed() && b.get(1).extmapAllowMixed());
    }

    @Test
    void chromiumAnswerAppliedToChromiumOffer() throws Exception {
        SessionDescription offer = Samples.parse("chromium-156-offer.sdp");
        SessionDescription answer = Samples.parse("chromium-156-answer.sdp");
        List<NegotiatedMedia> n = OfferAnswer.applyAnswer(offer, answer);
        assertEquals(List.of("0", "1", "2"), n.stream().map(NegotiatedMedia::mid).toList());
        NegotiatedMedia audio = n.get(0);
        assertEquals(Setup.PASSIVE, audio.localSetup(), "the answer is active, so the offerer is passive");
        assertEquals(Direction.SENDONLY, audio.direction(), "the answer is recvonly");
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), List.copyOf(audio.payloadTypes().keySet()));
        assertEquals("U+yq", audio.remoteIceUfrag());
        assertEquals(2, audio.remoteCandidates().size());
        assertEquals(2, n.get(1).remoteCandidates().size(), "bundled section uses the owner's candidates");
        assertEquals("0", n.get(1).bundleMid());
        assertTrue(audio.remoteSsrcs().isEmpty(), "recvonly answer sends no SSRC");
        assertEquals(Map.of(1, LocalCapabilities.EXT_AUDIO_LEVEL, 2, LocalCapabilities.EXT_ABS_SEND_TIME,
                3, LocalCapabilities.EXT_TRANSPORT_CC, 4, LocalCapabilities.EXT_MID), audio.extensions());
        NegotiatedMedia video = n.get(1);
        assertEquals(96, video.rtxPayloadTypes().get(97));
        assertEquals(118, video.rtxPayloadTypes().get(119));
        assertFalse(video.payloadTypes().containsKey(97), "RTX is not a media payload type");
        NegotiatedMedia data = n.get(2);
        assertEquals(5000, data.remoteSctpPort());
        assertEquals(262144L, data.remoteMaxMessageSize());
        assertEquals("sha-256", data.remoteFingerprints().get(0).algorithm());
    }

    @Test
    void firefoxAnswerAppliedToFirefoxOffer() throws Exception {
        List<NegotiatedMedia> n = OfferAnswer.applyAnswer(Samples.parse("firefox-esr-153-offer.sdp"),
                Samples.parse("firefox-esr-153-answer.sdp"));
        NegotiatedMedia audio = n.get(0);
        assertEquals(Setup.PASSIVE, audio.localSetup());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals(List.of(3717684598L), audio.remoteSsrcs(), "recvonly Firefox still announces its RTCP SSRC");
        assertEquals("25bda051", audio.remoteIceUfrag());
        assertEquals(2, audio.remoteCandidates().stream().filter(Candidate::isTcp).count(), "TCP kept, flagged");
        assertEquals(4, audio.remoteCandidates().size());
        assertEquals(List.of(109, 9, 0, 8, 101), List.copyOf(audio.payloadTypes().keySet()));
        assertEquals("1", audio.payloadTypes().get(109).fmtp().get("stereo"), "the remote's (answer's) fmtp");
        NegotiatedMedia video = n.get(1);
        assertEquals(Map.of(124, 120, 125, 121, 100, 99, 119, 122), video.rtxPayloadTypes());
        assertEquals(Map.of(3, LocalCapabilities.EXT_MID, 4, LocalCapabilities.EXT_ABS_SEND_TIME,
                5, "urn:ietf:params:rtp-hdrext:toffset", 7, LocalCapabilities.EXT_TRANSPORT_CC), video.extensions());
        assertEquals(1073741823L, n.get(2).remoteMaxMessageSize());
        assertTrue(n.get(2).payloadTypes().isEmpty());
        assertTrue(audio.remoteEndOfCandidates());
        assertEquals(List.of("trickle"), audio.remoteIceOptions(), "session-level ice-options");
        assertTrue(video.extmapAllowMixed(), "media-level extmap-allow-mixed on both sides");
    }

    @Test
    void answersThatDoNotFitAreRefused() throws Exception {
        SessionDescription offer = Samples.parse("chromium-156-offer.sdp");
        String answer = Samples.text("chromium-156-answer.sdp");
        assertThrows(SdpNegotiationException.class, () -> OfferAnswer.applyAnswer(offer,
                SessionDescription.parse(answer.replace("a=mid:1", "a=mid:x"))));
        assertThrows(SdpNegotiationException.class, () -> OfferAnswer.applyAnswer(offer,
                SessionDescription.parse(answer.replace("a=setup:active", "a=setup:actpass"))));
        assertThrows(SdpNegotiationException.class, () -> OfferAnswer.applyAnswer(offer,
                SessionDescription.parse(answer.replace("UDP/TLS/RTP/SAVPF 111 63", "UDP/TLS/RTP/SAVPF 18 111 63"))));
        SessionDescription twoLines = SessionDescription.parse(answer.substring(0, answer.indexOf("m=application")));
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class, () -> OfferAnswer.applyAnswer(offer, twoLines));
        assertTrue(e.getMessage().contains("2 m-lines"), e.getMessage());
    }

    @Test
    void capabilitiesRejectBadIceCredentials() {
        Fingerprint fp = AnswerTest.OUR_FP;
        assertThrows(IllegalArgumentException.class, () -> LocalCapabilities.builder("abc", "ferrypasswordferrypassw0", fp).build());
        assertThrows(IllegalArgumentException.class, () -> LocalCapabilities.builder("abcd", "short", fp).build());
        assertThrows(IllegalArgumentException.class, () -> LocalCapabilities.builder("ab d", "ferrypasswordferrypassw0", fp).build());
        assertThrows(IllegalArgumentException.class, () -> AnswerTest.caps().answerSetup(Setup.ACTPASS).build());
        assertEquals("abcd", LocalCapabilities.builder("abcd", "ferry+password/ferrypass", fp).build().iceUfrag());
    }

    @ParameterizedTest(name = "offer {0}, we want {1} -> {2}")
    @CsvSource({
        "SENDRECV, SENDRECV, SENDRECV", "SENDRECV, RECVONLY, RECVONLY", "SENDRECV, SENDONLY, SENDONLY",
        "SENDRECV, INACTIVE, INACTIVE", "SENDONLY, SENDRECV, RECVONLY", "SENDONLY, SENDONLY, INACTIVE",
        "RECVONLY, SENDRECV, SENDONLY", "RECVONLY, RECVONLY, INACTIVE", "INACTIVE, SENDRECV, INACTIVE"})
    void directionAnswerRules(Direction offered, Direction intent, Direction expected) throws Exception {
        String text = Samples.text("werift-0.24-offer.sdp").replace("a=sendonly", "a=" + offered.token());
        SessionDescription a = OfferAnswer.createAnswer(SessionDescription.parse(text),
                AnswerTest.caps().videoDirection(intent).build());
        assertEquals(expected, a.media().get(0).direction());
        assertEquals(expected.sends(), !a.media().get(0).ssrcs().isEmpty(), "ssrc lines only when we send");
    }
}
