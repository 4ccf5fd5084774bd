package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.gateway.call.MediaConstraints;
import org.ferryrtc.gateway.call.MediaParams;
import org.ferryrtc.sdp.Bandwidth;
import org.ferryrtc.sdp.MediaDescription;
import org.ferryrtc.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

/** {@code band_width} becomes {@code b=AS} (RFC 8866 §5.8, kbit/s) and {@code b=TIAS} (RFC 3890, bit/s) per m-section. */
class SdpBandwidthTest {
    // a browser-shaped offer: audio, video, data (the shape Chromium writes, shortened)
    static final String SDP = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "a=group:BUNDLE 0 1 2", "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20",
            "a=setup:actpass", "a=mid:0", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "b=AS:5000", "b=CT:9000", "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20",
            "a=setup:actpass", "a=mid:1", "a=sendrecv", "a=rtcp-mux", "a=rtpmap:96 VP8/90000",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20",
            "a=setup:actpass", "a=mid:2", "a=sctp-port:5000", "") ;

    static MediaConstraints caps(int videoKbps, int audioKbps) {
        return new MediaConstraints(true, true, true, true,
                new MediaParams(videoKbps, "VP8", "vi-1", null, 96, 90_000),
                new MediaParams(audioKbps, "OPUS", "au-1", null, 111, 48_000));
    }

    static MediaDescription section(SessionDescription d, String kind) {
        return d.media().stream().filter(m -> m.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void videoAndAudioCapsGoIntoTheirOwnSectionsInBothUnits() throws Exception {
        SessionDescription out = SessionDescription.parse(SdpBandwidth.apply(SDP, caps(300, 48)));
        // the existing AS is replaced, a foreign type (CT) kept; TIAS is bit/s
        assertEquals(List.of(new Bandwidth("CT", 9000), new Bandwidth("AS", 300), new Bandwidth("TIAS", 300_000)),
                section(out, "video").bandwidths());
        assertEquals(List.of(new Bandwidth("AS", 48), new Bandwidth("TIAS", 48_000)), section(out, "audio").bandwidths());
        assertEquals(List.of(), section(out, "application").bandwidths(), "the data section is never capped");
        // nothing else changes
        SessionDescription in = SessionDescription.parse(SDP);
        assertEquals(in.media().size(), out.media().size());
        for (int i = 0; i < in.media().size(); i++) {
            assertEquals(in.media().get(i).toBuilder().bandwidths(List.of()).build(),
                    out.media().get(i).toBuilder().bandwidths(List.of()).build(), "m-section " + i);
        }
    }

    @Test
    void theLinesSitAfterCInTheirSection() throws Exception {
        String text = SdpBandwidth.apply(SDP, caps(300, 0));
        List<String> lines = text.lines().toList();
        int video = lines.indexOf("m=video 9 UDP/TLS/RTP/SAVPF 96");
        int app = lines.indexOf("m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        int as = lines.indexOf("b=AS:300");
        int tias = lines.indexOf("b=TIAS:300000");
        assertTrue(video < as && as < tias && tias < app, text);
        assertEquals("c=IN IP4 0.0.0.0", lines.get(video + 1), text);
        assertTrue(lines.stream().filter(l -> l.startsWith("b=")).count() == 3, "CT, AS, TIAS in video only: " + text);
        assertTrue(text.endsWith("\r\n") && !text.replace("\r\n", "").contains("\n"), "CRLF lines");
    }

    @Test
    void noCapLeavesTheSdpUntouched() {
        assertSame(SDP, SdpBandwidth.apply(SDP, caps(0, 0)));
        assertSame(SDP, SdpBandwidth.apply(SDP, new MediaConstraints(false, true, false, true, null, null)));
        assertSame(SDP, SdpBandwidth.apply(SDP, null));
    }

    @Test
    void aRejectedSectionIsNotCapped() throws Exception {
        String rejected = SDP.replace("m=video 9 ", "m=video 0 ");
        SessionDescription out = SessionDescription.parse(SdpBandwidth.apply(rejected, caps(300, 0)));
        assertEquals(List.of(new Bandwidth("AS", 5000), new Bandwidth("CT", 9000)), section(out, "video").bandwidths());
    }

    @Test
    void theGatewaysOwnSdpMustParse() {
        assertThrows(IllegalStateException.class, () -> SdpBandwidth.apply("v=0\r\nnot sdp\r\n", caps(300, 0)));
    }

    /** The offer a REST call sends to a browser carries the caps; the PeerConnection accepted it as its local description. */
    @Test
    void aRestCallsOfferCarriesBandWidth() throws Exception {
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(500))) {
            String token = gw.createPeer("rest-bw");
            PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-bw");
            JsonNode v = gw.open("/media", "{\"is_video\": true}");
            JsonNode a = gw.open("/media", "{\"is_video\": false}");
            TestGateway.Res c = gw.post("/media/connections", """
                    {"peer_id": "rest-bw", "token": "%s", "target_id": "java-bw",
                     "constraints": {"video": true, "audio": true,
                       "video_params": {"band_width": 250, "codec": "VP8", "media_id": "%s", "payload_type": 100},
                       "audio_params": {"band_width": 40, "codec": "OPUS", "media_id": "%s", "payload_type": 111}}}"""
                    .formatted(token, v.path("media_id").asText(), a.path("media_id").asText()));
            assertEquals(202, c.status(), c.body());
            SessionDescription offer = SessionDescription.parse(ws.next("offer").path("sdp").asText());
            assertEquals(List.of(new Bandwidth("AS", 250), new Bandwidth("TIAS", 250_000)), section(offer, "video").bandwidths());
            assertEquals(List.of(new Bandwidth("AS", 40), new Bandwidth("TIAS", 40_000)), section(offer, "audio").bandwidths());
            String id = c.json().path("params").path("media_connection_id").asText();
            // no ERROR: the session is alive (the PeerConnection took the rewritten offer)
            TestGateway.Res status = gw.get("/media/connections/" + id + "/status");
            assertEquals(200, status.status(), status.body());
            assertFalse(status.json().path("last_event").asText().equals("ERROR"), status.body());

            // without band_width: no b= line at all
            JsonNode v2 = gw.open("/media", "{\"is_video\": true}");
            TestGateway.Res c2 = gw.post("/media/connections", """
                    {"peer_id": "rest-bw", "token": "%s", "target_id": "java-bw",
                     "constraints": {"video": true, "audio": false,
                       "video_params": {"codec": "VP8", "media_id": "%s", "payload_type": 100}}}"""
                    .formatted(token, v2.path("media_id").asText()));
            assertEquals(202, c2.status(), c2.body());
            List<String> b = new ArrayList<>();
            ws.next("offer").path("sdp").asText().lines().filter(l -> l.startsWith("b=")).forEach(b::add);
            assertEquals(List.of(), b);
        }
    }
}
