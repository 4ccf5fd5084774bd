package org.ferryrtc.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.ferryrtc.gateway.call.CallControl;
import org.ferryrtc.gateway.call.CallEvents;

/**
 * The running gateway: the Undertow HTTP/WebSocket server, the peer and connection registries,
 * the local UDP ports and the {@link CallControl} that drives PeerConnections ({@link #start(GatewayConfig)})
 * or a stand-in given by tests ({@link #start(GatewayConfig, Function)}).
 *
 * <pre>{@code
 * try (Gateway g = Gateway.start(GatewayConfig.defaults())) {
 *     int port = g.httpPort();
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final GatewayConfig config;
    // field names from untrusted bodies are not interned (no String-pool growth from random keys)
    final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    final Metrics metrics = new Metrics();
    final Map<String, Peer> peers = new ConcurrentHashMap<>();
    final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** The last closed connections, so that a poll after CLOSE still gets CLOSE (not 404). */
    final Map<String, Connection> closedConnections = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Connection> eldest) {
                    return size() > 1024;
                }
            });
    final UdpPorts ports;
    final List<Cidr> redirectAllow;
    final SignalingRelay signaling;
    final CallControl calls;
    final Router router;
    final EventsSocket eventsSocket = new EventsSocket(this);
    final Timers timers;
    private final Undertow server;
    private final int httpPort;
    private volatile boolean closed;

    private Gateway(GatewayConfig config, Function<CallEvents, CallControl> callControl, Timers timers) {
        this.config = config;
        this.timers = timers;
        this.redirectAllow = config.redirectAllow().stream().map(Cidr::parse).toList();
        this.ports = new UdpPorts(config.udpBind(), config.mediaHistory(), metrics);
        this.signaling = new SignalingRelay(mapper, this::isRestPeer);
        Events events = new Events(this);
        this.calls = callControl != null ? callControl.apply(events) : new PeerCalls(this, events);
        this.router = new Router(mapper, config.apiKey(), config.maxBodyBytes(), metrics);
        new PeerApi(this).register(router);
        new PortApi(this).register(router);
        new MediaConnectionApi(this).register(router);
        new DataConnectionApi(this).register(router);
        new OpsApi(this).register(router);
        new EchoApi(this).register(router);
        router.addWebSocket("/events/ws", "EVENTS_WS", eventsSocket.handshake());
        router.addWebSocket("/signaling/ws", "SIGNALING_WS", signaling.handshake());
        this.server = Undertow.builder()
                .addHttpListener(config.httpPort(), config.bind())
                // the body cap (413) is enforced by the Router while reading, so the answer is JSON
                .setHandler(router)
                .build();
        server.start();
        this.httpPort = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        Log.info("gateway.start", "bind", config.bind(), "http_port", httpPort, "api_key", config.apiKey() != null,
                "udp_bind", config.udpBind(), "redirect_allow", String.join(",", config.redirectAllow()));
    }

    /**
     * Validates {@code config} and starts the full gateway: REST peers and browsers get
     * PeerConnections (one shared ICE port on {@code udp.bind}), {@code /echo} is served.
     */
    public static Gateway start(GatewayConfig config) throws GatewayConfig.ConfigException {
        config.validate();
        return new Gateway(config, null, Timers.system());
    }

    /** Validates {@code config} and starts listening. {@code callControl} is built with the gateway's event sink. */
    public static Gateway start(GatewayConfig config, Function<CallEvents, CallControl> callControl)
            throws GatewayConfig.ConfigException {
        config.validate();
        return new Gateway(config, callControl, Timers.system());
    }

    /** As {@link #start(GatewayConfig, Function)} with given timers (tests: virtual time); null callControl = PeerConnections. */
    static Gateway start(GatewayConfig config, Function<CallEvents, CallControl> callControl, Timers timers)
            throws GatewayConfig.ConfigException {
        config.validate();
        return new Gateway(config, callControl, timers);
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int httpPort() {
        return httpPort;
    }

    /** Graceful shutdown: closes every peer, connection, WebSocket and UDP port, then the HTTP server. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (String id : List.copyOf(peers.keySet())) deletePeer(id);
        for (Connection c : List.copyOf(connections.values())) closeConnection(c, "CLOSE", null);
        try {
            if (!router.awaitAnswered(2_000)) Log.warn("gateway.polls_unanswered_at_stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            calls.close();
        } catch (RuntimeException e) {
            Log.warn("gateway.callcontrol_close_failed", "error", e.toString());
        }
        for (Connection c : connections.values()) c.release();
        connections.clear();
        timers.close();
        signaling.close();
        eventsSocket.close();
        ports.close();
        server.stop();
        Log.info("gateway.stop");
    }

    boolean isRestPeer(String id) {
        return peers.containsKey(id);
    }

    static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "pt-" + HexFormat.of().formatHex(b);
    }

    ObjectNode peerEvent(String event, Peer p) {
        ObjectNode o = mapper.createObjectNode();
        o.put("event", event);
        o.putObject("params").put("peer_id", p.id()).put("token", p.token());
        return o;
    }

    /** Removes the peer, tells the CallControl, closes its connections and answers pending polls with CLOSE. */
    boolean deletePeer(String id) {
        Peer p = peers.get(id);
        if (p == null) return false;
        calls.peerClosed(id);
        for (Connection c : List.copyOf(connections.values())) {
            if (c.peerId.equals(id)) closeConnection(c, "CLOSE", null);
        }
        if (!peers.remove(id, p)) return false;
        ObjectNode close = peerEvent("CLOSE", p);
        p.events().broadcast(withPeer(close, id));
        p.events().closeWith(close);
        Log.info("peer.delete", "peer_id", id);
        return true;
    }

    ObjectNode withPeer(ObjectNode event, String peerId) {
        ObjectNode o = event.deepCopy();
        o.put("peer_id", peerId);
        return o;
    }

    /** Publishes a connection event on its queue and on its peer's live listeners. */
    void connectionEvent(Connection c, ObjectNode event) {
        c.lastEvent = event.path("event").asText();
        c.events.publish(event);
        Peer p = peers.get(c.peerId);
        if (p != null) {
            ObjectNode live = withPeer(event, c.peerId);
            live.put(c.kind == Connection.Kind.MEDIA ? "media_connection_id" : "data_connection_id", c.id);
            p.events().broadcast(live);
        }
    }

    void closeConnection(Connection c, String event, String message) {
        if (connections.remove(c.id) == null) return;
        c.cancelAnswerTimer();
        closedConnections.put(c.id, c);
        c.open = false;
        c.release();
        ObjectNode o = mapper.createObjectNode().put("event", event);
        if (message != null) o.put("error_message", message);
        connectionEvent(c, o);
        c.events.closeWith(o);
        Log.info("connection.close", "id", c.id, "peer_id", c.peerId);
    }

    /**
     * Nobody answered incoming call {@code c} within {@code call.answer.timeout.ms}: ERROR (naming
     * the timeout) then CLOSE on its events and the peer's {@code /events/ws}; the CallControl
     * closes the WebRTC side (the caller gets {@code bye}). Timer thread.
     */
    void answerTimedOut(Connection c, long timeoutMs) {
        synchronized (c) { // see MediaConnectionApi.answer
            if (c.answerAccepted || c.timedOut || !connections.containsKey(c.id)) return; // answered or gone meanwhile
            c.timedOut = true;
        }
        Log.info("media.answer_timeout", "id", c.id, "peer_id", c.peerId, "timeout_ms", timeoutMs);
        connectionEvent(c, mapper.createObjectNode().put("event", "ERROR")
                .put("error_message", "not answered within " + timeoutMs + " ms (call.answer.timeout.ms); closed"));
        try {
            calls.closeMedia(c.id);
        } catch (RuntimeException e) {
            Log.warn("callcontrol.close_failed", "id", c.id, "error", e.toString());
        }
        closeConnection(c, "CLOSE", null);
    }

    /** The sink given to the CallControl. */
    private static final class Events implements CallEvents {
        private final Gateway g;

        Events(Gateway g) {
            this.g = g;
        }

        @Override
        public void incomingCall(String peerId, String mediaConnectionId, String remoteId) {
            incoming(peerId, mediaConnectionId, remoteId, Connection.Kind.MEDIA);
        }

        @Override
        public void incomingConnection(String peerId, String dataConnectionId, String remoteId) {
            incoming(peerId, dataConnectionId, remoteId, Connection.Kind.DATA);
        }

        private void incoming(String peerId, String id, String remoteId, Connection.Kind kind) {
            Peer p = g.peers.get(peerId);
            if (p == null || g.connections.putIfAbsent(id, new Connection(id, kind, peerId, remoteId, true)) != null) {
                Log.warn("callcontrol.bad_incoming", "peer_id", peerId, "id", id);
                return;
            }
            ObjectNode o = g.mapper.createObjectNode();
            if (kind == Connection.Kind.MEDIA) {
                o.put("event", "CALL").putObject("call_params").put("media_connection_id", id);
            } else {
                o.put("event", "CONNECTION").putObject("data_params").put("data_connection_id", id);
            }
            p.events().publish(o);
            p.events().broadcast(g.withPeer(o, peerId));
            long timeout = g.config.answerTimeoutMs();
            if (kind == Connection.Kind.MEDIA && timeout > 0) {
                Connection c = g.connections.get(id);
                if (c != null) c.answerTimer(g.timers.schedule(timeout, () -> g.answerTimedOut(c, timeout)));
            }
        }

        @Override
        public void mediaEvent(String id, String event, String errorMessage) {
            connEvent(id, event, errorMessage);
        }

        @Override
        public void dataEvent(String id, String event, String errorMessage) {
            connEvent(id, event, errorMessage);
        }

        private void connEvent(String id, String event, String errorMessage) {
            Connection c = g.connections.get(id);
            if (c == null) return;
            if ("CLOSE".equals(event)) {
                g.closeConnection(c, "CLOSE", null);
                return;
            }
            if ("READY".equals(event) || "OPEN".equals(event)) c.open = true;
            ObjectNode o = g.mapper.createObjectNode().put("event", event);
            if (errorMessage != null) o.put("error_message", errorMessage);
            g.connectionEvent(c, o);
        }

        @Override
        public void peerError(String peerId, String message) {
            Peer p = g.peers.get(peerId);
            if (p == null) return;
            ObjectNode o = g.mapper.createObjectNode().put("event", "ERROR").put("error_message", message);
            p.events().publish(o);
            p.events().broadcast(g.withPeer(o, peerId));
        }
    }
}
