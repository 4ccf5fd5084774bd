package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.gateway.TestGateway.Res;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: polls answered, WebSockets closed, UDP and HTTP sockets released, CallControl closed. */
class ShutdownTest {

    @Test
    void closeAnswersPollsClosesSocketsAndReleasesPorts() throws Exception {
        RecordingCallControl calls = new RecordingCallControl();
        TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(30_000), e -> calls);
        WebSocketTest.Client client;
        int udpPort;
        int httpPort = gw.gateway.httpPort();
        CompletableFuture<Res> poll;
        try {
            String token = gw.createPeer("leaving");
            gw.get("/peers/leaving/events?token=" + token); // OPEN
            poll = gw.sendAsync("GET", "/peers/leaving/events?token=" + token, null);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (gw.get("/peers/leaving/status?token=" + token).json().path("waiting_polls").asInt() != 1) {
                assertTrue(System.nanoTime() < deadline);
            }
            udpPort = gw.open("/media", "{\"is_video\":true}").path("port").asInt();
            client = connect(gw);
            client.send("{\"type\":\"register\",\"peer_id\":\"browser\"}");
            assertEquals("registered", client.next().path("type").asText());
        } finally {
            gw.close();
        }
        Res closed = poll.get(5, TimeUnit.SECONDS);
        assertEquals(200, closed.status(), closed.body());
        assertEquals("CLOSE", closed.json().path("event").asText());
        assertEquals(1001, client.closed.get(5, TimeUnit.SECONDS), "WebSockets get a going-away close");
        assertTrue(calls.closed);
        assertTrue(calls.commands.contains("peerClosed:leaving"));
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), udpPort))) {
            assertEquals(udpPort, again.getLocalPort(), "the media port is free again");
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", httpPort).close());
    }

    static WebSocketTest.Client connect(TestGateway gw) throws Exception {
        WebSocketTest.Client c = new WebSocketTest.Client();
        c.ws = gw.http.newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + gw.gateway.httpPort() + "/signaling/ws"), c).get(5, TimeUnit.SECONDS);
        return c;
    }
}
