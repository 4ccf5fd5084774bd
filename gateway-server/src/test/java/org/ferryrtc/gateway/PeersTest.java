package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.gateway.TestGateway.Res;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PeersTest {
    static RecordingCallControl calls;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        calls = new RecordingCallControl();
        gw = new TestGateway(e -> calls);
    }

    @AfterAll
    static void stop() {
        gw.close();
        assertTrue(calls.closed, "shutdown closes the CallControl");
    }

    @Test
    void createAnswersSkyWayShapeWithARandomTokenAndQueuesOpen() {
        Res r = gw.post("/peers", "{\"peer_id\":\"p-create\",\"key\":\"skyway-key-ignored\",\"domain\":\"localhost\"}");
        assertEquals(201, r.status(), r.body());
        assertEquals("PEERS_CREATE", r.json().path("command_type").asText());
        assertEquals("p-create", r.json().path("params").path("peer_id").asText());
        String token = r.json().path("params").path("token").asText();
        assertTrue(token.length() >= 32, token);
        assertNotEquals(token, gw.createPeer("p-create-2"), "tokens are random per peer");

        Res open = gw.get("/peers/p-create/events?token=" + token);
        assertEquals(200, open.status(), open.body());
        assertEquals("OPEN", open.json().path("event").asText());
        assertEquals("p-create", open.json().path("params").path("peer_id").asText());
        assertEquals(token, open.json().path("params").path("token").asText());
    }

    @Test
    void takenIdIs409AndTheFirstPeerKeepsItsToken() {
        String token = gw.createPeer("p-taken");
        assertError(gw.post("/peers", "{\"peer_id\":\"p-taken\"}"), 409, "peer_id");
        assertEquals(200, gw.get("/peers/p-taken/status?token=" + token).status());
    }

    @Test
    void longPollTimesOutWithin408AndThenDeliversTheNextEvent() throws Exception {
        String token = gw.createPeer("p-poll");
        assertEquals("OPEN", gw.get("/peers/p-poll/events?token=" + token).json().path("event").asText());
        long t0 = System.nanoTime();
        Res timeout = gw.get("/peers/p-poll/events?token=" + token);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertError(timeout, 408, "");
        assertTrue(ms >= 250 && ms < 5_000, "bounded wait of ~300 ms, took " + ms);

        CompletableFuture<Res> pending = gw.sendAsync("GET", "/peers/p-poll/events?token=" + token, null);
        awaitParked("p-poll", token, 1);
        gw.events.incomingCall("p-poll", "mc-incoming-1", "remote");
        Res call = pending.get(5, TimeUnit.SECONDS);
        assertEquals(200, call.status(), call.body());
        assertEquals("CALL", call.json().path("event").asText());
        assertEquals("mc-incoming-1", call.json().path("call_params").path("media_connection_id").asText());
    }

    @Test
    void deleteAnswersPendingPollWithCloseAndForgetsThePeer() throws Exception {
        String token = gw.createPeer("p-del");
        gw.get("/peers/p-del/events?token=" + token); // OPEN
        CompletableFuture<Res> pending = gw.sendAsync("GET", "/peers/p-del/events?token=" + token, null);
        awaitParked("p-del", token, 1);
        assertError(gw.call("DELETE", "/peers/p-del?token=wrong", null), 403, "token");
        assertEquals(204, gw.call("DELETE", "/peers/p-del?token=" + token, null).status());
        Res close = pending.get(5, TimeUnit.SECONDS);
        assertEquals(200, close.status(), close.body());
        assertEquals("CLOSE", close.json().path("event").asText());
        assertEquals(token, close.json().path("params").path("token").asText());
        assertError(gw.get("/peers/p-del/status?token=" + token), 404, "peer_id");
        assertTrue(calls.commands.contains("peerClosed:p-del"));
        // the id is free again
        assertNotEquals(token, gw.createPeer("p-del"));
    }

    /** Reads the peer's status until {@code n} long polls are parked (a real round trip each; bounded). */
    static void awaitParked(String peer, String token, int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gw.get("/peers/" + peer + "/status?token=" + token).json().path("waiting_polls").asInt() != n) {
            assertTrue(System.nanoTime() < deadline, n + " polls parked on " + peer);
        }
    }

    @Test
    void aPollWhoseClientHangsUpDoesNotSwallowTheNextEvent() throws Exception {
        String token = gw.createPeer("p-hangup");
        gw.get("/peers/p-hangup/events?token=" + token); // OPEN
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", gw.gateway.httpPort())) {
            raw.getOutputStream().write(("GET /peers/p-hangup/events?token=" + token + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            awaitParked("p-hangup", token, 1);
        } // the client hangs up while parked
        awaitParked("p-hangup", token, 0);
        gw.events.peerError("p-hangup", "kept");
        Res next = gw.get("/peers/p-hangup/events?token=" + token);
        assertEquals(200, next.status(), next.body());
        assertEquals("kept", next.json().path("error_message").asText());
    }

    @Test
    void statusNeedsTheRightToken() {
        String token = gw.createPeer("p-status");
        Res ok = gw.get("/peers/p-status/status?token=" + token);
        assertEquals(200, ok.status());
        assertEquals("p-status", ok.json().path("peer_id").asText());
        assertFalse(ok.json().path("disconnected").asBoolean());
        assertEquals(1, ok.json().path("queued_events").asInt(), "OPEN is queued");
        assertError(gw.get("/peers/p-status/status"), 400, "token");
        assertError(gw.get("/peers/p-status/status?token=" + token + "x"), 403, "token");
        assertError(gw.get("/peers/nobody/status?token=" + token), 404, "peer_id");
    }

    @Test
    void twoHundredConcurrentLongPollsEachGetOneEventOrTheClose() throws Exception {
        try (TestGateway big = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(30_000), e -> new RecordingCallControl())) {
            String token = big.createPeer("p-many");
            big.get("/peers/p-many/events?token=" + token); // OPEN
            int n = 200;
            List<CompletableFuture<Res>> polls = new ArrayList<>();
            for (int i = 0; i < n; i++) polls.add(big.sendAsync("GET", "/peers/p-many/events?token=" + token, null));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (big.get("/peers/p-many/status?token=" + token).json().path("waiting_polls").asInt() != n) {
                assertTrue(System.nanoTime() < deadline, "200 polls parked");
            }
            for (int i = 0; i < 10; i++) big.events.peerError("p-many", "e" + i);
            assertEquals(190, big.get("/peers/p-many/status?token=" + token).json().path("waiting_polls").asInt());
            assertEquals(204, big.call("DELETE", "/peers/p-many?token=" + token, null).status());
            Set<String> errors = new HashSet<>();
            int closes = 0;
            for (CompletableFuture<Res> p : polls) {
                Res r = p.get(10, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.body());
                String event = r.json().path("event").asText();
                if (event.equals("ERROR")) {
                    assertTrue(errors.add(r.json().path("error_message").asText()), "each event goes to exactly one poll");
                } else {
                    assertEquals("CLOSE", event);
                    closes++;
                }
            }
            assertEquals(10, errors.size());
            assertEquals(190, closes);
        }
    }
}
