package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.ferryrtc.gateway.call.CallControl;
import org.ferryrtc.gateway.call.CallEvents;

/** A real gateway on an ephemeral port plus a java.net.http client speaking to it. */
final class TestGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    // keep test output readable: the gateway's one-line events only at WARNING and above
    private static final java.util.logging.Logger[] QUIET = {
            java.util.logging.Logger.getLogger("org.ferryrtc.gateway"), java.util.logging.Logger.getLogger("io.undertow"),
            java.util.logging.Logger.getLogger("org.xnio"), java.util.logging.Logger.getLogger("io.netty"),
            java.util.logging.Logger.getLogger("org.ice4j"), java.util.logging.Logger.getLogger("org.jitsi")};

    static {
        for (java.util.logging.Logger l : QUIET) l.setLevel(java.util.logging.Level.WARNING);
    }

    record Res(int status, String body, JsonNode json, HttpResponse<String> raw) {
        /** The error's first field, after checking the SkyWay error shape. */
        String errorField() {
            assertTrue(json != null && json.has("command_type"), "error shape: " + body);
            JsonNode errors = json.path("params").path("errors");
            assertTrue(errors.isArray() && errors.size() > 0, "errors[]: " + body);
            for (JsonNode e : errors) {
                assertTrue(e.has("field") && e.has("message"), "field+message: " + body);
            }
            return errors.get(0).path("field").asText();
        }

        boolean errorNames(String field) {
            for (JsonNode e : json.path("params").path("errors")) {
                if (e.path("field").asText().equals(field)) return true;
            }
            return false;
        }
    }

    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    String apiKey;
    CallEvents events;

    TestGateway(GatewayConfig config, Function<CallEvents, CallControl> calls) throws Exception {
        this.gateway = Gateway.start(config.withHttpPort(0), e -> {
            this.events = e;
            return calls.apply(e);
        });
        this.base = "http://127.0.0.1:" + gateway.httpPort();
        this.apiKey = config.apiKey();
    }

    /** With given timers (virtual time); {@code calls} null = the full gateway (PeerConnections). */
    TestGateway(GatewayConfig config, Function<CallEvents, CallControl> calls, Timers timers) throws Exception {
        this.gateway = Gateway.start(config.withHttpPort(0), calls == null ? null : e -> {
            this.events = e;
            return calls.apply(e);
        }, timers);
        this.base = "http://127.0.0.1:" + gateway.httpPort();
        this.apiKey = config.apiKey();
    }

    /** The full gateway: PeerConnections on a shared ICE port, /echo. */
    TestGateway(GatewayConfig config) throws Exception {
        this.gateway = Gateway.start(config.withHttpPort(0));
        this.base = "http://127.0.0.1:" + gateway.httpPort();
        this.apiKey = config.apiKey();
    }

    TestGateway(Function<CallEvents, CallControl> calls) throws Exception {
        this(GatewayConfig.defaults().withLongPollTimeoutMs(300), calls);
    }

    TestGateway() throws Exception {
        this(e -> CallControl.unavailable());
    }

    HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return b;
    }

    Res send(HttpRequest req) {
        try {
            return toRes(http.send(req, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    CompletableFuture<Res> sendAsync(String method, String path, String body) {
        return http.sendAsync(request(method, path, body).build(), HttpResponse.BodyHandlers.ofString()).thenApply(TestGateway::toRes);
    }

    static Res toRes(HttpResponse<String> r) {
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            try {
                json = JSON.readTree(r.body());
            } catch (IOException e) {
                throw new AssertionError("the gateway answered malformed JSON: " + r.body(), e);
            }
        }
        return new Res(r.statusCode(), r.body(), json, r);
    }

    Res call(String method, String path, String body) {
        return send(request(method, path, body).build());
    }

    Res get(String path) {
        return call("GET", path, null);
    }

    Res post(String path, String body) {
        return call("POST", path, body);
    }

    /** Creates a peer and returns its token. */
    String createPeer(String id) {
        Res r = post("/peers", "{\"peer_id\":\"" + id + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("params").path("token").asText();
    }

    /** Opens a port (media video/audio, rtcp, data) and returns its JSON. */
    JsonNode open(String path, String body) {
        Res r = post(path, body);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    /** Asserts status and that the JSON error names {@code field}. */
    static void assertError(Res r, int status, String field) {
        assertEquals(status, r.status(), r.body());
        r.errorField();
        assertTrue(r.errorNames(field), "expected field '" + field + "' in " + r.body());
    }

    @Override
    public void close() {
        gateway.close();
    }
}
