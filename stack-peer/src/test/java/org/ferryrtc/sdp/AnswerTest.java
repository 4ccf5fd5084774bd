package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The answers FerryRTC builds to each real offer: parseable, and the right content. */
class AnswerTest {
    static final Fingerprint OUR_FP = Fingerprint.of("sha-256", new byte[32]);
    static final Candidate OUR_CAND = new Candidate("1", 1, "udp", 2130706431L, "127.0.0.1", 40000,
            "host", null, null, Map.of("generation", "0"));

    static LocalCapabilities.Builder caps() {
        return LocalCapabilities.builder("ferr", "ferrypasswordferrypassw0", OUR_FP)
                .candidates(List.of(OUR_CAND))
                .addStream(new LocalStream("audio", 1111, null, "ferrycname", "s1", "a1"))
                .addStream(new LocalStream("video", 2222L, 3333L, "ferrycname", "s1", "v1"))
                .sessionId("42", 2);
    }

    static SessionDescription answer(String sample, LocalCapabilities caps) throws Exception {
        SessionDescription a = OfferAnswer.createAnswer(Samples.parse(sample), caps);
        SessionDescription reparsed = SessionDescription.parse(a.write());
        assertEquals(a, reparsed, "answer round-trips");
        return reparsed;
    }

    private static List<Integer> pts(MediaDescription m) {
        return m.codecs().stream().map(Codec::payloadType).toList();
    }

    private static List<Integer> extIds(MediaDescription m) {
        return m.extmaps().stream().map(Extmap::id).toList();
    }

    static List<String> offers() {
        return Samples.OFFERS;
    }

    @ParameterizedTest
    @MethodSource("offers")
    void everyAnswerIsConsistentWithItsOffer(String sample) throws Exception {
        SessionDescription offer = Samples.parse(sample);
        SessionDescription ans = answer(sample, caps().build());
        assertEquals(offer.media().size(), ans.media().size());
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = ans.media().get(i);
            assertEquals(o.kind(), a.kind());
            assertEquals(o.mid(), a.mid());
            assertFalse(a.isRejected(), sample + " section " + i);
            assertEquals(Setup.ACTIVE, a.setup(), "active in answer to actpass");
            assertEquals("ferr", a.iceUfrag());
            assertEquals(List.of(OUR_FP), a.fingerprints());
            for (Codec c : a.codecs()) {
                assertTrue(o.formats().contains(Integer.toString(c.payloadType())), "PT from the offer");
                assertTrue(o.codec(c.payloadType()).is(c.name()), "same codec under the PT");
                if (c.isRtx()) {
                    assertNotNull(a.codec(CodecMatcher.apt(c)), "RTX only with its apt codec");
                }
            }
            for (Extmap e : a.extmaps()) {
                assertTrue(o.extmaps().stream().anyMatch(x -> x.id() == e.id() && x.uri().equals(e.uri())),
                        "extmap id kept from the offer");
            }
            assertEquals(o.rtcpMux(), a.rtcpMux());
            assertEquals(o.rtcpRsize(), a.rtcpRsize());
        }
        assertEquals(offer.bundleGroup().mids(), ans.bundleGroup().mids());
        MediaDescription first = ans.media().get(0);
        assertEquals(List.of(OUR_CAND), first.candidates());
        assertEquals(40000, first.port());
        assertEquals("127.0.0.1", first.connections().get(0).address());
        for (MediaDescription m : ans.media().subList(1, ans.media().size())) {
            assertTrue(m.candidates().isEmpty());
            assertEquals(9, m.port());
        }
        // And the negotiated view from the answerer's side holds together.
        List<NegotiatedMedia> nm = OfferAnswer.negotiatedAsAnswerer(offer, ans);
        for (NegotiatedMedia n : nm) {
            assertEquals(Setup.ACTIVE, n.localSetup());
            assertTrue(n.dtlsClient());
            assertEquals(offer.iceUfragOf(offer.media().get(0)), n.remoteIceUfrag());
            assertEquals(offer.bundleGroup().mids().get(0), n.bundleMid());
        }
    }

    @Test
    void chromiumOfferAnswer() throws Exception {
        SessionDescription a = answer("chromium-156-offer.sdp", caps().build());
        assertEquals(List.of("0", "1", "2"), a.bundleGroup().mids());
        assertTrue(a.extmapAllowMixed());
        MediaDescription audio = a.media().get(0);
        assertEquals(List.of(111, 110), pts(audio));
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), audio.codec(111).fmtp());
        assertEquals(List.of(new RtcpFb("111", "transport-cc", null)), audio.codec(111).feedback());
        assertEquals(List.of(1, 2, 3, 4), extIds(audio));
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(List.of(new SsrcAttribute(1111, "cname", "ferrycname"), new SsrcAttribute(1111, "msid", "s1 a1")),
                audio.ssrcs());
        assertEquals(new Msid("s1", "a1"), audio.msid());

        MediaDescription video = a.media().get(1);
        // VP8+RTX, H.264 CB 42e01f in both packetization modes (+RTX), AV1 profile 0, VP9 profile 0;
        // not H.264 Baseline 42001f or Main 4d001f, VP9 profile 2, RED/ULPFEC (not listed).
        assertEquals(List.of(96, 97, 108, 109, 114, 115, 45, 46, 98, 99), pts(video));
        assertEquals("42e01f", video.codec(108).fmtp().get("profile-level-id"));
        assertEquals("1", video.codec(108).fmtp().get("packetization-mode"));
        assertEquals("0", video.codec(114).fmtp().get("packetization-mode"));
        assertEquals(Map.of("apt", "108"), video.codec(109).fmtp());
        assertEquals(5, video.codec(96).feedback().size());
        assertEquals(List.of(2, 3, 4, 10, 11), extIds(video));
        assertEquals(List.of(new SsrcGroup("FID", List.of(2222L, 3333L))), video.ssrcGroups());
        assertEquals(4, video.ssrcs().size());

        MediaDescription data = a.media().get(2);
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertEquals(5000, data.sctpPort());
        assertEquals(262144L, data.maxMessageSize());
        assertTrue(a.write().contains("a=sctp-port:5000\r\na=max-message-size:262144\r\n"));
    }

    @Test
    void passiveWhenConfigured() throws Exception {
        SessionDescription a = answer("chromium-156-offer.sdp", caps().answerSetup(Setup.PASSIVE).build());
        assertTrue(a.media().stream().allMatch(m -> m.setup() == Setup.PASSIVE));
        List<NegotiatedMedia> nm = OfferAnswer.negotiatedAsAnswerer(Samples.parse("chromium-156-offer.sdp"), a);
        assertFalse(nm.get(0).dtlsClient());
    }

    @Test
    void firefoxOfferAnswer() throws Exception {
        SessionDescription a = answer("firefox-esr-153-offer.sdp", caps().build());
        MediaDescription audio = a.media().get(0);
        assertEquals(List.of(109), pts(audio), "telephone-event/8000 not in our list");
        assertEquals("opus", audio.rtpMap(109).encoding());
        assertEquals(List.of(1, 3, 7), extIds(audio), "csrc-audio-level not supported");
        MediaDescription video = a.media().get(1);
        assertEquals(List.of(120, 124, 121, 125, 99, 100), pts(video), "VP9 without profile-id is profile 0");
        assertEquals(List.of(3, 4, 7), extIds(video));
        assertEquals(List.of(new SsrcGroup("FID", List.of(2222L, 3333L))), video.ssrcGroups());
        assertEquals(List.of("0", "1", "2"), a.bundleGroup().mids());
        assertEquals(1073741823L, Samples.parse("firefox-esr-153-offer.sdp").media().get(2).maxMessageSize());
        assertEquals(262144L, a.media().get(2).maxMessageSize());
        List<NegotiatedMedia> nm = OfferAnswer.negotiatedAsAnswerer(Samples.parse("firefox-esr-153-offer.sdp"), a);
        assertEquals(List.of(3832375217L, 431927258L), nm.get(1).remoteSsrcs());
        assertEquals(Map.of(3832375217L, 431927258L), nm.get(1).remoteRtxSsrcs());
        assertEquals(8, nm.get(0).remoteCandidates().size());
        assertEquals(4, nm.get(0).remoteCandidates().stream().filter(Candidate::isTcp).count(), "TCP kept, flagged");
        assertEquals(1073741823L, nm.get(2).remoteMaxMessageSize());
        assertEquals(List.of("sha-256"), nm.get(2).remoteFingerprints().stream().map(Fingerprint::algorithm).toList());
    }

    @Test
    void weriftSendonlyVideoGetsRecvonly() throws Exception {
        SessionDescription a = answer("werift-0.24-offer.sdp", caps().build());
        MediaDescription video = a.media().get(0);
        assertEquals(Direction.RECVONLY, video.direction());
        assertTrue(video.ssrcs().isEmpty(), "we send nothing, so no ssrc lines");
        assertEquals(List.of(98), pts(video));
        assertEquals(List.of("nack", "nack", "goog-remb"),
                video.codec(98).feedback().stream().map(RtcpFb::type).toList());
        assertFalse(video.rtcpRsize(), "rtcp-rsize only if offered");
        assertEquals(65536L, Samples.parse("werift-0.24-offer.sdp").media().get(1).effectiveMaxMessageSize());
        List<NegotiatedMedia> nm = OfferAnswer.negotiatedAsAnswerer(Samples.parse("werift-0.24-offer.sdp"), a);
        assertEquals(List.of(2545029270L), nm.get(0).remoteSsrcs());
        assertEquals(98, nm.get(0).payloadTypeOf("VP8"));
        assertEquals(-1, nm.get(0).rtxPayloadTypeFor(98));
    }

    @Test
    void libwebrtcAndLibdatachannel() throws Exception {
        SessionDescription a = answer("libwebrtc-m106-offer.sdp", caps().build());
        assertEquals(List.of(96, 97, 39, 40, 98, 99), pts(a.media().get(0)));
        assertEquals(List.of(2, 4, 9, 10, 11), extIds(a.media().get(0)), "libwebrtc's own ids kept (toffset, orientation... not ours)");
        assertEquals(List.of(new SsrcGroup("FID", List.of(2222L, 3333L))), a.media().get(0).ssrcGroups());
        assertEquals(262144L, a.media().get(1).maxMessageSize());
        assertEquals(List.of("0", "1"), a.bundleGroup().mids());
        SessionDescription d = answer("libdatachannel-0.33-offer.sdp", caps().build());
        assertEquals(1, d.media().size());
        assertEquals(5000, d.media().get(0).sctpPort());
        assertEquals(List.of("0"), d.bundleGroup().mids());
        List<NegotiatedMedia> n = OfferAnswer.negotiatedAsAnswerer(Samples.parse("libdatachannel-0.33-offer.sdp"), d);
        assertEquals(List.of("ice2", "trickle"), n.get(0).remoteIceOptions(), "comma-separated options split");
        assertTrue(n.get(0).remoteEndOfCandidates());
        assertEquals(262144L, n.get(0).remoteMaxMessageSize());
    }

    @Test
    void unsupportedKindsAreRejectedAndLeaveTheBundle() throws Exception {
        LocalCapabilities noVideo = caps().videoDirection(null).sctp(false).build();
        SessionDescription a = answer("chromium-156-offer.sdp", noVideo);
        assertFalse(a.media().get(0).isRejected());
        assertTrue(a.media().get(1).isRejected());
        assertEquals(0, a.media().get(1).port());
        assertEquals("1", a.media().get(1).mid());
        assertTrue(a.media().get(2).isRejected());
        assertEquals(List.of("0"), a.bundleGroup().mids());
        List<NegotiatedMedia> nm = OfferAnswer.negotiatedAsAnswerer(Samples.parse("chromium-156-offer.sdp"), a);
        assertTrue(nm.get(1).rejected());
        assertFalse(nm.get(0).rejected());
    }

    @Test
    void plainRtpProfileIsRejected() throws Exception {
        String text = Samples.text("chromium-156-offer.sdp").replace("m=audio 56405 UDP/TLS/RTP/SAVPF", "m=audio 56405 RTP/AVP");
        SessionDescription a = OfferAnswer.createAnswer(SessionDescription.parse(text), caps().build());
        assertTrue(a.media().get(0).isRejected());
        assertEquals("RTP/AVP", a.media().get(0).proto());
        assertFalse(a.media().get(1).isRejected());
        assertEquals(List.of("1", "2"), a.bundleGroup().mids());
        assertEquals(List.of(OUR_CAND), a.media().get(1).candidates(), "the first accepted bundled section carries the transport");
    }

    @Test
    void bundleTagFollowsTheGroupOrderNotTheMlineOrder() throws Exception {
        String text = Samples.text("chromium-156-offer.sdp").replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 1 0 2");
        SessionDescription offer = SessionDescription.parse(text);
        SessionDescription a = OfferAnswer.createAnswer(offer, caps().build());
        assertEquals(List.of("1", "0", "2"), a.bundleGroup().mids());
        assertTrue(a.media().get(0).candidates().isEmpty());
        assertEquals(List.of(OUR_CAND), a.media().get(1).candidates(), "mid 1 is the BUNDLE tag");
        List<NegotiatedMedia> n = OfferAnswer.negotiatedAsAnswerer(offer, a);
        assertEquals("1", n.get(0).bundleMid());
        assertEquals(2, n.get(0).remoteCandidates().size());
        assertEquals(45677, n.get(0).remoteCandidates().get(0).port(), "the offerer's mid-1 transport");
    }

    @Test
    void eachSendingSectionGetsItsOwnStream() throws Exception {
        // Two video m-lines (as a browser offers for two video tracks): two streams, in order.
        String text = Samples.text("werift-0.24-offer.sdp").replace("a=sendonly", "a=sendrecv");
        String video = text.substring(text.indexOf("m=video"), text.indexOf("m=application"));
        String two = text.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
                .replace("m=application", video.replace("a=mid:0", "a=mid:2") + "m=application");
        SessionDescription offer = SessionDescription.parse(two);
        assertEquals(3, offer.media().size());
        LocalCapabilities c = caps().addStream(new LocalStream("video", 5555L, null, "ferrycname", "s1", "v2")).build();
        SessionDescription a = OfferAnswer.createAnswer(offer, c);
        assertEquals(2222L, a.media().get(0).ssrcs().get(0).ssrc());
        assertEquals(5555L, a.media().get(1).ssrcs().get(0).ssrc());
        assertEquals(new Msid("s1", "v2"), a.media().get(1).msid());
        SessionDescription noSecond = OfferAnswer.createAnswer(offer, caps().build());
        assertTrue(noSecond.media().get(1).ssrcs().isEmpty(), "no stream left for the second video section");
    }

    @Test
    void rejectsWhenNoCodecInCommon() throws Exception {
        LocalCapabilities h264Only = caps().videoCodecs(List.of(CodecCapability.h264("640c1f", 1))).build();
        SessionDescription a = answer("chromium-156-offer.sdp", h264Only);
        assertTrue(a.media().get(1).isRejected(), "no High profile offered");
        assertEquals(List.of("0", "2"), a.bundleGroup().mids());
    }

    @Test
    void audioRedKeptOnlyWithItsPrimary() throws Exception {
        LocalCapabilities red = caps().audioCodecs(List.of(CodecCapability.opus(), CodecCapability.audioRed())).build();
        SessionDescription a = answer("chromium-156-offer.sdp", red);
        assertEquals(List.of(111, 63), pts(a.media().get(0)));
        assertEquals(Map.of("111/111", ""), a.media().get(0).codec(63).fmtp());
        LocalCapabilities redNoOpus = caps().audioCodecs(List.of(CodecCapability.pcmu(), CodecCapability.audioRed())).build();
        assertEquals(List.of(0), pts(answer("chromium-156-offer.sdp", redNoOpus).media().get(0)));
    }

    @Test
    void noRtxWhenDisabled() throws Exception {
        SessionDescription a = answer("chromium-156-offer.sdp", caps().rtx(false).build());
        assertEquals(List.of(96, 108, 114, 45, 98), pts(a.media().get(1)));
        assertTrue(a.media().get(1).ssrcGroups().isEmpty(), "no FID group without RTX");
        assertEquals(2, a.media().get(1).ssrcs().size());
    }

    @Test
    void answerSetupRules() {
        LocalCapabilities c = caps().build();
        assertEquals(Setup.ACTIVE, OfferAnswer.answerSetup(Setup.ACTPASS, c));
        assertEquals(Setup.PASSIVE, OfferAnswer.answerSetup(Setup.ACTPASS, caps().answerSetup(Setup.PASSIVE).build()));
        assertEquals(Setup.PASSIVE, OfferAnswer.answerSetup(Setup.ACTIVE, c));
        assertEquals(Setup.ACTIVE, OfferAnswer.answerSetup(Setup.PASSIVE, c));
        assertEquals(Setup.PASSIVE, OfferAnswer.answerSetup(null, c), "absent means active (RFC 4145)");
    }

    @Test
    void offerWithoutCredentialsOrFingerprintIsRefused() throws Exception {
        String text = Samples.text("libdatachannel-0.33-offer.sdp");
        SessionDescription noPwd = SessionDescription.parse(text.replace("a=ice-pwd:XBQAxluqA7Uk4W2AwEuaoz\r\n", ""));
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class,
                () -> OfferAnswer.createAnswer(noPwd, caps().build()));
        assertTrue(e.getMessage().contains("ICE credentials"), e.getMessage());
        SessionDescription noFp = SessionDescription.parse(text.replaceAll("a=fingerprint:[^\r]*\r\n", ""));
        e = assertThrows(SdpNegotiationException.class, () -> OfferAnswer.createAnswer(noFp, caps().build()));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        SessionDescription dupMid = SessionDescription.parse(Samples.text("chromium-156-offer.sdp").replace("a=mid:1", "a=mid:0"));
        assertThrows(SdpNegotiationException.class, () -> OfferAnswer.createAnswer(dupMid, caps().build()));
    }

    @Test
    void bundleOnlyOnPortZeroIsAccepted() throws Exception {
        String text = Samples.text("chromium-156-offer.sdp")
                .replace("m=video 45677", "m=video 0").replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");
        SessionDescription offer = SessionDescription.parse(text);
        assertEquals(0, offer.media().get(1).port());
        assertFalse(offer.media().get(1).isRejected());
        SessionDescription a = OfferAnswer.createAnswer(offer, caps().build());
        assertFalse(a.media().get(1).isRejected());
        assertEquals(List.of("0", "1", "2"), a.bundleGroup().mids());
        SessionDescription plainZero = SessionDescription.parse(text.replace("a=bundle-only\r\n", ""));
        assertTrue(OfferAnswer.createAnswer(plainZero, caps().build()).media().get(1).isRejected(),
                "port 0 without bundle-only is a rejected section");
    }
}
