package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ferryrtc.gateway.TestGateway.Res;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint with bad JSON, wrong types, missing fields, huge bodies, bad ids and bad tokens:
 * each gets its status and a JSON error naming the field, never a 500, and a bystander peer's
 * state is untouched.
 */
class MalformedInputTest {
    static TestGateway gw;
    static String bystanderToken;
    static String token;
    static String mediaConn;
    static String dataConn;

    @BeforeAll
    static void start() throws Exception {
        RecordingCallControl calls = new RecordingCallControl();
        gw = new TestGateway(e -> calls);
        bystanderToken = gw.createPeer("bystander");
        token = gw.createPeer("actor");
        mediaConn = gw.post("/media/connections", "{\"peer_id\":\"actor\",\"token\":\"" + token + "\",\"target_id\":\"t\"}")
                .json().path("params").path("media_connection_id").asText();
        gw.events.incomingCall("actor", "mc-incoming", "t");
        dataConn = gw.post("/data/connections", "{\"peer_id\":\"actor\",\"token\":\"" + token + "\",\"target_id\":\"t\"}")
                .json().path("params").path("data_connection_id").asText();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @AfterEach
    void bystanderUntouched() {
        Res s = gw.get("/peers/bystander/status?token=" + bystanderToken);
        assertEquals(200, s.status(), s.body());
        assertEquals(1, s.json().path("queued_events").asInt(), "the bystander's OPEN is still queued");
    }

    record Case(String name, String method, String path, String body, int status, String field) {}

    static final String BAD_JSON = "{\"peer_id\": ";

    static List<Case> cases() {
        String mc = "/media/connections/" + "MC";
        String dc = "/data/connections/" + "DC";
        List<Case> l = new ArrayList<>();
        // bad JSON on every endpoint that reads a body
        for (String[] e : new String[][] {{"POST", "/peers"}, {"POST", "/media"}, {"POST", "/media/rtcp"}, {"POST", "/data"},
                {"POST", "/media/connections"}, {"POST", "/media/connections/mc-incoming/answer"}, {"POST", mc + "/pli"},
                {"POST", "/data/connections"}, {"PUT", dc}}) {
            l.add(new Case("bad JSON " + e[1], e[0], e[1], BAD_JSON, 400, ""));
            l.add(new Case("JSON array " + e[1], e[0], e[1], "[1,2]", 400, ""));
            l.add(new Case("trailing garbage " + e[1], e[0], e[1], "{} {}", 400, ""));
            l.add(new Case("huge body " + e[1], e[0], e[1], "{\"x\":\"" + "a".repeat(70_000) + "\"}", 413, ""));
        }
        l.add(new Case("duplicate key", "POST", "/peers", "{\"peer_id\":\"a\",\"peer_id\":\"b\"}", 400, ""));
        l.add(new Case("missing body", "POST", "/peers", null, 400, ""));
        l.add(new Case("missing peer_id", "POST", "/peers", "{}", 400, "peer_id"));
        l.add(new Case("peer_id number", "POST", "/peers", "{\"peer_id\":1}", 400, "peer_id"));
        l.add(new Case("peer_id too long", "POST", "/peers", "{\"peer_id\":\"" + "p".repeat(65) + "\"}", 400, "peer_id"));
        l.add(new Case("peer_id bad chars", "POST", "/peers", "{\"peer_id\":\"a/b\"}", 400, "peer_id"));
        l.add(new Case("key wrong type", "POST", "/peers", "{\"peer_id\":\"k\",\"key\":5}", 400, "key"));
        l.add(new Case("peer taken", "POST", "/peers", "{\"peer_id\":\"bystander\"}", 409, "peer_id"));
        l.add(new Case("delete without token", "DELETE", "/peers/bystander", null, 400, "token"));
        l.add(new Case("delete wrong token", "DELETE", "/peers/bystander?token=pt-0", null, 403, "token"));
        l.add(new Case("delete unknown", "DELETE", "/peers/ghost?token=x", null, 404, "peer_id"));
        l.add(new Case("events wrong token", "GET", "/peers/bystander/events?token=" + token, null, 403, "token"));
        l.add(new Case("events unknown", "GET", "/peers/ghost/events?token=x", null, 404, "peer_id"));
        l.add(new Case("status no token", "GET", "/peers/bystander/status", null, 400, "token"));
        l.add(new Case("is_video missing", "POST", "/media", "{}", 400, "is_video"));
        l.add(new Case("is_video string", "POST", "/media", "{\"is_video\":\"true\"}", 400, "is_video"));
        l.add(new Case("is_video null", "POST", "/media", "{\"is_video\":null}", 400, "is_video"));
        l.add(new Case("media unknown", "DELETE", "/media/vi-nope", null, 404, "media_id"));
        l.add(new Case("media status unknown", "GET", "/media/vi-nope", null, 404, "media_id"));
        l.add(new Case("rtcp unknown", "DELETE", "/media/rtcp/rc-nope", null, 404, "rtcp_id"));
        l.add(new Case("rtcp status unknown", "GET", "/media/rtcp/rc-nope", null, 404, "rtcp_id"));
        l.add(new Case("data unknown", "DELETE", "/data/da-nope", null, 404, "data_id"));
        l.add(new Case("data status unknown", "GET", "/data/da-nope", null, 404, "data_id"));
        l.add(new Case("call no fields", "POST", "/media/connections", "{}", 400, "peer_id"));
        l.add(new Case("call wrong token", "POST", "/media/connections", "{\"peer_id\":\"bystander\",\"token\":\"x\",\"target_id\":\"t\"}", 403, "token"));
        l.add(new Case("answer unknown", "POST", "/media/connections/mc-nope/answer", "{\"constraints\":{}}", 404, "media_connection_id"));
        l.add(new Case("answer constraints wrong type", "POST", "/media/connections/mc-incoming/answer", "{\"constraints\":[]}", 400, "constraints"));
        l.add(new Case("pli unknown", "POST", "/media/connections/mc-nope/pli", null, 404, "media_connection_id"));
        l.add(new Case("media events unknown", "GET", "/media/connections/mc-nope/events", null, 404, "media_connection_id"));
        l.add(new Case("media status unknown", "GET", "/media/connections/mc-nope/status", null, 404, "media_connection_id"));
        l.add(new Case("media delete unknown", "DELETE", "/media/connections/mc-nope", null, 404, "media_connection_id"));
        l.add(new Case("connect no fields", "POST", "/data/connections", "{}", 400, "token"));
        l.add(new Case("put unknown", "PUT", "/data/connections/dc-nope", "{\"redirect_params\":{\"ip_v4\":\"127.0.0.1\",\"port\":9}}", 404, "data_connection_id"));
        l.add(new Case("put wrong type", "PUT", dc, "{\"feed_params\":\"x\"}", 400, "feed_params"));
        l.add(new Case("data events unknown", "GET", "/data/connections/dc-nope/events", null, 404, "data_connection_id"));
        l.add(new Case("data status unknown", "GET", "/data/connections/dc-nope/status", null, 404, "data_connection_id"));
        l.add(new Case("data delete unknown", "DELETE", "/data/connections/dc-nope", null, 404, "data_connection_id"));
        l.add(new Case("media id as connection", "GET", "/data/connections/MC/status", null, 404, "data_connection_id"));
        l.add(new Case("unknown path", "GET", "/nothing/here", null, 404, ""));
        l.add(new Case("wrong method peers", "GET", "/peers", null, 405, ""));
        l.add(new Case("wrong method health", "POST", "/health", "{}", 405, ""));
        l.add(new Case("wrong method data conn", "POST", dc, "{}", 405, ""));
        return l;
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointRejectsBadInputWithANamedField() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + " -> " + c.status(), () -> {
            String path = c.path().replace("MC", mediaConn).replace("DC", dataConn);
            Res r = gw.call(c.method(), path, c.body());
            assertError(r, c.status(), c.field());
            assertNotEquals(500, r.status());
            if (c.status() == 405) assertTrue(r.raw().headers().firstValue("Allow").isPresent(), "405 carries Allow");
        }));
    }

    @Test
    void chunkedBodyOverTheCapIs413Too() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.base + "/peers"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"peer_id\":\"" + "x".repeat(100_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        Res r = gw.send(req);
        assertError(r, 413, "");
    }

    @Test
    void errorsAreCountedByRouteAndStatus() {
        gw.post("/media", "{\"is_video\":1}");
        String metrics = gw.get("/metrics").body();
        assertTrue(metrics.contains("ferry_http_requests_total{method=\"POST\",route=\"/media\",status=\"400\"}"), metrics);
        JsonNode health = gw.get("/health").json();
        assertEquals("ok", health.path("status").asText());
    }
}
