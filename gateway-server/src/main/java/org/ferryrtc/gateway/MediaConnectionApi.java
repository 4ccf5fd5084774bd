package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ferryrtc.gateway.call.MediaAnswer;
import org.ferryrtc.gateway.call.MediaCall;
import org.ferryrtc.gateway.call.MediaConstraints;
import org.ferryrtc.gateway.call.MediaParams;
import org.ferryrtc.gateway.call.MediaRedirects;
import org.ferryrtc.gateway.call.Outcome;

/**
 * {@code /media/connections}: validates every field, claims the referenced ports and hands an
 * immutable command to the {@link org.ferryrtc.gateway.call.CallControl}. Error order: 400 (shape),
 * 404 unknown peer, 403 wrong token, 403 redirect outside the allow-list, 404 unknown port,
 * 409 port in use, then whatever the CallControl answers.
 */
final class MediaConnectionApi {
    private final Gateway g;

    MediaConnectionApi(Gateway g) {
        this.g = g;
    }

    void register(Router r) {
        r.add("POST", "/media/connections", "CALL", this::call);
        r.add("POST", "/media/connections/{media_connection_id}/answer", "MEDIA_CONNECTION_ANSWER", this::answer);
        r.add("POST", "/media/connections/{media_connection_id}/pli", "MEDIA_CONNECTION_PLI", this::pli);
        r.add("GET", "/media/connections/{media_connection_id}/events", "MEDIA_CONNECTION_EVENTS", this::events);
        r.add("GET", "/media/connections/{media_connection_id}/status", "MEDIA_CONNECTION_STATUS", this::status);
        r.add("GET", "/media/connections/{media_connection_id}/sdp", "MEDIA_CONNECTION_SDP", this::sdp);
        r.add("DELETE", "/media/connections/{media_connection_id}", "MEDIA_CONNECTION_DELETE", this::delete);
    }

    private Reply call(Call c) {
        Fields f = Fields.root("CALL", c.json());
        String peerId = f.requiredString("peer_id", 64);
        String token = f.requiredString("token", 256);
        String target = Validate.targetId(f);
        MediaConstraints constraints = Validate.constraints(f.optionalObject("constraints"));
        MediaRedirects redirects = Validate.mediaRedirects(f.optionalObject("redirect_params"));
        f.check();
        PeerApi.authorized(g, c, peerId, token, "token");
        Claims claims = claimAll(c, constraints, redirects);
        Outcome out = g.calls.call(new MediaCall(peerId, target, constraints, redirects));
        if (out instanceof Outcome.Accepted a && a.connectionId() != null) {
            Connection conn = new Connection(a.connectionId(), Connection.Kind.MEDIA, peerId, target, false);
            if (g.connections.putIfAbsent(conn.id, conn) == null) {
                claims.commit(conn);
                Log.info("media.call", "peer_id", peerId, "target_id", target, "media_connection_id", conn.id);
                ObjectNode o = g.mapper.createObjectNode().put("command_type", "CALL");
                o.putObject("params").put("media_connection_id", conn.id);
                return Reply.json(g.mapper, 202, o);
            }
        }
        claims.release();
        throw refusal(c, out);
    }

    static ApiException refusal(Call c, Outcome out) {
        if (out instanceof Outcome.Refused r) return c.error(r.httpStatus(), r.field(), r.message());
        Log.warn("callcontrol.bad_outcome", "route", c.route.template(), "outcome", out);
        return c.error(500, "", "the call control gave no connection id");
    }

    private Claims claimAll(Call c, MediaConstraints k, MediaRedirects r) {
        Claims claims = new Claims(g, c);
        claims.allowRedirect(r.video(), "redirect_params.video.ip_v4");
        claims.allowRedirect(r.videoRtcp(), "redirect_params.video_rtcp.ip_v4");
        claims.allowRedirect(r.audio(), "redirect_params.audio.ip_v4");
        claims.allowRedirect(r.audioRtcp(), "redirect_params.audio_rtcp.ip_v4");
        claim(claims, k.videoParams(), true, "constraints.video_params");
        claim(claims, k.audioParams(), false, "constraints.audio_params");
        return claims;
    }

    private static void claim(Claims claims, MediaParams p, boolean video, String field) {
        if (p == null) return;
        claims.claim(p.mediaId(), UdpPort.Kind.MEDIA, video, field + ".media_id");
        claims.claim(p.rtcpId(), UdpPort.Kind.RTCP, null, field + ".rtcp_id");
    }

    private Connection find(Call c) {
        String id = c.param("media_connection_id");
        Connection conn = g.connections.get(id);
        if (conn == null || conn.kind != Connection.Kind.MEDIA) throw c.error(404, "media_connection_id", "no media connection " + id);
        return conn;
    }

    private Reply answer(Call c) {
        JsonNode body = c.json();
        Fields f = Fields.root("MEDIA_CONNECTION_ANSWER", body);
        Fields k = f.requiredObject("constraints");
        MediaConstraints constraints = Validate.constraints(k);
        MediaRedirects redirects = Validate.mediaRedirects(f.optionalObject("redirect_params"));
        f.check();
        Connection conn = find(c);
        if (!conn.incoming) throw c.error(409, "media_connection_id", "this connection was placed by this gateway; only incoming calls can be answered");
        // under the connection's lock: the answer timeout (Gateway.answerTimedOut) either comes
        // first (409 here) or finds the answer accepted; a refused answer leaves it armed
        synchronized (conn) {
            if (conn.timedOut) throw c.error(409, "media_connection_id", "closed: not answered within call.answer.timeout.ms");
            if (!conn.answered.compareAndSet(false, true)) throw c.error(409, "media_connection_id", "already answered");
            Claims claims;
            try {
                claims = claimAll(c, constraints, redirects);
            } catch (ApiException e) {
                conn.answered.set(false);
                throw e;
            }
            Outcome out = g.calls.answer(new MediaAnswer(conn.id, constraints, redirects));
            if (out instanceof Outcome.Accepted) {
                claims.commit(conn);
                conn.answerAccepted = true;
                conn.cancelAnswerTimer();
                ObjectNode o = g.mapper.createObjectNode().put("command_type", "MEDIA_CONNECTION_ANSWER");
                o.putObject("params").put("media_connection_id", conn.id);
                return Reply.json(g.mapper, 202, o);
            }
            claims.release();
            conn.answered.set(false);
            throw refusal(c, out);
        }
    }

    private Reply pli(Call c) {
        JsonNode body = c.json();
        if (body != null) Fields.root("MEDIA_CONNECTION_PLI", body).check();
        Connection conn = find(c);
        Outcome out = g.calls.pli(conn.id);
        if (out instanceof Outcome.Accepted) return Reply.json(g.mapper, 201, g.mapper.createObjectNode());
        throw refusal(c, out);
    }

    private Object events(Call c) {
        Connection closed = g.closedConnections.get(c.param("media_connection_id"));
        if (closed != null && closed.kind == Connection.Kind.MEDIA) return PeerApi.longPoll(g, c, closed.events);
        return PeerApi.longPoll(g, c, find(c).events);
    }

    private Reply status(Call c) {
        return Reply.json(g.mapper, 200, status(g, find(c)));
    }

    static ObjectNode status(Gateway g, Connection conn) {
        ObjectNode o = g.mapper.createObjectNode();
        o.put(conn.kind == Connection.Kind.MEDIA ? "media_connection_id" : "data_connection_id", conn.id);
        o.put("peer_id", conn.peerId);
        o.put("remote_id", conn.remoteId);
        o.put("incoming", conn.incoming);
        o.put("open", conn.open);
        o.put("last_event", conn.lastEvent);
        var ids = o.putArray("ports");
        for (UdpPort p : conn.claimed) ids.add(p.id);
        if (conn.kind == Connection.Kind.MEDIA && g.calls instanceof PeerCalls pc) pc.mediaStatus(conn.id, o);
        return o;
    }

    /** The SDP file for ffmpeg/GStreamer: 409 until the connection is negotiated. */
    private Reply sdp(Call c) {
        Connection conn = find(c);
        String sdp = g.calls instanceof PeerCalls pc ? pc.sdpFile(conn.id) : null;
        if (sdp == null) throw c.error(409, "media_connection_id", "media connection " + conn.id + " is not negotiated yet");
        return Reply.text(200, "application/sdp", sdp);
    }

    private Reply delete(Call c) {
        Connection conn = find(c);
        Outcome out = g.calls.closeMedia(conn.id);
        if (out instanceof Outcome.Accepted) {
            g.closeConnection(conn, "CLOSE", null);
            return Reply.noContent();
        }
        throw refusal(c, out);
    }
}
