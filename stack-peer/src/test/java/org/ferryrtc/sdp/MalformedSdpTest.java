package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed SDP is rejected with the 1-based line number, the line and the reason. */
class MalformedSdpTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private static SdpParseException fail(String sdp) {
        return assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
    }

    @Test
    void portIsNotANumber() {
        SdpParseException e = fail(HEAD + "a=group:BUNDLE 0\r\na=ice-lite\r\n"
                + "m=audio x UDP/TLS/RTP/SAVPF 111\r\n");
        assertEquals(7, e.lineNumber());
        assertEquals("m=audio x UDP/TLS/RTP/SAVPF 111", e.line());
        assertEquals("port is not a number", e.reason());
        assertEquals("line 7 'm=audio x UDP/TLS/RTP/SAVPF 111': port is not a number", e.getMessage());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "m=audio 70000 UDP/TLS/RTP/SAVPF 111|5|port is out of range",
        "m=audio 9 UDP/TLS/RTP/SAVPF|5|m= line lists no formats",
        "m=audio 9|5|m= needs <media> <port> <proto> <fmt> ...",
        "a=rtpmap:abc opus/48000/2|6|payload type is not a number",
        "a=rtpmap:200 opus/48000/2|6|payload type is out of range",
        "a=rtpmap:111 opus|6|rtpmap encoding must be <name>/<clock rate>[/<channels>]",
        "a=rtpmap:111 opus/fast/2|6|clock rate is not a number",
        "a=setup:sometimes|6|setup must be actpass, active, passive or holdconn",
        "a=candidate:1 1 udp 2122194687 192.0.2.2 56405|6|candidate needs at least 8 fields",
        "a=candidate:1 1 udp 2122194687 192.0.2.2 56405 type host|6|expected 'typ' after the port",
        "a=candidate:1 1 udp 2122194687 192.0.2.2 99999 typ host|6|port is out of range",
        "a=candidate:1 1 udp 2122194687 192.0.2.2 9 typ host generation|6|candidate extension 'generation' has no value",
        "a=candidate:1 x udp 1 192.0.2.2 9 typ host|6|component id is not a number",
        "a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid|6|extmap id is out of range",
        "a=extmap:3/sideways urn:x|6|bad extmap direction",
        "a=ssrc:12345678901 cname:x|6|ssrc is out of range",
        "a=ssrc:1|6|ssrc needs an attribute",
        "a=fingerprint:sha-256|6|fingerprint needs <hash-func> <fingerprint>",
        "a=sctp-port:abc|6|sctp-port is not a number",
        "a=max-message-size:-1|6|max-message-size is not a number",
        "a=rid:r0 both|6|rid direction must be send or recv",
        "a=simulcast:sideways r0|6|simulcast direction must be send or recv, once each",
        "a=simulcast:send r0;;r1|6|empty rid in simulcast list",
        "a=mid|6|a=mid needs a value",
        "x=unknown|6|unknown line type 'x'",
        "garbage|6|expected '<type>=<value>'",
        "a=foo:x\ry|6|CR or NUL inside a line",
        "a=foo:x\u0000y|6|CR or NUL inside a line",
        "o=- 1 2 IN IP4 127.0.0.1|6|o= inside a media section",
    })
    void badMediaLines(String bad, int line, String reason) {
        // Line 5 is the m= line; bad media lines follow it, a bad m= line replaces it.
        String sdp = bad.startsWith("m=") ? HEAD + bad + "\r\n"
                : HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + bad + "\r\na=mid:0\r\n";
        SdpParseException e = fail(sdp);
        assertEquals(reason, e.reason());
        assertEquals(line, e.lineNumber());
        assertEquals(bad, e.line());
    }

    @Test
    void duplicatesOfSingleValuedAttributes() {
        String m = HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n";
        assertEquals("duplicate a=mid", fail(m + "a=mid:1\r\n").reason());
        assertEquals("more than one direction attribute", fail(m + "a=sendrecv\r\na=recvonly\r\n").reason());
        assertEquals("duplicate rtpmap for payload type 111",
                fail(m + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:111 opus/48000/2\r\n").reason());
        SdpParseException e = fail(m + "a=setup:active\r\na=setup:passive\r\n");
        assertEquals(8, e.lineNumber());
        assertEquals("duplicate a=setup", e.reason());
    }

    @Test
    void sessionStructure() {
        SdpParseException e = fail("o=- 1 2 IN IP4 127.0.0.1\r\n");
        assertEquals(1, e.lineNumber());
        assertEquals("the first line must be v=", e.reason());
        assertEquals("unsupported SDP version", fail("v=1\r\n").reason());
        e = fail("v=0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n");
        assertEquals(3, e.lineNumber());
        assertEquals("missing o= line before the first m=", e.reason());
        e = fail("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n\r\n");
        assertEquals("missing s= line", e.reason());
        assertEquals(2, e.lineNumber(), "reported at the last non-blank line");
        assertEquals("o=- 1 2 IN IP4 127.0.0.1", e.line());
        assertEquals("o= needs 6 fields", fail("v=0\r\no=- 1 2 IN IP4\r\ns=-\r\n").reason());
        assertEquals("duplicate v= line", fail(HEAD + "v=0\r\n").reason());
        assertEquals("r= without a preceding t=", fail("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nr=1 2 3\r\n").reason());
        e = fail("");
        assertEquals(1, e.lineNumber());
        assertEquals("empty description (no v= line)", e.reason());
        e = fail(HEAD.replace("\r\n", "\n") + "\n\nb=AS\n");
        assertEquals(7, e.lineNumber(), "blank lines still count");
        assertEquals("b= needs <type>:<bandwidth>", e.reason());
    }

    @Test
    void trickledCandidate() throws SdpParseException {
        Candidate c = Candidate.parse("candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx "
                + "raddr 192.0.2.2 rport 46154 generation 0 ufrag sXCn network-cost 999");
        assertEquals("srflx", c.type());
        assertEquals("192.0.2.2", c.relatedAddress());
        assertEquals(46154, c.relatedPort());
        assertEquals("sXCn", c.ufrag());
        assertEquals("999", c.extensions().get("network-cost"));
        assertEquals(c, Candidate.parse("a=" + c.text()));
        Candidate relay = Candidate.parse("candidate:3 1 UDP 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 5000");
        assertEquals("relay", relay.type());
        assertEquals(-1, relay.generation());
        SdpParseException e = assertThrows(SdpParseException.class, () -> Candidate.parse("candidate:1 1 udp"));
        assertEquals(0, e.lineNumber());
        assertEquals("candidate needs at least 8 fields", e.reason());
        assertThrows(SdpParseException.class, () -> Candidate.parse("end-of-candidates"));
    }
}
