package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.ferryrtc.gateway.TestGateway.Res;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health, /metrics, /openapi.json (in sync with the router), /sdk/ferry.js. */
class OpsTest {
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void openApiDocumentsExactlyTheRegisteredRoutes() {
        Res r = gw.get("/openapi.json");
        assertEquals(200, r.status());
        JsonNode doc = r.json();
        assertTrue(doc.path("openapi").asText().startsWith("3."), "OpenAPI 3");
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
            for (Iterator<String> m = p.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey());
                    // every path parameter of the template is declared
                    JsonNode op = p.getValue().path(method);
                    for (String seg : p.getKey().split("/")) {
                        if (!seg.startsWith("{")) continue;
                        String name = seg.substring(1, seg.length() - 1);
                        boolean declared = false;
                        for (JsonNode param : op.path("parameters")) {
                            String ref = param.path("$ref").asText();
                            JsonNode resolved = doc.path("components").path("parameters").path(ref.substring(ref.lastIndexOf('/') + 1));
                            declared |= name.equals(resolved.path("name").asText()) && "path".equals(resolved.path("in").asText());
                        }
                        assertTrue(declared, method + " " + p.getKey() + " declares {" + name + "}");
                    }
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        for (Route route : gw.gateway.router.routes()) registered.add(route.method() + " " + route.template());
        assertEquals(registered, documented);
        assertTrue(registered.size() >= 30, "all routes: " + registered.size());
    }

    @Test
    void openApiReferencesResolve() {
        JsonNode doc = gw.get("/openapi.json").json();
        String text = doc.toString();
        var m = Pattern.compile("\"\\$ref\":\"#/components/(\\w+)/(\\w+)\"").matcher(text);
        int refs = 0;
        while (m.find()) {
            assertTrue(doc.path("components").path(m.group(1)).has(m.group(2)), "dangling $ref " + m.group());
            refs++;
        }
        assertTrue(refs > 50);
    }

    static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*\\})? -?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))");

    @Test
    void metricsParseAsPrometheusText() {
        gw.createPeer("m1");
        gw.open("/media", "{\"is_video\":false}");
        Res r = gw.get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String body = r.body();
        assertTrue(body.endsWith("\n"));
        Set<String> typed = new TreeSet<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(COMMENT.matcher(line).matches(), "comment line: " + line);
                if (line.startsWith("# TYPE ")) assertTrue(typed.add(line.split(" ")[2]), "one TYPE per metric: " + line);
            } else {
                assertTrue(SAMPLE.matcher(line).matches(), "sample line: " + line);
                String name = line.split("[{ ]")[0];
                assertTrue(typed.contains(name), "sample after its TYPE: " + line);
            }
        }
        assertTrue(body.contains("\nferry_peers_open 1\n"), body);
        assertTrue(body.contains("ferry_udp_ports_open{kind=\"media\"} 1"), body);
        assertTrue(body.contains("ferry_http_requests_total{method=\"POST\",route=\"/peers\",status=\"201\"} 1"), body);
    }

    @Test
    void healthAndSdk() {
        JsonNode h = gw.get("/health").json();
        assertEquals("ok", h.path("status").asText());
        assertTrue(h.has("peers") && h.has("udp_ports"));
        Res js = gw.get("/sdk/ferry.js");
        assertEquals(200, js.status());
        assertTrue(js.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(js.body().contains("class FerryPeer"));
        assertTrue(js.body().contains("async call(targetId, stream)"));
        assertTrue(js.body().contains("async connect(targetId, options)"));
    }
}
