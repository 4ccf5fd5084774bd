package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.gateway.TestGateway.Res;
import org.ferryrtc.gateway.call.CallControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With an API key set, what a browser needs before it can present the key is open: the demo
 * page, the SDK, the OpenAPI document and CORS preflights. Everything else still needs the key;
 * refusals on a CORS path can be read by a page; WebSockets take the key as {@code access_token}.
 */
class OpenRoutesTest {
    static final String KEY = "br0wser-key";
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(GatewayConfig.defaults().withApiKey(KEY).withLongPollTimeoutMs(300), e -> CallControl.unavailable());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Res raw(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return gw.send(b.build());
    }

    static String header(Res r, String name) {
        return r.raw().headers().firstValue(name).orElse(null);
    }

    @Test
    void theDemoTheSdkAndTheOpenApiDocumentNeedNoKey() {
        Res page = raw("GET", "/");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("<script src=\"/sdk/ferry.js\">") && page.body().contains("id=\"key\""), "the demo, with a key field");
        Res sdk = raw("GET", "/sdk/ferry.js");
        assertEquals(200, sdk.status());
        assertTrue(sdk.body().contains("class FerryPeer") && sdk.body().contains("this.options.key"), "the SDK takes a key option");
        Res doc = raw("GET", "/openapi.json");
        assertEquals(200, doc.status());
        assertTrue(doc.json().path("paths").has("/peers"));
        // a wrong key on an open route does not matter either
        assertEquals(200, raw("GET", "/sdk/ferry.js", "Authorization", "Bearer wrong").status());
    }

    @Test
    void corsPreflightsAreAnsweredWithoutAKey() {
        Res p = raw("OPTIONS", "/echo", "Origin", "http://page.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
        assertEquals(204, p.status(), p.body());
        assertEquals("*", header(p, "Access-Control-Allow-Origin"));
        assertTrue(header(p, "Access-Control-Allow-Methods").contains("POST"), header(p, "Access-Control-Allow-Methods"));
        String allowHeaders = header(p, "Access-Control-Allow-Headers").toLowerCase(Locale.ROOT);
        assertTrue(allowHeaders.contains("authorization") && allowHeaders.contains("content-type"), allowHeaders);
        assertEquals("600", header(p, "Access-Control-Max-Age"));
        Res d = raw("OPTIONS", "/echo/echo-1", "Origin", "http://page.example", "Access-Control-Request-Method", "DELETE");
        assertEquals(204, d.status(), d.body());
        assertTrue(header(d, "Access-Control-Allow-Methods").contains("DELETE"));
        assertTrue(header(d, "Access-Control-Allow-Headers").contains("Authorization"));
    }

    @Test
    void theRealRequestStillNeedsTheKeyAndItsRefusalIsReadableByAPage() {
        Res none = raw("POST", "/echo", "Origin", "http://page.example", "Content-Type", "application/sdp");
        assertError(none, 401, "Authorization");
        assertEquals("*", header(none, "Access-Control-Allow-Origin"), "a page can read the 401");
        Res wrong = raw("POST", "/echo", "Authorization", "Bearer " + KEY + "x");
        assertError(wrong, 403, "Authorization");
        assertEquals("*", header(wrong, "Access-Control-Allow-Origin"));
        assertError(raw("DELETE", "/echo/echo-1"), 401, "Authorization");
        // with the key the request reaches the handler (503: this gateway has no PeerConnection)
        Res ok = raw("POST", "/echo", "Authorization", "Bearer " + KEY, "Content-Type", "application/sdp");
        assertEquals(503, ok.status(), ok.body());
    }

    @Test
    void nothingElseOpensUp() {
        // preflights only where CORS is served; other methods on open paths; unknown paths; the API
        for (String[] mp : new String[][] {{"OPTIONS", "/peers"}, {"OPTIONS", "/no/such"}, {"OPTIONS", "/"}, {"POST", "/sdk/ferry.js"},
                {"DELETE", "/"}, {"GET", "/echo"}, {"GET", "/health"}, {"GET", "/sdk/ferry.js.map"}, {"GET", "/openapi.json/x"}}) {
            Res r = raw(mp[0], mp[1]);
            assertError(r, 401, "Authorization");
            assertEquals(null, header(r, "Allow"), "no route is revealed: " + mp[0] + " " + mp[1]);
        }
        assertEquals(null, header(raw("GET", "/health"), "Access-Control-Allow-Origin"), "no CORS outside /echo");
        assertError(raw("POST", "/peers", "Content-Type", "application/json"), 401, "Authorization");
    }

    @Test
    void webSocketsTakeTheKeyAsAccessTokenAndRefuseAWrongOne() throws Exception {
        String ws = "ws://127.0.0.1:" + gw.gateway.httpPort() + "/signaling/ws";
        for (String[] q : new String[][] {{"", "401"}, {"?access_token=", "401"}, {"?access_token=" + KEY + "x", "403"}, {"?key=" + KEY, "401"}}) {
            CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> gw.http.newWebSocketBuilder().buildAsync(URI.create(ws + q[0]), new WebSocket.Listener() {}).join());
            assertEquals(Integer.parseInt(q[1]), ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(), q[0]);
        }
        WebSocket ok = gw.http.newWebSocketBuilder().buildAsync(URI.create(ws + "?access_token=" + KEY), new WebSocket.Listener() {})
                .get(5, TimeUnit.SECONDS);
        ok.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    /** The OpenAPI document marks exactly the open routes with {@code security: []}. */
    @Test
    void theOpenApiDocumentNamesExactlyTheOpenRoutes() {
        JsonNode doc = raw("GET", "/openapi.json").json();
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : p.getValue().properties()) {
                JsonNode sec = op.getValue().path("security");
                if (sec.isArray() && sec.isEmpty()) documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }
        Set<String> open = new TreeSet<>();
        for (Route r : gw.gateway.router.routes()) if (r.open()) open.add(r.method() + " " + r.template());
        assertEquals(Set.of("GET /", "GET /openapi.json", "GET /sdk/ferry.js", "OPTIONS /echo", "OPTIONS /echo/{echo_id}"), open);
        assertEquals(open, documented);
        JsonNode wsSecurity = doc.path("paths").path("/signaling/ws").path("get").path("security");
        assertTrue(wsSecurity.toString().contains("access_token"), wsSecurity.toString());
        assertEquals("query", doc.path("components").path("securitySchemes").path("access_token").path("in").asText());
    }
}
