package org.ferryrtc.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.xnio.IoUtils;

/**
 * {@code /signaling/ws}: browsers register a peer id and relay signaling to each other.
 * Messages are JSON text frames:
 * <pre>
 * -> {"type":"register","peer_id":"alice"}           <- {"type":"registered","peer_id":"alice"}
 * -> {"type":"offer","to":"bob","sdp":"..."}          bob gets {"type":"offer","from":"alice","to":"bob","sdp":"..."}
 *    (types relayed: offer, answer, candidate, bye; every other field is passed through)
 * <- {"type":"error","field":"to","message":"..."}    for anything that cannot be done
 * </pre>
 * A data offer may carry {@code label} and {@code dcInit} (RTCDataChannelInit): with
 * {@code negotiated} the answerer opens its half of the channel with the same id itself.
 * Peer ids share one namespace with REST peers. A message to a REST peer (which must carry a
 * {@code session} id) goes to the handler set by {@link #onRestPeerMessage}: the gateway
 * terminates WebRTC for that peer and answers through {@link #sendTo}.
 */
final class SignalingRelay {
    static final Set<String> RELAYED = Set.of("offer", "answer", "candidate", "bye");
    static final int MAX_MESSAGE = 64 * 1024;

    private final ObjectMapper mapper;
    private final Predicate<String> restPeer;
    private final Map<String, WebSocketChannel> peers = new ConcurrentHashMap<>();
    private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile BiConsumer<String, ObjectNode> toRestPeer;
    private volatile java.util.function.Consumer<String> browserGone;

    SignalingRelay(ObjectMapper mapper, Predicate<String> restPeer) {
        this.mapper = mapper;
        this.restPeer = restPeer;
    }

    boolean isRegistered(String id) {
        return peers.containsKey(id);
    }

    int registered() {
        return peers.size();
    }

    HttpHandler handshake() {
        return Handlers.websocket((ex, ch) -> {
            open.add(ch);
            String[] me = new String[1];
            ch.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel c, BufferedTextMessage m) {
                    handle(c, me, m.getData());
                }

                @Override
                protected long getMaxTextBufferSize() {
                    return MAX_MESSAGE;
                }
            });
            ch.addCloseTask(c -> {
                open.remove(c);
                if (me[0] != null && peers.remove(me[0], c)) {
                    Log.info("signaling.unregister", "peer_id", me[0]);
                    java.util.function.Consumer<String> gone = browserGone;
                    if (gone != null) gone.accept(me[0]);
                }
            });
            ch.resumeReceives();
        });
    }

    private void handle(WebSocketChannel ch, String[] me, String text) {
        JsonNode msg;
        try {
            msg = mapper.readTree(text);
        } catch (JacksonException e) {
            error(ch, "", "malformed JSON");
            return;
        }
        if (msg == null || !msg.isObject()) {
            error(ch, "", "a message must be a JSON object");
            return;
        }
        JsonNode typeNode = msg.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            error(ch, "type", "type is required and must be a string");
            return;
        }
        String type = typeNode.textValue();
        if (type.equals("register")) {
            register(ch, me, msg.get("peer_id"));
            return;
        }
        if (!RELAYED.contains(type)) {
            error(ch, "type", "unknown type " + type + "; expected register, offer, answer, candidate or bye");
            return;
        }
        if (me[0] == null) {
            error(ch, "type", "register a peer_id first");
            return;
        }
        JsonNode to = msg.get("to");
        if (to == null || !to.isTextual()) {
            error(ch, "to", "to is required and must be a string");
            return;
        }
        WebSocketChannel target = peers.get(to.textValue());
        ObjectNode out = ((ObjectNode) msg).deepCopy();
        out.put("from", me[0]);
        if (target == null) {
            BiConsumer<String, ObjectNode> rest = toRestPeer;
            if (rest != null && restPeer.test(to.textValue())) {
                String problem = restProblem(out);
                if (problem != null) {
                    error(ch, "session", problem);
                } else {
                    rest.accept(to.textValue(), out); // the gateway terminates WebRTC for a REST peer
                }
                return;
            }
            error(ch, "to", restPeer.test(to.textValue())
                    ? "calling a gateway peer needs the PeerConnection (not built yet)"
                    : "no peer " + to.textValue());
            return;
        }
        send(target, out);
    }

    /** What a message to a REST peer must carry: a string session id (and an SDP string for offer/answer). */
    private static String restProblem(ObjectNode m) {
        JsonNode session = m.get("session");
        if (session == null || !session.isTextual() || session.textValue().isEmpty() || session.textValue().length() > 128) {
            return "session is required and must be a string of 1..128 characters";
        }
        String type = m.path("type").asText();
        if ((type.equals("offer") || type.equals("answer")) && !m.path("sdp").isTextual()) return "sdp is required and must be a string";
        return null;
    }

    /** Sets where messages to REST peers go: (REST peer id, message with {@code from}). */
    void onRestPeerMessage(BiConsumer<String, ObjectNode> handler) {
        this.toRestPeer = handler;
    }

    /** Sets who is told when a browser's signaling socket closes (its sessions with REST peers end). */
    void onBrowserGone(java.util.function.Consumer<String> handler) {
        this.browserGone = handler;
    }

    /** Sends {@code msg} to the browser registered as {@code peerId}; false if none is. */
    boolean sendTo(String peerId, ObjectNode msg) {
        WebSocketChannel ch = peers.get(peerId);
        if (ch == null) return false;
        send(ch, msg);
        return true;
    }

    private void register(WebSocketChannel ch, String[] me, JsonNode idNode) {
        if (me[0] != null) {
            error(ch, "peer_id", "this socket is already registered as " + me[0]);
            return;
        }
        if (idNode == null || !idNode.isTextual() || !PeerApi.PEER_ID.matcher(idNode.textValue()).matches()) {
            error(ch, "peer_id", "peer_id must be 1..64 letters, digits, '_', '.' or '-'");
            return;
        }
        String id = idNode.textValue();
        if (restPeer.test(id) || peers.putIfAbsent(id, ch) != null) {
            error(ch, "peer_id", "peer_id " + id + " is already taken");
            return;
        }
        me[0] = id;
        Log.info("signaling.register", "peer_id", id);
        send(ch, mapper.createObjectNode().put("type", "registered").put("peer_id", id));
    }

    private void error(WebSocketChannel ch, String field, String message) {
        send(ch, mapper.createObjectNode().put("type", "error").put("field", field).put("message", message));
    }

    private void send(WebSocketChannel ch, JsonNode node) {
        try {
            WebSockets.sendText(mapper.writeValueAsString(node), ch, null);
        } catch (JacksonException e) {
            Log.warn("signaling.encode_failed", "error", e.toString());
        }
    }

    void close() {
        for (WebSocketChannel ch : open) goingAway(ch);
        open.clear();
        peers.clear();
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
