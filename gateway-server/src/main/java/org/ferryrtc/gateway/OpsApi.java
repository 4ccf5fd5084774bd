package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;

/** {@code /health}, {@code /metrics}, {@code /openapi.json}, the browser SDK {@code /sdk/ferry.js} and the demo page {@code /}. */
final class OpsApi {
    private final Gateway g;
    private final byte[] openapi = resource("openapi.json");
    private final byte[] sdk = resource("sdk/ferry.js");
    private final byte[] demo = resource("demo/index.html");

    OpsApi(Gateway g) {
        this.g = g;
    }

    static byte[] resource(String name) {
        try (InputStream in = OpsApi.class.getResourceAsStream("/org/ferryrtc/gateway/" + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(Router r) {
        r.add("GET", "/health", "HEALTH", this::health);
        r.add("GET", "/metrics", "METRICS", c -> Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics()));
        // static assets are open: a browser must load the page and the SDK before it can present the key
        r.addOpen("GET", "/openapi.json", "OPENAPI", c -> new Reply(200, Reply.JSON, openapi));
        r.addOpen("GET", "/sdk/ferry.js", "SDK", c -> new Reply(200, "text/javascript; charset=utf-8", sdk));
        r.addOpen("GET", "/", "DEMO", c -> new Reply(200, "text/html; charset=utf-8", demo));
    }

    String metrics() {
        long media = g.connections.values().stream().filter(c -> c.kind == Connection.Kind.MEDIA).count();
        String base = g.metrics.render(g.peers.size(), g.signaling.registered(), g.ports, media, g.connections.size() - media);
        return g.calls instanceof PeerCalls pc ? base + pc.metrics() : base;
    }

    private Reply health(Call c) {
        ObjectNode o = g.mapper.createObjectNode();
        o.put("status", "ok");
        o.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
        o.put("peers", g.peers.size());
        o.put("browser_peers", g.signaling.registered());
        o.put("connections", g.connections.size());
        o.put("udp_ports", g.ports.all().size());
        o.put("peer_connection", g.calls instanceof PeerCalls);
        if (g.calls instanceof PeerCalls pc) {
            o.put("ice_port", pc.iceEndpoint().getPort());
            o.put("echo_sessions", pc.echoCount());
        }
        return Reply.json(g.mapper, 200, o);
    }
}
