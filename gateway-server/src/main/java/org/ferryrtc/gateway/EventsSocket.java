package org.ferryrtc.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.xnio.IoUtils;

/**
 * {@code GET /events/ws?peer_id=...&token=...}: a WebSocket carrying, as JSON text frames, every
 * event of the peer and of its connections (the same objects the long polls return, plus
 * {@code peer_id} and the connection id). It is a tap: events stay queued for the long polls.
 * A missing/unknown peer or wrong token gets one error frame
 * {@code {command_type:"EVENTS_WS", params{errors[...]}}} and close code 1008.
 */
final class EventsSocket {
    private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Gateway g;

    EventsSocket(Gateway g) {
        this.g = g;
    }

    HttpHandler handshake() {
        return Handlers.websocket((WebSocketHttpExchange ex, WebSocketChannel ch) -> {
            String peerId = first(ex.getRequestParameters(), "peer_id");
            String token = first(ex.getRequestParameters(), "token");
            Peer p = peerId == null ? null : g.peers.get(peerId);
            String field = null, message = null;
            if (peerId == null) { field = "peer_id"; message = "peer_id is required"; }
            else if (token == null) { field = "token"; message = "token is required"; }
            else if (p == null) { field = "peer_id"; message = "no peer " + peerId; }
            else if (!java.security.MessageDigest.isEqual(p.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) { field = "token"; message = "wrong token for peer " + peerId; }
            if (field != null) {
                ObjectNode err = g.mapper.createObjectNode().put("command_type", "EVENTS_WS");
                err.putObject("params").putArray("errors").addObject().put("field", field).put("message", message);
                try {
                    WebSockets.sendText(g.mapper.writeValueAsString(err), ch, null);
                } catch (JsonProcessingException e) {
                    Log.warn("events_ws.encode_failed", "error", e.toString());
                }
                WebSockets.sendClose(1008, message, ch, null);
                return;
            }
            open.add(ch);
            Consumer<ObjectNode> listener = e -> {
                try {
                    WebSockets.sendText(g.mapper.writeValueAsString(e), ch, null);
                } catch (JsonProcessingException ex2) {
                    Log.warn("events_ws.encode_failed", "error", ex2.toString());
                }
                if ("CLOSE".equals(e.path("event").asText()) && e.has("params")) {
                    WebSockets.sendClose(1000, "peer closed", ch, null); // the peer is gone: nothing more will come
                }
            };
            p.events().listen(listener);
            ch.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel c, BufferedTextMessage m) {
                    // clients have nothing to say on this stream; ignored
                }

                @Override
                protected long getMaxTextBufferSize() {
                    return 4096;
                }
            });
            ch.addCloseTask(c -> {
                p.events().unlisten(listener);
                open.remove(c);
            });
            ch.resumeReceives();
            Log.info("events_ws.open", "peer_id", peerId);
        });
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
    }

    void close() {
        for (WebSocketChannel ch : open) goingAway(ch);
    }

    /** Close code 1001 (RFC 6455 §7.4.1, going away), then the socket. */
    static void goingAway(WebSocketChannel ch) {
        try {
            WebSockets.sendCloseBlocking(1001, "gateway shutting down", ch);
        } catch (java.io.IOException | RuntimeException e) {
            Log.info("ws.close_failed", "error", e.toString());
        } finally {
            IoUtils.safeClose(ch);
        }
    }
}
