package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerDataChannel;
import org.ferryrtc.peer.PeerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Negotiated DataChannels ({@code dcInit{negotiated, id}}, no DCEP) between the gateway and a
 * Java stand-in for ferry.js: the offer message carries {@code dcInit}, the answering side opens
 * its half with the same stream id, messages flow both ways; a malformed {@code dcInit} in a
 * browser's offer is refused with an error naming the field.
 */
class NegotiatedChannelTest {
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(500));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static JsonNode awaitEvent(String path, String event) {
        java.util.List<String> seen = new java.util.ArrayList<>();
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

    static PeerConnection javaPeer(LinkedBlockingQueue<PeerEvent> events) throws Exception {
        return PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).build(), events::add);
    }

    /** One datagram in at the /data port reaches {@code ch}; one message on {@code ch} reaches the redirect socket. */
    static void bothWays(JsonNode port, DatagramSocket redirect, LinkedBlockingQueue<PeerEvent> events, PeerDataChannel ch) throws Exception {
        byte[] in = "datagram -> negotiated channel".getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket feeder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            feeder.send(new DatagramPacket(in, in.length, new InetSocketAddress("127.0.0.1", port.path("port").asInt())));
        }
        PeerEvent.DataChannelMessage m = EchoLoopbackTest.await(events, PeerEvent.DataChannelMessage.class, 10);
        assertArrayEquals(in, m.data());
        assertTrue(m.channel() == ch, "on the negotiated channel");
        byte[] out = "negotiated channel -> redirect".getBytes(StandardCharsets.UTF_8);
        assertTrue(ch.send(out));
        redirect.setSoTimeout(10_000);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        redirect.receive(p);
        assertArrayEquals(out, java.util.Arrays.copyOf(p.getData(), p.getLength()));
    }

    @Test
    void aBrowsersNegotiatedChannelIsOpenedByTheGatewayToo() throws Exception {
        String token = gw.createPeer("rest-n1");
        PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-n1");
        LinkedBlockingQueue<PeerEvent> events = new LinkedBlockingQueue<>();
        JsonNode port = gw.open("/data", null);
        try (PeerConnection pc = javaPeer(events); DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            PeerDataChannel ch = pc.createDataChannel("neg", DataChannelOptions.DEFAULT.withNegotiatedId(5));
            String offer = pc.createOffer();
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            ObjectNode msg = TestGateway.JSON.createObjectNode().put("type", "offer").put("to", "rest-n1").put("session", "n1")
                    .put("kind", "data").put("sdp", offer).put("label", "neg");
            msg.putObject("dcInit").put("ordered", true).put("negotiated", true).put("id", 5);
            ws.send(msg);
            pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, ws.next("answer").path("sdp").asText());
            String id = awaitEvent("/peers/rest-n1/events?token=" + token, "CONNECTION")
                    .path("data_params").path("data_connection_id").asText();
            assertEquals(200, gw.call("PUT", "/data/connections/" + id, """
                    {"feed_params": {"data_id": "%s"}, "redirect_params": {"ip_v4": "127.0.0.1", "port": %d}}"""
                    .formatted(port.path("data_id").asText(), redirect.getLocalPort())).status());
            awaitEvent("/data/connections/" + id + "/events", "OPEN");
            assertEquals(5, ch.id());
            bothWays(port, redirect, events, ch);
            assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
        }
        assertEquals(204, gw.call("DELETE", "/peers/rest-n1?token=" + token, null).status());
    }

    @Test
    void aRestConnectWithANegotiatedDcInitTellsTheBrowserInTheOffer() throws Exception {
        String token = gw.createPeer("rest-n2");
        PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-n2");
        LinkedBlockingQueue<PeerEvent> events = new LinkedBlockingQueue<>();
        JsonNode port = gw.open("/data", null);
        try (PeerConnection pc = javaPeer(events); DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            TestGateway.Res c = gw.post("/data/connections", """
                    {"peer_id": "rest-n2", "token": "%s", "target_id": "java-n2", "params": {"data_id": "%s"},
                     "options": {"dcInit": {"ordered": false, "maxRetransmits": 2, "negotiated": true, "id": 7}},
                     "redirect_params": {"ip_v4": "127.0.0.1", "port": %d}}"""
                    .formatted(token, port.path("data_id").asText(), redirect.getLocalPort()));
            assertEquals(202, c.status(), c.body());
            String id = c.json().path("params").path("data_connection_id").asText();
            JsonNode offer = ws.next("offer");
            assertEquals("data", offer.path("kind").asText());
            assertEquals("ferry", offer.path("label").asText());
            JsonNode d = offer.path("dcInit");
            assertEquals(true, d.path("negotiated").asBoolean(), offer.toString());
            assertEquals(7, d.path("id").asInt());
            assertEquals(false, d.path("ordered").asBoolean(true));
            assertEquals(2, d.path("maxRetransmits").asInt());
            assertFalse(d.has("maxPacketLifeTime"), "absent members are left out");
            // the stand-in does what ferry.js does: opens its half with the same id, answers
            pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer.path("sdp").asText());
            PeerDataChannel ch = pc.createDataChannel(offer.path("label").asText(),
                    DataChannelOptions.DEFAULT.withOrdered(false).withMaxRetransmits(2).withNegotiatedId(d.path("id").asInt()));
            String answer = pc.createAnswer();
            pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            ws.send(TestGateway.JSON.createObjectNode().put("type", "answer").put("to", "rest-n2")
                    .put("session", offer.path("session").asText()).put("sdp", answer));
            awaitEvent("/data/connections/" + id + "/events", "OPEN");
            bothWays(port, redirect, events, ch);
            assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
        }
        assertEquals(204, gw.call("DELETE", "/peers/rest-n2?token=" + token, null).status());
    }

    @Test
    void aNonNegotiatedOfferCarriesDcInitToo() throws Exception {
        String token = gw.createPeer("rest-n3");
        PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-n3");
        TestGateway.Res c = gw.post("/data/connections", """
                {"peer_id": "rest-n3", "token": "%s", "target_id": "java-n3"}""".formatted(token));
        assertEquals(202, c.status(), c.body());
        JsonNode d = ws.next("offer").path("dcInit");
        assertEquals(false, d.path("negotiated").asBoolean(true));
        assertFalse(d.has("id"), d.toString());
        assertEquals(true, d.path("ordered").asBoolean());
        assertEquals(204, gw.call("DELETE", "/peers/rest-n3?token=" + token, null).status());
    }

    @Test
    void aMalformedDcInitInABrowsersOfferIsRefusedNamingTheField() throws Exception {
        String token = gw.createPeer("rest-n4");
        PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-n4");
        String[][] cases = {
                {"{\"negotiated\": true}", "dcInit.id"},
                {"{\"negotiated\": true, \"id\": 65535}", "dcInit.id"},
                {"{\"negotiated\": true, \"id\": \"5\"}", "dcInit.id"},
                {"{\"id\": 3}", "dcInit.id"},
                {"{\"negotiated\": \"yes\", \"id\": 3}", "dcInit.negotiated"},
                {"{\"maxRetransmits\": 1, \"maxPacketLifeTime\": 100}", "dcInit.maxRetransmits"},
                {"{\"ordered\": 1}", "dcInit.ordered"},
                {"{\"protocol\": 5}", "dcInit.protocol"},
                {"[]", "dcInit"},
                {"\"negotiated\"", "dcInit"},
        };
        int n = 0;
        for (String[] k : cases) {
            ObjectNode msg = TestGateway.JSON.createObjectNode().put("type", "offer").put("to", "rest-n4").put("session", "bad-" + n++)
                    .put("kind", "data").put("sdp", "v=0\r\n");
            msg.set("dcInit", TestGateway.JSON.readTree(k[0]));
            ws.send(msg);
            JsonNode err = ws.next("error");
            assertEquals(k[1], err.path("field").asText(), k[0] + " -> " + err);
        }
        // none of them became a connection
        TestGateway.Res open = gw.get("/peers/rest-n4/events?token=" + token);
        assertEquals("OPEN", open.json().path("event").asText());
        assertEquals(408, gw.get("/peers/rest-n4/events?token=" + token).status(), "no CONNECTION event");
        assertEquals(204, gw.call("DELETE", "/peers/rest-n4?token=" + token, null).status());
    }
}
