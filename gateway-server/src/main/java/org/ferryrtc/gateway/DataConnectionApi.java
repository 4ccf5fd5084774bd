package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ferryrtc.gateway.call.DataConnect;
import org.ferryrtc.gateway.call.DataUpdate;
import org.ferryrtc.gateway.call.DcInit;
import org.ferryrtc.gateway.call.Outcome;
import org.ferryrtc.gateway.call.Redirect;

/** {@code /data/connections}: validation and claims as for media, then the {@link org.ferryrtc.gateway.call.CallControl}. */
final class DataConnectionApi {
    private final Gateway g;

    DataConnectionApi(Gateway g) {
        this.g = g;
    }

    void register(Router r) {
        r.add("POST", "/data/connections", "PEERS_CONNECT", this::connect);
        r.add("PUT", "/data/connections/{data_connection_id}", "DATA_CONNECTION_PUT", this::update);
        r.add("GET", "/data/connections/{data_connection_id}/events", "DATA_CONNECTION_EVENTS", this::events);
        r.add("GET", "/data/connections/{data_connection_id}/status", "DATA_CONNECTION_STATUS", this::status);
        r.add("DELETE", "/data/connections/{data_connection_id}", "DATA_CONNECTION_DELETE", this::delete);
    }

    private Reply connect(Call c) {
        Fields f = Fields.root("PEERS_CONNECT", c.json());
        String peerId = f.requiredString("peer_id", 64);
        String token = f.requiredString("token", 256);
        String target = Validate.targetId(f);
        Fields options = f.optionalObject("options");
        DcInit init = Validate.dcInit(options == null ? null : options.optionalObject("dcInit"));
        if (options != null) { // SkyWay fields with no meaning here yet: type-checked, then ignored
            options.optionalText("serialization", 32);
            options.optionalText("label", 255);
        }
        Fields params = f.optionalObject("params");
        String dataId = params == null ? null : params.requiredString("data_id", 128);
        Redirect redirect = Validate.redirect(f.optionalObject("redirect_params"));
        f.check();
        PeerApi.authorized(g, c, peerId, token, "token");
        Claims claims = new Claims(g, c);
        claims.allowRedirect(redirect, "redirect_params.ip_v4");
        claims.claim(dataId, UdpPort.Kind.DATA, null, "params.data_id");
        Outcome out = g.calls.connect(new DataConnect(peerId, target, init, dataId, redirect));
        if (out instanceof Outcome.Accepted a && a.connectionId() != null) {
            Connection conn = new Connection(a.connectionId(), Connection.Kind.DATA, peerId, target, false);
            if (g.connections.putIfAbsent(conn.id, conn) == null) {
                claims.commit(conn);
                Log.info("data.connect", "peer_id", peerId, "target_id", target, "data_connection_id", conn.id);
                ObjectNode o = g.mapper.createObjectNode().put("command_type", "PEERS_CONNECT");
                o.putObject("params").put("data_connection_id", conn.id);
                return Reply.json(g.mapper, 202, o);
            }
        }
        claims.release();
        throw MediaConnectionApi.refusal(c, out);
    }

    private Connection find(Call c) {
        String id = c.param("data_connection_id");
        Connection conn = g.connections.get(id);
        if (conn == null || conn.kind != Connection.Kind.DATA) throw c.error(404, "data_connection_id", "no data connection " + id);
        return conn;
    }

    private Reply update(Call c) {
        Fields f = Fields.root("DATA_CONNECTION_PUT", c.json());
        Fields feed = f.optionalObject("feed_params");
        String dataId = feed == null ? null : feed.requiredString("data_id", 128);
        Redirect redirect = Validate.redirect(f.optionalObject("redirect_params"));
        if (!f.has("feed_params") && !f.has("redirect_params")) f.error("", "feed_params or redirect_params is required");
        f.check();
        Connection conn = find(c);
        Claims claims = new Claims(g, c);
        claims.allowRedirect(redirect, "redirect_params.ip_v4");
        UdpPort current = conn.claimed.stream().filter(p -> p.kind == UdpPort.Kind.DATA).findFirst().orElse(null);
        boolean same = current != null && current.id.equals(dataId);
        if (!same) claims.claim(dataId, UdpPort.Kind.DATA, null, "feed_params.data_id");
        Outcome out = g.calls.updateData(new DataUpdate(conn.id, dataId, redirect));
        if (out instanceof Outcome.Accepted) {
            if (dataId != null && !same && current != null) {
                conn.claimed.remove(current);
                current.release(conn.id);
            }
            claims.commit(conn);
            ObjectNode o = g.mapper.createObjectNode().put("command_type", "DATA_CONNECTION_PUT");
            o.putObject("params").put("data_connection_id", conn.id);
            return Reply.json(g.mapper, 200, o);
        }
        claims.release();
        throw MediaConnectionApi.refusal(c, out);
    }

    private Object events(Call c) {
        Connection closed = g.closedConnections.get(c.param("data_connection_id"));
        if (closed != null && closed.kind == Connection.Kind.DATA) return PeerApi.longPoll(g, c, closed.events);
        return PeerApi.longPoll(g, c, find(c).events);
    }

    private Reply status(Call c) {
        return Reply.json(g.mapper, 200, MediaConnectionApi.status(g, find(c)));
    }

    private Reply delete(Call c) {
        Connection conn = find(c);
        Outcome out = g.calls.closeData(conn.id);
        if (out instanceof Outcome.Accepted) {
            g.closeConnection(conn, "CLOSE", null);
            return Reply.noContent();
        }
        throw MediaConnectionApi.refusal(c, out);
    }
}
