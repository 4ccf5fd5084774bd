package org.ferryrtc.gateway;

import io.undertow.server.HttpHandler;
import java.util.Map;

/**
 * One registered route: method, path template ({@code /peers/{peer_id}/events}), the
 * {@code command_type} its errors carry, either a REST handler or a WebSocket handshake, and
 * whether it is {@code open}: answered without the API key (static assets, CORS preflights).
 */
record Route(String method, String template, String commandType, Handler handler, HttpHandler upgrade, boolean open) {

    /** A REST handler: returns a {@link Reply} or a {@link Parked} answer (long poll). */
    @FunctionalInterface
    interface Handler {
        Object handle(Call call);
    }

    /** Matches {@code path} against the template; the path parameters, or null if it does not match. */
    Map<String, String> match(String[] segments) {
        String[] t = template.split("/", -1);
        if (t.length != segments.length) return null;
        Map<String, String> params = null;
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (segments[i].isEmpty()) return null;
                if (params == null) params = new java.util.HashMap<>();
                params.put(t[i].substring(1, t[i].length() - 1), segments[i]);
            } else if (!t[i].equals(segments[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
