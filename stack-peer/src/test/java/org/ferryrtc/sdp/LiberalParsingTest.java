package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What real peers do (DESIGN §6), the less common SDP lines, and RFC examples. */
class LiberalParsingTest {

    /** An offer written the way assorted non-browser stacks write them. */
    private static final String ODD = String.join("\n",
            "v=0",
            "o=gst 99 0 IN IP4 0.0.0.0   ",
            "s=session",
            "b=AS:2000",
            "t=0 0",
            "a=group:BUNDLE audio0 video data",
            "a=fingerprint:SHA-512 " + "AB:".repeat(63) + "AB",
            "a=ice-lite",
            "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid",
            "m=audio 40000 UDP/TLS/RTP/SAVPF 96 0",
            "c=IN IP4 192.0.2.9",
            "b=TIAS:64000",
            "a=candidate:1 1 UDP 2130706431 192.0.2.9 40000 typ host",
            "a=candidate:2 1 TCP 2130706430 192.0.2.9 9 typ host tcptype active",
            "a=ice-ufrag:gstu",
            "a=ice-pwd:gstpasswordgstpassword0",
            "a=setup:actpass",
            "a=mid:audio0",
            "a=rtcp-mux",
            "a=rtpmap:96 OPUS/48000/2",
            "a=fmtp:96 useinbandfec=1; stereo=1 ;sprop-stereo=1",
            "a=rtcp-fb:97 nack",
            "a=fmtp:97 apt=96",
            "a=rtcp-fb:* transport-cc",
            "a=ssrc:1234 cname:gst",
            "a=x-vendor-thing:whatever 1 2 3",
            "m=video 0 UDP/TLS/RTP/SAVPF 100 101",
            "c=IN IP4 192.0.2.9",
            "a=bundle-only",
            "a=mid:video",
            "a=rtcp-mux",
            "a=rtpmap:100 vp8/90000",
            "a=rtpmap:101 RTX/90000",
            "a=fmtp:101 apt=100;rtx-time=3000",
            "a=rid:hi send pt=100;max-width=1280;max-height=720",
            "a=rid:lo send pt=100,101;max-fps=15;depend=hi",
            "a=rid:r9 recv",
            "a=simulcast:send hi;~lo,mid recv r9",
            "a=ssrc-group:SIM 1 2 3",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "c=IN IP4 0.0.0.0",
            "a=mid:data",
            "");

    @Test
    void oddOfferParsesAndRoundTrips() throws Exception {
        SessionDescription s = SessionDescription.parse(ODD);
        assertEquals(s, SessionDescription.parse(s.write()));
        assertEquals(List.of(new Bandwidth("AS", 2000)), s.bandwidths());
        assertTrue(s.iceLite());
        assertEquals("SHA-512", s.fingerprints().get(0).algorithm());
        assertEquals(64, s.fingerprints().get(0).bytes().length);
        assertEquals(List.of(new Extmap(9, null, LocalCapabilities.EXT_MID, null)), s.extmaps());

        MediaDescription a = s.media().get(0);
        assertEquals("audio0", a.mid());
        assertEquals(List.of(new Bandwidth("TIAS", 64000)), a.bandwidths());
        assertTrue(a.codec(96).is("opus"));
        assertEquals(Map.of("useinbandfec", "1", "stereo", "1", "sprop-stereo", "1"), a.codec(96).fmtp());
        assertEquals(List.of(96, 0), a.codecs().stream().map(Codec::payloadType).toList());
        assertEquals("PCMU", a.codec(0).name(), "static payload type named without rtpmap");
        assertNull(a.codec(97), "fmtp/rtcp-fb for a PT not on the m-line are kept but not attached");
        assertNotNull(a.fmtp(97));
        assertEquals(List.of(new RtcpFb("*", "transport-cc", null)), a.codec(96).feedback());
        assertEquals(1, a.udpCandidates().size());
        assertTrue(a.candidates().get(1).isTcp());
        assertEquals(List.of(new Attribute("x-vendor-thing", "whatever 1 2 3")), a.attributes());

        MediaDescription v = s.media().get(1);
        assertEquals(0, v.port());
        assertTrue(v.bundleOnly());
        assertFalse(v.isRejected());
        assertTrue(v.codec(101).isRtx());
        assertEquals(new Rid("hi", true, List.of("100"), Map.of("max-width", "1280", "max-height", "720")), v.rids().get(0));
        assertEquals(List.of("100", "101"), v.rids().get(1).payloadTypes());
        assertEquals("hi", v.rids().get(1).restrictions().get("depend"));
        assertFalse(v.rids().get(2).send());
        Simulcast sc = v.simulcast();
        assertEquals(List.of(List.of(new Simulcast.Id("hi", false)),
                List.of(new Simulcast.Id("lo", true), new Simulcast.Id("mid", false))), sc.send());
        assertEquals(List.of(List.of(new Simulcast.Id("r9", false))), sc.recv());
        assertEquals(new SsrcGroup("SIM", List.of(1L, 2L, 3L)), v.ssrcGroups().get(0));

        MediaDescription d = s.media().get(2);
        assertNull(d.sctpPort());
        assertNull(d.maxMessageSize());
        assertEquals(5000, d.effectiveSctpPort(), "RFC 8841 §5 default");
        assertEquals(65536L, d.effectiveMaxMessageSize(), "RFC 8841 §6.1 default");
    }

    @Test
    void oddOfferIsAnsweredWithItsMidsAndCodecNames() throws Exception {
        SessionDescription offer = SessionDescription.parse(ODD);
        SessionDescription ans = SessionDescription.parse(OfferAnswer.createAnswer(offer, AnswerTest.caps().build()).write());
        assertEquals(List.of("audio0", "video", "data"), ans.media().stream().map(MediaDescription::mid).toList());
        assertEquals(List.of("audio0", "video", "data"), ans.bundleGroup().mids());
        MediaDescription a = ans.media().get(0);
        assertEquals("OPUS", a.rtpMap(96).encoding(), "offerer's spelling kept");
        assertEquals(List.of(96), a.codecs().stream().map(Codec::payloadType).toList());
        assertEquals(List.of(new RtcpFb("96", "transport-cc", null)), a.codec(96).feedback(), "wildcard feedback answered per PT");
        assertEquals(List.of(new Extmap(9, null, LocalCapabilities.EXT_MID, null)), a.extmaps(), "session-level extmap honoured");
        assertEquals(Setup.ACTIVE, a.setup());
        MediaDescription v = ans.media().get(1);
        assertFalse(v.isRejected());
        assertEquals(List.of(100, 101), v.codecs().stream().map(Codec::payloadType).toList());
        assertEquals(Map.of("apt", "100", "rtx-time", "3000"), v.codec(101).fmtp());
        List<NegotiatedMedia> n = OfferAnswer.negotiatedAsAnswerer(offer, ans);
        assertEquals(2, n.get(1).remoteCandidates().size(), "bundled section uses audio0's candidates");
        assertEquals("gstu", n.get(2).remoteIceUfrag(), "data section has no ufrag: the BUNDLE owner's");
        assertEquals(65536L, n.get(2).remoteMaxMessageSize());
        assertEquals(5000, n.get(2).remoteSctpPort());
        assertEquals(List.of(1234L), n.get(0).remoteSsrcs());
        assertTrue(n.get(0).remoteIceLite(), "a lite peer: we must control");
        assertFalse(n.get(0).extmapAllowMixed());
    }

    @Test
    void rfc8866Example() throws Exception {
        String text = Samples.text("vectors/rfc8866/section5-example.sdp");
        SessionDescription s = SessionDescription.parse(text);
        assertEquals(text, s.write(), "write -> parse -> write is byte-exact for the RFC example");
        assertEquals("Call to John Smith", s.sessionName());
        assertEquals("SDP Offer #1", s.information());
        assertEquals("http://www.jdoe.example.com/home.html", s.uri());
        assertEquals(List.of("Jane Doe <jane@jdoe.example.com>"), s.emails());
        assertEquals(List.of("+1 617 555-6011"), s.phones());
        assertEquals("3724394405", s.origin().sessionVersion());
        assertEquals(3, s.media().size());
        assertEquals(new Connection("IN", "IP6", "2001:db8::2"), s.media().get(2).connections().get(0));
        assertEquals("h263-1998", s.media().get(2).codec(99).name());
        assertEquals("PCMU", s.media().get(0).codec(0).name());
    }

    @Test
    void otherSessionLinesRoundTrip() throws Exception {
        String text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=x\r\nt=3034423619 3042462419\r\nr=604800 3600 0 90000\r\n"
                + "t=0 0\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=recvonly\r\n"
                + "m=audio 9 RTP/AVP 0\r\ni=voice\r\nk=clear:abc\r\n";
        SessionDescription s = SessionDescription.parse(text);
        assertEquals(2, s.timings().size());
        assertEquals(List.of("604800 3600 0 90000"), s.timings().get(0).repeats());
        assertEquals("2882844526 -1h 2898848070 0", s.zone());
        assertEquals(Direction.RECVONLY, s.directionOf(s.media().get(0)));
        assertEquals("voice", s.media().get(0).information());
        assertEquals(s, SessionDescription.parse(s.write()));
        assertEquals(s.write(), SessionDescription.parse(s.write()).write());
    }
}
