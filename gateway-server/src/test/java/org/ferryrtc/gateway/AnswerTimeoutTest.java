package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code call.answer.timeout.ms}: an incoming call nobody answers is closed after it (ERROR then
 * CLOSE on the connection's long poll and on {@code /events/ws}; the caller gets {@code bye}).
 * Virtual time ({@link ManualTimers}): nothing here sleeps.
 */
class AnswerTimeoutTest {
    static final String ANSWER = """
            {"constraints": {"video": false, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true}}""";

    /** A /events/ws subscriber (frames in a queue). */
    static PeerCallsTest.Ws events(TestGateway gw, String peer, String token) throws Exception {
        PeerCallsTest.Ws w = new PeerCallsTest.Ws();
        w.socket = gw.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gw.gateway.httpPort()
                + "/events/ws?peer_id=" + peer + "&token=" + token), w).get(5, TimeUnit.SECONDS);
        return w;
    }

    static JsonNode frame(PeerCallsTest.Ws w) throws InterruptedException {
        JsonNode f = w.frames.poll(5, TimeUnit.SECONDS);
        if (f == null) throw new AssertionError("no frame within 5 s");
        return f;
    }

    static String event(TestGateway.Res r) {
        assertEquals(200, r.status(), r.body());
        return r.json().path("event").asText();
    }

    @Test
    void anUnansweredCallIsClosedAfterTheTimeoutOnThePollAndTheSocket() throws Exception {
        ManualTimers time = new ManualTimers();
        RecordingCallControl calls = new RecordingCallControl();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(300).withAnswerTimeoutMs(5_000), e -> calls, time)) {
            String token = gw.createPeer("callee");
            PeerCallsTest.Ws ws = events(gw, "callee", token);
            gw.events.incomingCall("callee", "mc-late", "browser-1");
            assertEquals("CALL", frame(ws).path("event").asText());
            assertEquals(List.of(5_000L), time.delays, "one timer, of call.answer.timeout.ms");

            time.advance(4_999);
            assertEquals(200, gw.get("/media/connections/mc-late/status").status(), "still waiting 1 ms before the timeout");
            assertEquals(List.of(), calls.commands);
            assertEquals(408, gw.get("/media/connections/mc-late/events").status(), "no event yet");

            time.advance(1);
            JsonNode error = gw.get("/media/connections/mc-late/events").json();
            assertEquals("ERROR", error.path("event").asText());
            assertTrue(error.path("error_message").asText().contains("not answered within 5000 ms"), error.toString());
            assertEquals("CLOSE", event(gw.get("/media/connections/mc-late/events")));
            assertEquals("CLOSE", event(gw.get("/media/connections/mc-late/events")), "a poll after CLOSE still gets CLOSE");
            assertEquals(List.of("closeMedia:mc-late"), calls.commands, "the WebRTC side is closed");
            TestGateway.assertError(gw.get("/media/connections/mc-late/status"), 404, "media_connection_id");
            TestGateway.assertError(gw.post("/media/connections/mc-late/answer", ANSWER), 404, "media_connection_id");

            JsonNode wsError = frame(ws), wsClose = frame(ws);
            assertEquals("ERROR", wsError.path("event").asText());
            assertEquals("mc-late", wsError.path("media_connection_id").asText());
            assertEquals("CLOSE", wsClose.path("event").asText());
            assertEquals("mc-late", wsClose.path("media_connection_id").asText());
            assertEquals(0, time.pending());
        }
    }

    @Test
    void anAnswerInTimeDisarmsItAndARefusedAnswerDoesNot() throws Exception {
        ManualTimers time = new ManualTimers();
        RecordingCallControl calls = new RecordingCallControl();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(300).withAnswerTimeoutMs(60_000), e -> calls, time)) {
            gw.createPeer("callee");
            gw.events.incomingCall("callee", "mc-in-time", "browser-1");
            gw.events.incomingCall("callee", "mc-refused", "browser-2");
            assertEquals(2, time.pending());
            time.advance(59_000);
            assertEquals(202, gw.post("/media/connections/mc-in-time/answer", ANSWER).status());
            assertEquals(1, time.pending(), "the answered call's timer is cancelled");
            // an answer naming an unknown port is refused (404): the call stays unanswered and armed
            TestGateway.assertError(gw.post("/media/connections/mc-refused/answer", """
                    {"constraints": {"video": true, "video_params": {"codec": "VP8", "media_id": "vi-none", "payload_type": 96}}}"""),
                    404, "constraints.video_params.media_id");
            time.advance(24L * 3600 * 1000);
            assertEquals(200, gw.get("/media/connections/mc-in-time/status").status(), "answered: never timed out");
            assertEquals("", gw.get("/media/connections/mc-in-time/status").json().path("last_event").asText());
            TestGateway.assertError(gw.get("/media/connections/mc-refused/status"), 404, "media_connection_id");
            assertTrue(calls.commands.contains("closeMedia:mc-refused") && !calls.commands.contains("closeMedia:mc-in-time"), calls.commands.toString());
            TestGateway.assertError(gw.post("/media/connections/mc-refused/answer", ANSWER), 404, "media_connection_id");
        }
    }

    @Test
    void zeroWaitsForeverAndDataConnectionsAreNotTimed() throws Exception {
        ManualTimers time = new ManualTimers();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(300).withAnswerTimeoutMs(0), e -> new RecordingCallControl(), time)) {
            gw.createPeer("callee");
            gw.events.incomingCall("callee", "mc-forever", "browser-1");
            gw.events.incomingConnection("callee", "dc-1", "browser-1");
            assertEquals(0, time.pending());
            time.advance(24L * 3600 * 1000);
            assertEquals(200, gw.get("/media/connections/mc-forever/status").status());
        }
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(300), e -> new RecordingCallControl(), time)) {
            gw.createPeer("callee");
            gw.events.incomingConnection("callee", "dc-2", "browser-1");
            assertEquals(0, time.pending(), "a data connection is answered by the gateway at once: no timer");
        }
    }

    @Test
    void closingTheCallOrItsPeerFirstCancelsTheTimer() throws Exception {
        ManualTimers time = new ManualTimers();
        RecordingCallControl calls = new RecordingCallControl();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(300), e -> calls, time)) {
            String token = gw.createPeer("callee");
            gw.events.incomingCall("callee", "mc-a", "browser-1");
            gw.events.incomingCall("callee", "mc-b", "browser-1");
            assertEquals(List.of(GatewayConfig.DEFAULT_ANSWER_TIMEOUT_MS, GatewayConfig.DEFAULT_ANSWER_TIMEOUT_MS), time.delays, "60 s by default");
            gw.events.mediaEvent("mc-a", "CLOSE", null); // the caller hung up
            assertEquals(1, time.pending());
            assertEquals(204, gw.call("DELETE", "/peers/callee?token=" + token, null).status());
            assertEquals(0, time.pending());
            time.advance(GatewayConfig.DEFAULT_ANSWER_TIMEOUT_MS);
            assertTrue(calls.commands.stream().noneMatch(c -> c.toString().startsWith("closeMedia")), calls.commands.toString());
        }
    }

    /** With the PeerConnection call control: the browser that called is told with bye on its session. */
    @Test
    void theCallingBrowserGetsBye() throws Exception {
        ManualTimers time = new ManualTimers();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(300).withAnswerTimeoutMs(30_000), null, time)) {
            String token = gw.createPeer("rest-callee");
            PeerCallsTest.Ws browser = PeerCallsTest.Ws.register(gw, "java-caller");
            browser.send(TestGateway.JSON.createObjectNode().put("type", "offer").put("to", "rest-callee").put("session", "s-late")
                    .put("kind", "media").put("sdp", "v=0\r\n"));
            assertEquals("OPEN", event(gw.get("/peers/rest-callee/events?token=" + token)));
            JsonNode call = gw.get("/peers/rest-callee/events?token=" + token).json();
            assertEquals("CALL", call.path("event").asText(), call.toString());
            String id = call.path("call_params").path("media_connection_id").asText();
            time.advance(30_000);
            JsonNode bye = browser.next("bye");
            assertEquals("s-late", bye.path("session").asText());
            assertEquals("rest-callee", bye.path("from").asText());
            assertEquals("ERROR", event(gw.get("/media/connections/" + id + "/events")));
            assertEquals("CLOSE", event(gw.get("/media/connections/" + id + "/events")));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gw.get("/health").json().path("connections").asInt() != 0 && System.nanoTime() < end) Thread.onSpinWait();
            assertEquals(0, gw.get("/health").json().path("connections").asInt());
        }
    }

    @Test
    void theConfigKeyAndItsEnvironmentOverride(@TempDir Path dir) throws Exception {
        assertEquals(60_000, GatewayConfig.load(null, Map.of()).answerTimeoutMs());
        Path f = dir.resolve("g.properties");
        Files.writeString(f, "call.answer.timeout.ms=15000\n");
        assertEquals(15_000, GatewayConfig.load(f, Map.of()).answerTimeoutMs());
        assertEquals(0, GatewayConfig.load(f, Map.of("FERRY_ANSWER_TIMEOUT_MS", "0")).answerTimeoutMs(), "the environment wins; 0 = never");
        for (String bad : new String[] {"-1", "86400001", "1.5", "soon", ""}) {
            GatewayConfig.ConfigException e = assertThrows(GatewayConfig.ConfigException.class,
                    () -> GatewayConfig.load(f, Map.of("FERRY_ANSWER_TIMEOUT_MS", bad)), bad);
            assertTrue(e.getMessage().startsWith("call.answer.timeout.ms: "), e.getMessage());
        }
        assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.defaults().withAnswerTimeoutMs(-5).validate());
    }
}
