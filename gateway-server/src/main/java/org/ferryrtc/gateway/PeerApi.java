package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** {@code /peers}: create, delete, long-poll events, status. */
final class PeerApi {
    static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private final Gateway g;

    PeerApi(Gateway g) {
        this.g = g;
    }

    void register(Router r) {
        r.add("POST", "/peers", "PEERS_CREATE", this::create);
        r.add("DELETE", "/peers/{peer_id}", "PEERS_DELETE", this::delete);
        r.add("GET", "/peers/{peer_id}/events", "PEERS_EVENTS", this::events);
        r.add("GET", "/peers/{peer_id}/status", "PEERS_STATUS", this::status);
    }

    private Reply create(Call c) {
        Fields f = Fields.root("PEERS_CREATE", c.json());
        String id = f.requiredString("peer_id", 64);
        f.optionalString("key", 256); // the SkyWay API key: accepted and ignored (FerryRTC uses the bearer header)
        if (id != null && !PEER_ID.matcher(id).matches()) f.error("peer_id", "peer_id may only contain letters, digits, '_', '.' and '-'");
        f.check();
        if (g.signaling.isRegistered(id)) throw c.error(409, "peer_id", "peer_id " + id + " is taken by a browser peer");
        Peer p = new Peer(id, Gateway.newToken(), new EventHub(), System.currentTimeMillis());
        if (g.peers.putIfAbsent(id, p) != null) throw c.error(409, "peer_id", "peer_id " + id + " is already taken");
        p.events().publish(g.peerEvent("OPEN", p));
        Log.info("peer.create", "peer_id", id);
        ObjectNode o = g.mapper.createObjectNode().put("command_type", "PEERS_CREATE");
        o.putObject("params").put("peer_id", id).put("token", p.token());
        return Reply.json(g.mapper, 201, o);
    }

    /** The peer named by the path, after checking the {@code token} query parameter. */
    static Peer authorized(Gateway g, Call c, String peerId, String token, String tokenField) {
        if (token == null || token.isEmpty()) throw c.error(400, tokenField, tokenField + " is required");
        Peer p = g.peers.get(peerId);
        if (p == null) throw c.error(404, "peer_id", "no peer " + peerId);
        if (!java.security.MessageDigest.isEqual(p.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw c.error(403, tokenField, "wrong token for peer " + peerId);
        }
        return p;
    }

    private Reply delete(Call c) {
        Peer p = authorized(g, c, c.param("peer_id"), c.query("token"), "token");
        g.deletePeer(p.id());
        return Reply.noContent();
    }

    private Object events(Call c) {
        Peer p = authorized(g, c, c.param("peer_id"), c.query("token"), "token");
        return longPoll(g, c, p.events());
    }

    /** Answers with the next event, or 408 after the configured bounded wait. */
    static Parked longPoll(Gateway g, Call c, EventHub hub) {
        CompletableFuture<ObjectNode> next = hub.poll();
        String commandType = c.route.commandType();
        long ms = g.config.longPollTimeoutMs();
        CompletableFuture<Reply> reply = next.completeOnTimeout(null, ms, TimeUnit.MILLISECONDS).thenApply(e -> {
            if (e == null) {
                hub.forget(next);
                return Reply.error(g.mapper, new ApiException(408, commandType, "", "no event within " + ms + " ms; poll again"));
            }
            return Reply.json(g.mapper, 200, e);
        });
        return new Parked(reply, () -> {
            hub.forget(next);
            next.complete(null);
        });
    }

    private Reply status(Call c) {
        Peer p = authorized(g, c, c.param("peer_id"), c.query("token"), "token");
        ObjectNode o = g.mapper.createObjectNode();
        o.put("peer_id", p.id());
        o.put("disconnected", false);
        o.put("queued_events", p.events().queued());
        o.put("dropped_events", p.events().dropped());
        o.put("waiting_polls", p.events().waiting());
        int media = 0, data = 0;
        for (Connection conn : g.connections.values()) {
            if (!conn.peerId.equals(p.id())) continue;
            if (conn.kind == Connection.Kind.MEDIA) media++;
            else data++;
        }
        o.put("media_connections", media);
        o.put("data_connections", data);
        return Reply.json(g.mapper, 200, o);
    }
}
