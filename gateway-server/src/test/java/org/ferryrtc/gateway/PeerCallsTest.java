package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerDataChannel;
import org.ferryrtc.peer.PeerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PeerConnection call control with a Java stand-in for a browser: a JDK WebSocket client on
 * {@code /signaling/ws} speaking the ferry.js protocol and a FerryRTC PeerConnection. Covers a
 * data connection from the "browser" to a REST peer (CONNECTION, PUT feed/redirect, OPEN,
 * datagram -> message -> datagram, an oversized message dropped with an ERROR) and the refusals.
 */
class PeerCallsTest {
    TestGateway gw;
    Ws ws;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(500));
    }

    @AfterEach
    void stop() {
        if (ws != null) ws.socket.abort();
        gw.close();
    }

    /** A JDK WebSocket client collecting JSON frames. */
    static final class Ws implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Ws register(TestGateway gw, String id) throws Exception {
            Ws w = new Ws();
            w.socket = gw.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gw.gateway.httpPort() + "/signaling/ws"), w)
                    .get(5, TimeUnit.SECONDS);
            w.send(TestGateway.JSON.createObjectNode().put("type", "register").put("peer_id", id));
            assertEquals("registered", w.next("registered").path("type").asText());
            return w;
        }

        void send(ObjectNode o) throws Exception {
            socket.sendText(o.toString(), true).get(5, TimeUnit.SECONDS);
        }

        JsonNode next(String type) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<JsonNode> seen = new ArrayList<>();
            while (System.nanoTime() < end) {
                JsonNode f = frames.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) break;
                if (f.path("type").asText().equals(type)) return f;
                seen.add(f);
            }
            throw new AssertionError("no " + type + " frame; saw " + seen);
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
    }

    JsonNode awaitEvent(String path, String event) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TestGateway.Res r = gw.get(path);
            if (r.status() == 200) {
                seen.add(r.body());
                if (r.json().path("event").asText().equals(event)) return r.json();
            } else {
                assertEquals(408, r.status(), r.body());
            }
        }
        throw new AssertionError("no " + event + " on " + path + "; saw " + seen);
    }

    @Test
    void aBrowserOpensADataConnectionToARestPeer() throws Exception {
        String token = gw.createPeer("rest-d");
        ws = Ws.register(gw, "java-b");
        LinkedBlockingQueue<PeerEvent> events = new LinkedBlockingQueue<>();
        JsonNode port = gw.open("/data", null);
        try (PeerConnection pc = PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).build(), events::add);
             DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket feeder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            PeerDataChannel ch = pc.createDataChannel("ferry", DataChannelOptions.DEFAULT);
            String offer = pc.createOffer();
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            ws.send(TestGateway.JSON.createObjectNode().put("type", "offer").put("to", "rest-d").put("session", "s1")
                    .put("kind", "data").put("sdp", offer));
            JsonNode answer = ws.next("answer");
            assertEquals("s1", answer.path("session").asText(), "the browser's own session id comes back");
            assertEquals("rest-d", answer.path("from").asText());
            pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer.path("sdp").asText());

            JsonNode conn = awaitEvent("/peers/rest-d/events?token=" + token, "CONNECTION");
            String id = conn.path("data_params").path("data_connection_id").asText();
            TestGateway.Res put = gw.call("PUT", "/data/connections/" + id, """
                    {"feed_params": {"data_id": "%s"}, "redirect_params": {"ip_v4": "127.0.0.1", "port": %d}}"""
                    .formatted(port.path("data_id").asText(), redirect.getLocalPort()));
            assertEquals(200, put.status(), put.body());
            awaitEvent("/data/connections/" + id + "/events", "OPEN");
            EchoLoopbackTest.await(events, PeerEvent.DataChannelOpen.class, 10);

            byte[] in = "one datagram, one message".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            feeder.send(new DatagramPacket(in, in.length, new InetSocketAddress("127.0.0.1", port.path("port").asInt())));
            PeerEvent.DataChannelMessage m = EchoLoopbackTest.await(events, PeerEvent.DataChannelMessage.class, 10);
            assertArrayEquals(in, m.data());

            byte[] out = new byte[1500];
            for (int i = 0; i < out.length; i++) out[i] = (byte) i;
            assertTrue(ch.send(out.clone()));
            redirect.setSoTimeout(10_000);
            DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
            redirect.receive(p);
            assertEquals(out.length, p.getLength());
            assertArrayEquals(out, java.util.Arrays.copyOf(p.getData(), p.getLength()));

            // above the UDP limit: dropped, counted, reported; never truncated
            assertTrue(ch.send(new byte[DataSession.MAX_DATAGRAM + 1]));
            JsonNode err = awaitEvent("/data/connections/" + id + "/events", "ERROR");
            assertTrue(err.path("error_message").asText().contains("larger than a UDP datagram"), err.toString());
            assertTrue(gw.get("/metrics").body().contains("ferry_data_dropped_total 1"));
            assertTrue(gw.get("/metrics").body().contains("ferry_data_to_redirect_total 1"));
            assertTrue(gw.get("/metrics").body().contains("ferry_data_to_channel_total 1"));

            assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
            assertEquals("s1", ws.next("bye").path("session").asText(), "the browser is told the connection ended");
        }
    }

    @Test
    void refusalsAndAnOfferTheGatewayCannotAnswer() throws Exception {
        String token = gw.createPeer("rest-m");
        gw.createPeer("rest-other");
        String call = """
                {"peer_id": "rest-m", "token": "%s", "target_id": "%s",
                 "constraints": {"video": false, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true}}""";
        TestGateway.assertError(gw.post("/media/connections", call.formatted(token, "nobody")), 404, "target_id");
        TestGateway.assertError(gw.post("/media/connections", call.formatted(token, "rest-other")), 400, "target_id");
        TestGateway.assertError(gw.post("/data/connections", """
                {"peer_id": "rest-m", "token": "%s", "target_id": "nobody"}""".formatted(token)), 404, "target_id");

        ws = Ws.register(gw, "java-m");
        ws.send(TestGateway.JSON.createObjectNode().put("type", "offer").put("to", "rest-m").put("sdp", "v=0"));
        assertEquals("session", ws.next("error").path("field").asText(), "a message to a REST peer needs a session");

        ws.send(TestGateway.JSON.createObjectNode().put("type", "offer").put("to", "rest-m").put("session", "bad")
                .put("kind", "media").put("sdp", "v=0\r\nnot sdp\r\n"));
        JsonNode c = awaitEvent("/peers/rest-m/events?token=" + token, "CALL");
        String id = c.path("call_params").path("media_connection_id").asText();
        TestGateway.assertError(gw.get("/media/connections/" + id + "/sdp"), 409, "media_connection_id");
        TestGateway.assertError(gw.post("/media/connections/" + id + "/pli", null), 409, "media_connection_id");
        TestGateway.Res a = gw.post("/media/connections/" + id + "/answer", """
                {"constraints": {"video": false, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true}}""");
        assertEquals(202, a.status(), a.body());
        JsonNode err = awaitEvent("/media/connections/" + id + "/events", "ERROR");
        assertTrue(err.path("error_message").asText().contains("cannot answer"), err.toString());
        assertEquals("CLOSE", gw.get("/media/connections/" + id + "/events").json().path("event").asText());
        assertEquals("sdp", ws.next("error").path("field").asText(), "the browser hears why");
        assertNotNull(ws.next("bye"));
        assertEquals(0, gw.get("/health").json().path("connections").asInt());
    }
}
