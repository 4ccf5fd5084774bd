package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Concrete facts read from each real SDP sample. */
class SampleParseTest {

    private static List<String> mids(SessionDescription s) {
        return s.media().stream().map(MediaDescription::mid).toList();
    }

    private static List<Integer> pts(MediaDescription m) {
        return m.codecs().stream().map(Codec::payloadType).toList();
    }

    @Test
    void chromiumOffer() {
        SessionDescription s = Samples.parse("chromium-156-offer.sdp");
        assertEquals("1749405802954531633", s.origin().sessionId());
        assertEquals(List.of("audio", "video", "application"), s.media().stream().map(MediaDescription::kind).toList());
        assertEquals(List.of("0", "1", "2"), mids(s));
        assertEquals(List.of("0", "1", "2"), s.bundleGroup().mids());
        assertTrue(s.extmapAllowMixed());
        assertEquals("WMS f43069a8-e525-494a-af00-1602d94af0c6", s.msidSemantic());

        MediaDescription a = s.media().get(0);
        assertEquals(56405, a.port());
        assertEquals("UDP/TLS/RTP/SAVPF", a.proto());
        assertEquals(new Connection("IN", "IP4", "192.0.2.2"), a.connections().get(0));
        assertEquals("dJPf", s.iceUfragOf(a));
        assertEquals("iI43UX8eac8bxdngvnW4cnbm", s.icePwdOf(a));
        assertEquals(List.of("trickle"), a.iceOptions());
        assertEquals("sha-256", a.fingerprints().get(0).algorithm());
        assertEquals(32, a.fingerprints().get(0).bytes().length);
        assertEquals((byte) 0x6E, a.fingerprints().get(0).bytes()[0]);
        assertEquals(Setup.ACTPASS, a.setup());
        assertEquals(Direction.SENDRECV, a.direction());
        assertTrue(a.rtcpMux());
        assertTrue(a.rtcpRsize());
        assertEquals(new Msid("f43069a8-e525-494a-af00-1602d94af0c6", "954cdc2c-91d8-430d-9fc6-215e50ca34f6"), a.msid());
        Candidate c = a.candidates().get(0);
        assertEquals("2025018859", c.foundation());
        assertEquals(2122194687L, c.priority());
        assertEquals("host", c.type());
        assertEquals(0, c.generation());
        assertEquals(Map.of("generation", "0", "network-id", "1"), c.extensions());
        assertEquals("fd00::2", a.candidates().get(1).address());
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), pts(a));
        Codec opus = a.codec(111);
        assertTrue(opus.is("OPUS"));
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals(List.of("minptime", "useinbandfec"), List.copyOf(opus.fmtp().keySet()));
        assertEquals("1", opus.fmtp().get("useinbandfec"));
        assertEquals(List.of(new RtcpFb("111", "transport-cc", null)), opus.feedback());
        assertEquals(Map.of("111/111", ""), a.codec(63).fmtp());
        assertEquals(4, a.extmaps().size());
        assertEquals(new Extmap(1, null, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null), a.extmaps().get(0));
        assertEquals(List.of(new SsrcAttribute(3004543727L, "cname", "8CFa6/rApOlyIzA/"),
                new SsrcAttribute(3004543727L, "msid",
                        "f43069a8-e525-494a-af00-1602d94af0c6 954cdc2c-91d8-430d-9fc6-215e50ca34f6")), a.ssrcs());
        assertEquals(List.of(new Attribute("rtcp", "9 IN IP4 0.0.0.0"), new Attribute("rtcp-xr", "rcvr-rtt=all")),
                a.attributes(), "unknown attributes kept verbatim");

        MediaDescription v = s.media().get(1);
        assertEquals(23, v.formats().size());
        assertEquals(23, v.codecs().size());
        assertTrue(v.codec(96).is("vp8"));
        assertEquals(5, v.codec(96).feedback().size());
        assertTrue(v.codec(97).isRtx());
        assertEquals("96", v.codec(97).fmtp().get("apt"));
        assertEquals("42001f", v.codec(102).fmtp().get("profile-level-id"));
        assertEquals("2", v.codec(100).fmtp().get("profile-id"));
        assertTrue(v.codec(45).is("AV1"));
        assertEquals(11, v.extmaps().size());
        assertEquals(List.of(new SsrcGroup("FID", List.of(570362860L, 1439744714L))), v.ssrcGroups());

        MediaDescription d = s.media().get(2);
        assertTrue(d.isDataChannel());
        assertFalse(d.isRtp());
        assertEquals(5000, d.sctpPort());
        assertEquals(262144L, d.maxMessageSize());
        assertEquals(List.of("webrtc-datachannel"), d.formats());
    }

    @Test
    void chromiumAnswer() {
        SessionDescription s = Samples.parse("chromium-156-answer.sdp");
        assertEquals(List.of("0", "1", "2"), mids(s));
        assertEquals("WMS", s.msidSemantic());
        assertEquals(Setup.ACTIVE, s.media().get(0).setup());
        assertEquals(Direction.RECVONLY, s.media().get(1).direction());
        assertEquals("U+yq", s.media().get(2).iceUfrag());
        assertEquals(2, s.media().get(0).candidates().size());
        assertTrue(s.media().get(1).candidates().isEmpty(), "candidates only in the first section");
        assertEquals(9, s.media().get(1).port());
        assertTrue(s.media().get(0).ssrcs().isEmpty());
        assertEquals(3, s.media().size());
        assertEquals("sha-256", s.fingerprintsOf(s.media().get(0)).get(0).algorithm());
        assertEquals("U+yq", s.iceUfragOf(s.media().get(0)));
        assertEquals("Y9cakaF63hmV1lvayTb/blA0", s.icePwdOf(s.media().get(1)));
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), pts(s.media().get(0)));
        assertEquals(23, pts(s.media().get(1)).size());
        assertEquals("42e01f", s.media().get(1).codec(108).fmtp().get("profile-level-id"));
        assertEquals(262144L, s.media().get(2).maxMessageSize());
    }

    @Test
    void firefoxOffer() {
        SessionDescription s = Samples.parse("firefox-esr-153-offer.sdp");
        assertEquals("mozilla...THIS_IS_SDPARTA-99.0", s.origin().username());
        assertEquals(Direction.SENDRECV, s.direction(), "session-level direction");
        assertEquals("sha-256", s.fingerprints().get(0).algorithm());
        assertTrue(s.media().get(0).fingerprints().isEmpty());
        assertEquals(s.fingerprints(), s.fingerprintsOf(s.media().get(0)), "session fingerprint applies");
        assertEquals(List.of("trickle"), s.iceOptions());
        assertEquals("WMS *", s.msidSemantic());
        assertEquals(List.of("0", "1", "2"), mids(s));

        MediaDescription a = s.media().get(0);
        assertEquals("2725f61e", a.iceUfrag());
        assertEquals(8, a.candidates().size());
        assertEquals(4, a.udpCandidates().size());
        Candidate tcp = a.candidates().get(2);
        assertTrue(tcp.isTcp());
        assertEquals("active", tcp.tcpType());
        assertEquals(9, tcp.port());
        assertEquals(2, a.candidates().get(4).component());
        assertTrue(a.endOfCandidates());
        assertEquals(new Extmap(2, Direction.RECVONLY, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null),
                a.extmaps().get(1));
        assertEquals(List.of(109, 9, 0, 8, 101), pts(a));
        assertEquals(1, a.codec(9).channels());
        assertEquals(1, a.rtpMap(9).channels(), "G722/8000/1 keeps its explicit channel count");
        assertEquals(Map.of("0-15", ""), a.codec(101).fmtp());
        assertEquals("1", a.codec(109).fmtp().get("stereo"));
        assertEquals(new Msid("{0040f9d3-f8c5-4780-9cfa-6e20d4e557cd}", "{4216c29d-1867-49d3-b7ff-70f3e13241cc}"), a.msid());

        MediaDescription v = s.media().get(1);
        assertEquals(List.of(120, 124, 121, 125, 99, 100, 123, 122, 119), pts(v));
        assertEquals("120", v.codec(124).fmtp().get("apt"));
        assertEquals(List.of(new SsrcGroup("FID", List.of(3832375217L, 431927258L))), v.ssrcGroups());
        assertEquals(1073741823L, s.media().get(2).effectiveMaxMessageSize());
    }

    @Test
    void firefoxAnswer() {
        SessionDescription s = Samples.parse("firefox-esr-153-answer.sdp");
        MediaDescription a = s.media().get(0);
        assertEquals(Direction.RECVONLY, a.direction());
        assertEquals(Setup.ACTIVE, a.setup());
        assertEquals("25bda051", a.iceUfrag());
        assertEquals(List.of(new SsrcAttribute(3717684598L, "cname", "{c8cdb5f4-e1cb-4cf2-b792-e859d2a7a1d4}")), a.ssrcs());
        assertEquals(58855, s.media().get(2).port());
        assertEquals(1073741823L, s.media().get(2).maxMessageSize());
        assertEquals(List.of("0", "1", "2"), mids(s));
        assertEquals(List.of("0", "1", "2"), s.bundleGroup().mids());
        assertEquals("sha-256", s.fingerprintsOf(a).get(0).algorithm());
        assertEquals(4, a.candidates().size());
        assertEquals(List.of(109, 9, 0, 8, 101), pts(a));
        assertEquals(List.of(120, 124, 121, 125, 99, 100, 123, 122, 119), pts(s.media().get(1)));
        assertTrue(s.media().get(1).codec(99).is("AV1"));
        assertEquals(Direction.RECVONLY, s.directionOf(s.media().get(1)));
        assertEquals(Direction.SENDRECV, s.directionOf(s.media().get(2)));
    }

    @Test
    void libdatachannelOffer() {
        SessionDescription s = Samples.parse("libdatachannel-0.33-offer.sdp");
        assertEquals(1, s.media().size());
        assertEquals(List.of("0"), s.bundleGroup().mids());
        assertEquals(List.of("ice2,trickle"), s.iceOptions());
        assertEquals("EE:0D:95:44:BC:4B:9F:E9:56:CE:A7:5F:AC:C0:69:63:E1:58:92:C1:CC:70:BF:B4:55:77:31:BB:9A:76:B5:D9",
                s.fingerprintsOf(s.media().get(0)).get(0).value());
        MediaDescription d = s.media().get(0);
        assertEquals("0HbH", d.iceUfrag());
        assertEquals(2, d.candidates().size());
        assertEquals("UDP", d.candidates().get(0).transport());
        assertTrue(d.candidates().get(0).isUdp());
        assertTrue(d.endOfCandidates());
        assertEquals(262144L, d.maxMessageSize());
        assertEquals(Direction.SENDRECV, d.direction());
        assertEquals(List.of("0"), mids(s));
        assertEquals("sha-256", s.fingerprints().get(0).algorithm());
        assertEquals(Setup.ACTPASS, d.setup());
        assertTrue(d.isDataChannel());
        assertEquals(5000, d.effectiveSctpPort());
    }

    @Test
    void libwebrtcOffer() {
        SessionDescription s = Samples.parse("libwebrtc-m106-offer.sdp");
        assertEquals(List.of("video", "application"), s.media().stream().map(MediaDescription::kind).toList());
        MediaDescription v = s.media().get(0);
        assertEquals(4, v.candidates().size());
        assertEquals("::1", v.candidates().get(2).address());
        assertEquals("4", v.candidates().get(2).extensions().get("network-id"));
        assertEquals(new Msid("-", "cdf18bff-3542-4aa3-8062-586690e12d31"), v.msid());
        assertEquals(List.of(96, 97, 39, 40, 98, 99, 100, 101, 125, 124, 127), pts(v));
        assertTrue(v.codec(39).is("av1"));
        assertEquals("125", v.codec(124).fmtp().get("apt"));
        assertTrue(v.codec(127).is("ulpfec"));
        assertEquals("fdki", s.iceUfragOf(s.media().get(1)));
        assertEquals(List.of("0", "1"), mids(s));
        assertEquals("sha-256", s.fingerprintsOf(v).get(0).algorithm());
        assertEquals(Setup.ACTPASS, v.setup());
        assertEquals(List.of(new SsrcGroup("FID", List.of(2236300171L, 3091032022L))), v.ssrcGroups());
        assertEquals(5000, s.media().get(1).sctpPort());
    }

    @Test
    void weriftOffer() {
        SessionDescription s = Samples.parse("werift-0.24-offer.sdp");
        MediaDescription v = s.media().get(0);
        assertEquals(9, v.port());
        assertEquals(Direction.SENDONLY, v.direction());
        assertFalse(v.rtcpRsize());
        assertEquals("a69c", v.candidates().get(0).ufrag());
        assertEquals("626da4e5384a0ce2d0d93678a", v.candidates().get(0).foundation());
        assertEquals(List.of(98), pts(v));
        assertEquals(3, v.codec(98).feedback().size());
        assertEquals(65536L, s.media().get(1).maxMessageSize());
        assertEquals(List.of(new SsrcAttribute(2545029270L, "cname", "a4652d45-4ba6-4740-9585-3bfd67e318bc")), v.ssrcs());
        assertEquals(2, s.media().size());
        assertEquals(List.of("0", "1"), mids(s));
        assertEquals(List.of("0", "1"), s.bundleGroup().mids());
        assertEquals("a69c", s.iceUfragOf(v));
        assertEquals("sha-256", s.fingerprintsOf(v).get(0).algorithm());
        assertTrue(v.endOfCandidates());
        assertEquals(2, s.media().get(1).candidates().size(), "candidates repeated per section");
    }
}
