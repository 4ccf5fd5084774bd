package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ferryrtc.gateway.TestGateway.Res;
import org.ferryrtc.gateway.call.CallControl;
import org.ferryrtc.gateway.call.MediaAnswer;
import org.ferryrtc.gateway.call.MediaCall;
import org.ferryrtc.gateway.call.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /media/connections and friends against a real server and a recording CallControl. */
class MediaConnectionValidationTest {
    static RecordingCallControl calls;
    static TestGateway gw;
    static String token;
    String video, audio, rtcp;

    @BeforeAll
    static void start() throws Exception {
        calls = new RecordingCallControl();
        gw = new TestGateway(e -> calls);
        token = gw.createPeer("caller");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void ports() {
        calls.refuse = null;
        video = gw.open("/media", "{\"is_video\":true}").path("media_id").asText();
        audio = gw.open("/media", "{\"is_video\":false}").path("media_id").asText();
        rtcp = gw.open("/media/rtcp", "{}").path("rtcp_id").asText();
    }

    ObjectNode valid() {
        ObjectNode b = TestGateway.JSON.createObjectNode();
        b.put("peer_id", "caller").put("token", token).put("target_id", "callee");
        ObjectNode k = b.putObject("constraints");
        k.put("video", true).put("videoReceiveEnabled", false).put("audio", true).put("audioReceiveEnabled", true);
        k.putObject("video_params").put("band_width", 1500).put("codec", "vp8").put("media_id", video)
                .put("rtcp_id", rtcp).put("payload_type", 96);
        k.putObject("audio_params").put("band_width", 64).put("codec", "OPUS").put("media_id", audio)
                .put("payload_type", 111).put("sampling_rate", 48000);
        ObjectNode r = b.putObject("redirect_params");
        r.putObject("audio").put("ip_v4", "127.0.0.1").put("port", 20000);
        r.putObject("video_rtcp").put("ip_v4", "127.0.0.2").put("port", 20001);
        return b;
    }

    /** (path of the field to change, new JSON value or null to remove, expected status, expected error field) */
    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of("peer_id", null, 400, "peer_id"),
                Arguments.of("peer_id", "7", 400, "peer_id"),
                Arguments.of("token", null, 400, "token"),
                Arguments.of("token", "[]", 400, "token"),
                Arguments.of("token", "\"wrong\"", 403, "token"),
                Arguments.of("peer_id", "\"nobody\"", 404, "peer_id"),
                Arguments.of("target_id", null, 400, "target_id"),
                Arguments.of("target_id", "\"\"", 400, "target_id"),
                Arguments.of("target_id", "\"has space\"", 400, "target_id"),
                Arguments.of("constraints", "\"yes\"", 400, "constraints"),
                Arguments.of("constraints.video", "\"true\"", 400, "constraints.video"),
                Arguments.of("constraints.videoReceiveEnabled", "1", 400, "constraints.videoReceiveEnabled"),
                Arguments.of("constraints.audioReceiveEnabled", "\"no\"", 400, "constraints.audioReceiveEnabled"),
                Arguments.of("constraints.video_params", null, 400, "constraints.video_params"),
                Arguments.of("constraints.video_params", "[]", 400, "constraints.video_params"),
                Arguments.of("constraints.video_params.codec", null, 400, "constraints.video_params.codec"),
                Arguments.of("constraints.video_params.codec", "\"OPUS\"", 400, "constraints.video_params.codec"),
                Arguments.of("constraints.audio_params.codec", "\"VP8\"", 400, "constraints.audio_params.codec"),
                Arguments.of("constraints.video_params.media_id", null, 400, "constraints.video_params.media_id"),
                Arguments.of("constraints.video_params.media_id", "5", 400, "constraints.video_params.media_id"),
                Arguments.of("constraints.video_params.media_id", "\"vi-unknown\"", 404, "constraints.video_params.media_id"),
                Arguments.of("constraints.video_params.rtcp_id", "\"rc-unknown\"", 404, "constraints.video_params.rtcp_id"),
                Arguments.of("constraints.video_params.payload_type", null, 400, "constraints.video_params.payload_type"),
                Arguments.of("constraints.video_params.payload_type", "128", 400, "constraints.video_params.payload_type"),
                Arguments.of("constraints.video_params.payload_type", "-1", 400, "constraints.video_params.payload_type"),
                Arguments.of("constraints.video_params.payload_type", "96.5", 400, "constraints.video_params.payload_type"),
                Arguments.of("constraints.video_params.payload_type", "\"96\"", 400, "constraints.video_params.payload_type"),
                Arguments.of("constraints.video_params.payload_type", "72", 400, "constraints.video_params.payload_type"),
                Arguments.of("constraints.video_params.band_width", "-5", 400, "constraints.video_params.band_width"),
                Arguments.of("constraints.video_params.band_width", "99999999999999999999", 400, "constraints.video_params.band_width"),
                Arguments.of("constraints.video_params.sampling_rate", "48000", 400, "constraints.video_params.sampling_rate"),
                Arguments.of("constraints.audio_params.sampling_rate", "0", 400, "constraints.audio_params.sampling_rate"),
                Arguments.of("constraints.audio", "false", 400, "constraints.audio_params"),
                Arguments.of("redirect_params", "1", 400, "redirect_params"),
                Arguments.of("redirect_params.audio.ip_v4", null, 400, "redirect_params.audio.ip_v4"),
                Arguments.of("redirect_params.audio.ip_v4", "\"localhost\"", 400, "redirect_params.audio.ip_v4"),
                Arguments.of("redirect_params.audio.ip_v4", "\"127.0.0.256\"", 400, "redirect_params.audio.ip_v4"),
                Arguments.of("redirect_params.audio.ip_v4", "\"::1\"", 400, "redirect_params.audio.ip_v4"),
                Arguments.of("redirect_params.audio.port", null, 400, "redirect_params.audio.port"),
                Arguments.of("redirect_params.audio.port", "0", 400, "redirect_params.audio.port"),
                Arguments.of("redirect_params.audio.port", "65536", 400, "redirect_params.audio.port"),
                Arguments.of("redirect_params.audio.port", "\"20000\"", 400, "redirect_params.audio.port"),
                Arguments.of("redirect_params.video.ip_v4", null, 400, "redirect_params.video.ip_v4"),
                Arguments.of("redirect_params.audio.ip_v4", "\"10.0.0.1\"", 403, "redirect_params.audio.ip_v4"),
                Arguments.of("redirect_params.video_rtcp.ip_v4", "\"8.8.8.8\"", 403, "redirect_params.video_rtcp.ip_v4"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2} {3}")
    @MethodSource("badCalls")
    void badFieldIsNamedAndNothingIsClaimedOrSent(String path, String value, int status, String field) throws Exception {
        ObjectNode body = valid();
        if (path.equals("redirect_params.video.ip_v4")) {
            ((ObjectNode) body.path("redirect_params")).putObject("video").put("port", 1);
        }
        set(body, path, value);
        int before = calls.commands.size();
        Res r = gw.post("/media/connections", body.toString());
        assertError(r, status, field);
        assertEquals(before, calls.commands.size(), "nothing reaches the CallControl");
        for (String id : new String[] {video, audio}) {
            assertFalse(gw.get("/media/" + id).json().path("in_use").asBoolean(), "no claim leaks from a refused request");
        }
    }

    static void set(ObjectNode body, String path, String value) throws Exception {
        String[] parts = path.split("\\.");
        ObjectNode o = body;
        for (int i = 0; i < parts.length - 1; i++) o = (ObjectNode) o.get(parts[i]);
        String last = parts[parts.length - 1];
        if (value == null) o.remove(last);
        else o.set(last, TestGateway.JSON.readTree(value));
    }

    @Test
    void validCallReachesCallControlAsAnImmutableCommandAndClaimsItsPorts() {
        Res r = gw.post("/media/connections", valid().toString());
        assertEquals(202, r.status(), r.body());
        assertEquals("CALL", r.json().path("command_type").asText());
        String id = r.json().path("params").path("media_connection_id").asText();
        MediaCall c = assertInstanceOf(MediaCall.class, calls.last());
        assertEquals("caller", c.peerId());
        assertEquals("callee", c.targetId());
        assertTrue(c.constraints().video());
        assertFalse(c.constraints().videoReceiveEnabled());
        assertEquals("VP8", c.constraints().videoParams().codec(), "codec names are case-insensitive, normalised");
        assertEquals(video, c.constraints().videoParams().mediaId());
        assertEquals(rtcp, c.constraints().videoParams().rtcpId());
        assertEquals(96, c.constraints().videoParams().payloadType());
        assertEquals(90000, c.constraints().videoParams().samplingRate(), "video default clock");
        assertEquals(1500, c.constraints().videoParams().bandWidthKbps());
        assertEquals(48000, c.constraints().audioParams().samplingRate());
        assertEquals(20000, c.redirects().audio().port());
        assertEquals("127.0.0.2", c.redirects().videoRtcp().ipV4().getHostAddress());
        assertNull(c.redirects().video());

        JsonNode status = gw.get("/media/connections/" + id + "/status").json();
        assertEquals("caller", status.path("peer_id").asText());
        assertEquals(3, status.path("ports").size());
        assertTrue(gw.get("/media/" + video).json().path("in_use").asBoolean());
        // the ports are taken now: a second call naming them is a conflict, and they cannot be deleted
        assertError(gw.post("/media/connections", valid().toString()), 409, "constraints.video_params.media_id");
        assertError(gw.call("DELETE", "/media/" + video, null), 409, "media_id");

        assertEquals(204, gw.call("DELETE", "/media/connections/" + id, null).status());
        assertEquals("closeMedia:" + id, calls.last());
        assertFalse(gw.get("/media/" + video).json().path("in_use").asBoolean(), "closing releases the ports");
        assertEquals(204, gw.call("DELETE", "/media/" + video, null).status());
        assertError(gw.get("/media/connections/" + id + "/status"), 404, "media_connection_id");
    }

    @Test
    void audioPortWhereVideoIsNeededAndTheSamePortTwiceAreRefused() throws Exception {
        ObjectNode b = valid();
        set(b, "constraints.video_params.media_id", "\"" + audio + "\"");
        assertError(gw.post("/media/connections", b.toString()), 400, "constraints.audio_params.media_id");
        ObjectNode swapped = valid();
        set(swapped, "constraints.audio_params", null);
        set(swapped, "constraints.audio", "false");
        set(swapped, "constraints.video_params.media_id", "\"" + audio + "\"");
        assertError(gw.post("/media/connections", swapped.toString()), 400, "constraints.video_params.media_id");
        ObjectNode rtcpTwice = valid();
        set(rtcpTwice, "constraints.audio_params.rtcp_id", "\"" + rtcp + "\"");
        assertError(gw.post("/media/connections", rtcpTwice.toString()), 400, "constraints.audio_params.rtcp_id");
    }

    @Test
    void receiveOnlyCallNeedsNoPorts() {
        String body = "{\"peer_id\":\"caller\",\"token\":\"" + token + "\",\"target_id\":\"x\",\"unknown_field\":{\"is\":\"ignored\"}}";
        Res r = gw.post("/media/connections", body);
        assertEquals(202, r.status(), r.body());
        MediaCall c = assertInstanceOf(MediaCall.class, calls.last());
        assertFalse(c.constraints().video());
        assertTrue(c.constraints().videoReceiveEnabled());
        assertNull(c.constraints().videoParams());
    }

    @Test
    void refusalFromCallControlIsPassedOnAndReleasesClaims() {
        calls.refuse = new Outcome.Refused(409, "target_id", "busy");
        assertError(gw.post("/media/connections", valid().toString()), 409, "target_id");
        assertFalse(gw.get("/media/" + video).json().path("in_use").asBoolean());
    }

    @Test
    void incomingCallCanBeAnsweredOnceAndItsEventsArePolled() throws Exception {
        gw.events.incomingCall("caller", "mc-in-7", "browser-bob");
        ObjectNode answer = TestGateway.JSON.createObjectNode();
        ObjectNode k = answer.putObject("constraints");
        k.put("video", false).put("audio", false);
        answer.putObject("redirect_params").putObject("video").put("ip_v4", "127.0.0.1").put("port", 30000);
        assertError(gw.post("/media/connections/mc-in-7/answer", "{}"), 400, "constraints");
        assertError(gw.post("/media/connections/mc-none/answer", answer.toString()), 404, "media_connection_id");
        Res ok = gw.post("/media/connections/mc-in-7/answer", answer.toString());
        assertEquals(202, ok.status(), ok.body());
        MediaAnswer a = assertInstanceOf(MediaAnswer.class, calls.last());
        assertEquals("mc-in-7", a.mediaConnectionId());
        assertEquals(30000, a.redirects().video().port());
        assertError(gw.post("/media/connections/mc-in-7/answer", answer.toString()), 409, "media_connection_id");

        CompletableFuture<Res> poll = gw.sendAsync("GET", "/media/connections/mc-in-7/events", null);
        gw.events.mediaEvent("mc-in-7", "READY", null);
        Res ready = poll.get(5, TimeUnit.SECONDS);
        assertEquals("READY", ready.json().path("event").asText(), ready.body());
        assertTrue(gw.get("/media/connections/mc-in-7/status").json().path("open").asBoolean());

        assertEquals(201, gw.post("/media/connections/mc-in-7/pli", null).status());
        assertEquals("pli:mc-in-7", calls.last());
        assertError(gw.post("/media/connections/mc-in-7/pli", "[1]"), 400, "");

        gw.events.mediaEvent("mc-in-7", "CLOSE", null);
        assertEquals("CLOSE", gw.get("/media/connections/mc-in-7/events").json().path("event").asText());
        assertError(gw.get("/media/connections/mc-in-7/status"), 404, "media_connection_id");
    }

    @Test
    void outgoingCallCannotBeAnswered() {
        String id = gw.post("/media/connections", valid().toString()).json().path("params").path("media_connection_id").asText();
        assertError(gw.post("/media/connections/" + id + "/answer", "{\"constraints\":{}}"), 409, "media_connection_id");
        gw.call("DELETE", "/media/connections/" + id, null);
    }

    @Test
    void withoutThePeerConnectionTheServerAnswers503Honestly() throws Exception {
        try (TestGateway plain = new TestGateway(e -> CallControl.unavailable())) {
            String t = plain.createPeer("solo");
            Res r = plain.post("/media/connections", "{\"peer_id\":\"solo\",\"token\":\"" + t + "\",\"target_id\":\"x\"}");
            assertEquals(503, r.status(), r.body());
            assertEquals("CALL", r.json().path("command_type").asText());
            JsonNode e = r.json().path("params").path("errors").get(0);
            assertEquals("", e.path("field").asText());
            assertEquals("media connections need the PeerConnection (not built yet)", e.path("message").asText());
            Res d = plain.post("/data/connections", "{\"peer_id\":\"solo\",\"token\":\"" + t + "\",\"target_id\":\"x\"}");
            assertEquals(503, d.status(), d.body());
            // validation still comes first
            assertError(plain.post("/media/connections", "{\"peer_id\":\"solo\",\"token\":\"" + t + "\"}"), 400, "target_id");
        }
    }
}
