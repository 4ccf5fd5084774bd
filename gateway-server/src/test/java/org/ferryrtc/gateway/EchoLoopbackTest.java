package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerDataChannel;
import org.ferryrtc.peer.PeerEvent;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /echo} with a non-browser WebRTC peer (a FerryRTC PeerConnection on its own ICE
 * agent): the answer is complete (candidates included), the DataChannel opens, and every
 * message comes back on its channel, text as text and binary as binary, byte-identical.
 */
class EchoLoopbackTest {

    @Test
    void aJavaPeerGetsItsMessagesEchoed() throws Exception {
        LinkedBlockingQueue<PeerEvent> events = new LinkedBlockingQueue<>();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults());
             PeerConnection pc = PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).build(), events::add)) {
            PeerDataChannel ch = pc.createDataChannel("echo", DataChannelOptions.DEFAULT);
            String offer = pc.createOffer();
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            HttpResponse<String> r = gw.http.send(HttpRequest.newBuilder(URI.create(gw.base + "/echo"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("/echo/echo-"), location);
            assertTrue(r.body().contains("a=candidate:"), "full gathering, no trickle: " + r.body());
            assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, r.body());
            await(events, PeerEvent.DataChannelOpen.class, 15);
            byte[] binary = new byte[3000];
            for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 7);
            assertTrue(ch.send("héllo echo"));
            assertTrue(ch.send(binary.clone()));
            PeerEvent.DataChannelMessage text = await(events, PeerEvent.DataChannelMessage.class, 10);
            PeerEvent.DataChannelMessage bin = await(events, PeerEvent.DataChannelMessage.class, 10);
            assertEquals("héllo echo", text.text());
            assertEquals(false, text.binary());
            assertArrayEquals(binary, bin.data());
            assertEquals(true, bin.binary());
            assertTrue(gw.get("/metrics").body().contains("ferry_echo_packets_total 2"), gw.get("/metrics").body());
            assertEquals(1, gw.get("/health").json().path("echo_sessions").asInt());
            assertEquals(204, gw.call("DELETE", location, null).status());
            assertEquals(404, gw.call("DELETE", location, null).status());
        }
    }

    @Test
    void gracefulShutdownClosesTheEchoPeerConnection() throws Exception {
        LinkedBlockingQueue<PeerEvent> events = new LinkedBlockingQueue<>();
        TestGateway gw = new TestGateway(GatewayConfig.defaults());
        try (PeerConnection pc = PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).build(), events::add)) {
            pc.createDataChannel("echo", DataChannelOptions.DEFAULT);
            String offer = pc.createOffer();
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            HttpResponse<String> r = gw.http.send(HttpRequest.newBuilder(URI.create(gw.base + "/echo"))
                    .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(offer)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, r.body());
            await(events, PeerEvent.DataChannelOpen.class, 15);
            gw.close();
            // the gateway's close (SCTP ABORT, DTLS close_notify) reaches the peer: its channel closes
            await(events, PeerEvent.DataChannelClosed.class, 10);
        } finally {
            gw.close();
        }
    }

    @Test
    void aBadOfferIs400NotAnEchoSession() throws Exception {
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults())) {
            HttpResponse<String> r = gw.http.send(HttpRequest.newBuilder(URI.create(gw.base + "/echo"))
                    .header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString("v=0\r\no=broken\r\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("cannot answer the offer"), r.body());
            assertEquals(0, gw.get("/health").json().path("echo_sessions").asInt());
            HttpResponse<String> pre = gw.http.send(HttpRequest.newBuilder(URI.create(gw.base + "/echo"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, pre.statusCode());
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        }
    }

    static <T extends PeerEvent> T await(LinkedBlockingQueue<PeerEvent> q, Class<T> type, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            PeerEvent e = q.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(e, "no " + type.getSimpleName() + " within " + seconds + " s");
            if (type.isInstance(e)) return type.cast(e);
        }
    }
}
