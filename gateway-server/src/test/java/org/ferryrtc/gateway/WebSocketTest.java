package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /signaling/ws relay between two JDK WebSocket clients, and the /events/ws stream. */
class WebSocketTest {
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(e -> new RecordingCallControl());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** A JDK WebSocket client collecting text frames (and the close code) into a queue. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client connect(String pathAndQuery) throws Exception {
            Client c = new Client();
            c.ws = gw.http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + gw.gateway.httpPort() + pathAndQuery), c).get(5, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(TestGateway.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    frames.add(TestGateway.JSON.createObjectNode().put("unparseable", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        void send(String json) throws Exception {
            ws.sendText(json, true).get(5, TimeUnit.SECONDS);
        }

        JsonNode next() throws InterruptedException {
            JsonNode n = frames.poll(5, TimeUnit.SECONDS);
            if (n == null) throw new AssertionError("no frame within 5 s");
            return n;
        }
    }

    @Test
    void twoBrowsersRegisterAndRelayOfferAnswerCandidate() throws Exception {
        Client alice = Client.connect("/signaling/ws");
        Client bob = Client.connect("/signaling/ws");
        alice.send("{\"type\":\"register\",\"peer_id\":\"alice\"}");
        assertEquals("registered", alice.next().path("type").asText());
        bob.send("{\"type\":\"register\",\"peer_id\":\"bob\"}");
        assertEquals("bob", bob.next().path("peer_id").asText());

        alice.send("{\"type\":\"offer\",\"to\":\"bob\",\"session\":\"s1\",\"sdp\":\"v=0\\r\\n\",\"from\":\"mallory\"}");
        JsonNode offer = bob.next();
        assertEquals("offer", offer.path("type").asText());
        assertEquals("alice", offer.path("from").asText(), "the relay sets from; a client cannot spoof it");
        assertEquals("v=0\r\n", offer.path("sdp").asText());
        assertEquals("s1", offer.path("session").asText());

        bob.send("{\"type\":\"answer\",\"to\":\"alice\",\"session\":\"s1\",\"sdp\":\"v=0\\r\\na=x\\r\\n\"}");
        JsonNode answer = alice.next();
        assertEquals("answer", answer.path("type").asText());
        assertEquals("bob", answer.path("from").asText());
        bob.send("{\"type\":\"candidate\",\"to\":\"alice\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\"}}");
        assertEquals("0", alice.next().path("candidate").path("sdpMid").asText());

        // the id is taken for REST and for other browsers
        assertEquals(409, gw.post("/peers", "{\"peer_id\":\"alice\"}").status());
        Client eve = Client.connect("/signaling/ws");
        eve.send("{\"type\":\"register\",\"peer_id\":\"alice\"}");
        JsonNode taken = eve.next();
        assertEquals("error", taken.path("type").asText());
        assertEquals("peer_id", taken.path("field").asText());
        assertTrue(gw.get("/metrics").body().contains("ferry_browser_peers_open 2"));

        // bob leaves: alice's messages to bob are now refused, and the id is free again
        bob.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        bob.closed.get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!gw.get("/metrics").body().contains("ferry_browser_peers_open 1\n")) {
            assertTrue(System.nanoTime() < deadline, "bob is unregistered when his socket closes");
        }
        alice.send("{\"type\":\"bye\",\"to\":\"bob\"}");
        JsonNode gone = alice.next();
        assertEquals("error", gone.path("type").asText());
        assertEquals("to", gone.path("field").asText());
        eve.send("{\"type\":\"register\",\"peer_id\":\"bob\"}");
        assertEquals("registered", eve.next().path("type").asText());
    }

    @Test
    void badSignalingMessagesGetErrorsNotDisconnects() throws Exception {
        Client c = Client.connect("/signaling/ws");
        String[][] cases = {
                {"not json", ""}, {"[1]", ""}, {"{}", "type"}, {"{\"type\":7}", "type"},
                {"{\"type\":\"offer\",\"to\":\"x\"}", "type"}, // not registered yet
                {"{\"type\":\"register\",\"peer_id\":\"bad id\"}", "peer_id"},
                {"{\"type\":\"register\"}", "peer_id"}};
        for (String[] k : cases) {
            c.send(k[0]);
            JsonNode e = c.next();
            assertEquals("error", e.path("type").asText(), k[0]);
            assertEquals(k[1], e.path("field").asText(), k[0]);
        }
        c.send("{\"type\":\"register\",\"peer_id\":\"carol\"}");
        assertEquals("registered", c.next().path("type").asText());
        String[][] after = {{"{\"type\":\"dance\",\"to\":\"x\"}", "type"}, {"{\"type\":\"offer\"}", "to"},
                {"{\"type\":\"offer\",\"to\":\"nobody\"}", "to"}, {"{\"type\":\"register\",\"peer_id\":\"c2\"}", "peer_id"}};
        for (String[] k : after) {
            c.send(k[0]);
            JsonNode e = c.next();
            assertEquals("error", e.path("type").asText(), k[0]);
            assertEquals(k[1], e.path("field").asText(), k[0]);
        }
        gw.createPeer("rest-peer");
        c.send("{\"type\":\"offer\",\"to\":\"rest-peer\",\"sdp\":\"v=0\"}");
        JsonNode e = c.next();
        assertEquals("calling a gateway peer needs the PeerConnection (not built yet)", e.path("message").asText());
        assertFalse(c.closed.isDone());
    }

    @Test
    void eventsSocketCarriesThePeersEvents() throws Exception {
        String token = gw.createPeer("watched");
        Client bad = Client.connect("/events/ws?peer_id=watched&token=wrong");
        JsonNode err = bad.next();
        assertEquals("token", err.path("params").path("errors").get(0).path("field").asText());
        assertEquals(1008, bad.closed.get(5, TimeUnit.SECONDS));

        Client c = Client.connect("/events/ws?peer_id=watched&token=" + token);
        // the socket is registered once the handshake completed; emit events after that
        gw.events.incomingCall("watched", "mc-ws-1", "someone");
        JsonNode call = c.next();
        assertEquals("CALL", call.path("event").asText());
        assertEquals("watched", call.path("peer_id").asText());
        assertEquals("mc-ws-1", call.path("call_params").path("media_connection_id").asText());
        gw.events.mediaEvent("mc-ws-1", "STREAM", null);
        JsonNode stream = c.next();
        assertEquals("STREAM", stream.path("event").asText());
        assertEquals("mc-ws-1", stream.path("media_connection_id").asText());
        // the long poll still sees the same CALL: the socket is a tap
        assertEquals("OPEN", gw.get("/peers/watched/events?token=" + token).json().path("event").asText());
        assertEquals("CALL", gw.get("/peers/watched/events?token=" + token).json().path("event").asText());
        assertEquals(204, gw.call("DELETE", "/peers/watched?token=" + token, null).status());
        JsonNode closeConn = c.next();
        assertEquals("CLOSE", closeConn.path("event").asText());
        assertEquals("mc-ws-1", closeConn.path("media_connection_id").asText());
        JsonNode closePeer = c.next();
        assertEquals("CLOSE", closePeer.path("event").asText());
        assertEquals("watched", closePeer.path("params").path("peer_id").asText());
        assertEquals(1000, c.closed.get(5, TimeUnit.SECONDS), "the stream ends with its peer");
    }
}
