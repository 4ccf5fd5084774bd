package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.gateway.TestGateway.Res;
import org.ferryrtc.gateway.call.CallControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthAndConfigTest {

    @Test
    void defaultsAreLoopbackWithoutKey() throws Exception {
        GatewayConfig c = GatewayConfig.load(null, Map.of());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(8000, c.httpPort());
        assertNull(c.apiKey());
        assertEquals(List.of("127.0.0.0/8"), c.redirectAllow());
    }

    @Test
    void theShippedExampleFileLoadsToTheDefaults() throws Exception {
        Path example = Path.of("gateway.properties.example");
        assertTrue(Files.exists(example), "run from the module directory");
        assertEquals(GatewayConfig.defaults(), GatewayConfig.load(example, Map.of()));
    }

    @Test
    void nonLoopbackBindWithoutKeyRefusesToStart() {
        GatewayConfig.ConfigException e = assertThrows(GatewayConfig.ConfigException.class,
                () -> GatewayConfig.load(null, Map.of("FERRY_BIND", "0.0.0.0")));
        assertTrue(e.getMessage().contains("without an API key") && e.getMessage().contains("FERRY_API_KEY"), e.getMessage());
        assertThrows(GatewayConfig.ConfigException.class,
                () -> Gateway.start(GatewayConfig.defaults().withBind("0.0.0.0").withHttpPort(0), x -> CallControl.unavailable()));
        // with a key it is accepted (not started here: no need to listen on every interface in a test)
        GatewayConfig.ConfigException none = null;
        try {
            GatewayConfig.load(null, Map.of("FERRY_BIND", "0.0.0.0", "FERRY_API_KEY", "k"));
        } catch (GatewayConfig.ConfigException x) {
            none = x;
        }
        assertNull(none);
    }

    @Test
    void propertiesFileThenEnvironment(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("gateway.properties");
        Files.writeString(f, "http.port=9123\napi.key=from-file\nredirect.allow=127.0.0.0/8, 10.1.0.0/16\nlongpoll.timeout.ms=1500\n");
        GatewayConfig c = GatewayConfig.load(f, Map.of("FERRY_API_KEY", "from-env"));
        assertEquals(9123, c.httpPort());
        assertEquals("from-env", c.apiKey(), "the environment wins over the file");
        assertEquals(List.of("127.0.0.0/8", "10.1.0.0/16"), c.redirectAllow());
        assertEquals(1500, c.longPollTimeoutMs());
        assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of("FERRY_HTTP_PORT", "http")));
        assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of("FERRY_HTTP_PORT", "70000")));
        assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of("FERRY_REDIRECT_ALLOW", "10.0.0.0/33")));
        assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(dir.resolve("missing.properties"), Map.of()));
        assertEquals(0, c.icePort(), "ephemeral by default");
        assertEquals(40123, GatewayConfig.load(f, Map.of("FERRY_ICE_PORT", "40123")).icePort());
        assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of("FERRY_ICE_PORT", "70000")));
    }

    @Test
    void theWebRtcSessionsShareTheConfiguredIcePort() throws Exception {
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withIcePort(port))) {
            assertEquals(port, gw.get("/health").json().path("ice_port").asInt());
            assertEquals(true, gw.get("/health").json().path("peer_connection").asBoolean());
        }
    }

    @Test
    void withAKeyEveryRestAndWebSocketCallNeedsTheBearerHeader() throws Exception {
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withApiKey("s3cret-key"), e -> CallControl.unavailable())) {
            Res ok = gw.post("/peers", "{\"peer_id\":\"keyed\"}");
            assertEquals(201, ok.status(), ok.body());

            for (String path : new String[] {"/health", "/metrics", "/peers/keyed/status?token=x", "/no/such/path", "/sdk/other.js"}) {
                HttpRequest none = HttpRequest.newBuilder(URI.create(gw.base + path)).build();
                Res r = gw.send(none);
                assertError(r, 401, "Authorization");
                assertTrue(r.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
                HttpRequest wrong = HttpRequest.newBuilder(URI.create(gw.base + path)).header("Authorization", "Bearer s3cret-kex").build();
                assertError(gw.send(wrong), 403, "Authorization");
            }
            HttpRequest basic = HttpRequest.newBuilder(URI.create(gw.base + "/health")).header("Authorization", "Basic czNjcmV0LWtleQ==").build();
            assertError(gw.send(basic), 401, "Authorization");
            assertEquals(200, gw.get("/health").status());

            String ws = "ws://127.0.0.1:" + gw.gateway.httpPort() + "/signaling/ws";
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> gw.http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {}).join());
            assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
            assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            WebSocket withHeader = gw.http.newWebSocketBuilder().header("Authorization", "Bearer s3cret-key")
                    .buildAsync(URI.create(ws), new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
            withHeader.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            WebSocket withQuery = gw.http.newWebSocketBuilder()
                    .buildAsync(URI.create(ws + "?access_token=s3cret-key"), new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
            withQuery.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            // the query-parameter form is for WebSockets only
            assertError(gw.send(HttpRequest.newBuilder(URI.create(gw.base + "/health?access_token=s3cret-key")).build()), 401, "Authorization");
        }
    }

    @Test
    void mainRefusesANonLoopbackBindWithAClearMessage() throws Exception {
        // Main.main calls System.exit; run it in a child JVM with the test classpath
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().put("FERRY_BIND", "0.0.0.0");
        pb.environment().remove("FERRY_API_KEY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("refusing to listen on 0.0.0.0"), out);
    }
}
