package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /media}, {@code /media/rtcp} and {@code /data}: open, inspect and close local UDP ports.
 * A port claimed by a connection cannot be deleted (409) until the connection closes.
 */
final class PortApi {
    private final Gateway g;

    PortApi(Gateway g) {
        this.g = g;
    }

    void register(Router r) {
        r.add("POST", "/media", "MEDIA_STREAM_CREATE", this::createMedia);
        r.add("POST", "/media/rtcp", "MEDIA_RTCP_CREATE", c -> create(c, UdpPort.Kind.RTCP, false));
        r.add("DELETE", "/media/rtcp/{rtcp_id}", "MEDIA_RTCP_DELETE", c -> delete(c, UdpPort.Kind.RTCP, "rtcp_id"));
        r.add("GET", "/media/rtcp/{rtcp_id}", "MEDIA_RTCP_STATUS", c -> status(c, UdpPort.Kind.RTCP, "rtcp_id"));
        r.add("DELETE", "/media/{media_id}", "MEDIA_STREAM_DELETE", c -> delete(c, UdpPort.Kind.MEDIA, "media_id"));
        r.add("GET", "/media/{media_id}", "MEDIA_STREAM_STATUS", c -> status(c, UdpPort.Kind.MEDIA, "media_id"));
        r.add("POST", "/data", "DATA_CREATE", c -> create(c, UdpPort.Kind.DATA, false));
        r.add("DELETE", "/data/{data_id}", "DATA_DELETE", c -> delete(c, UdpPort.Kind.DATA, "data_id"));
        r.add("GET", "/data/{data_id}", "DATA_STATUS", c -> status(c, UdpPort.Kind.DATA, "data_id"));
    }

    private Reply createMedia(Call c) {
        Fields f = Fields.root("MEDIA_STREAM_CREATE", c.json());
        Boolean video = f.requiredBool("is_video");
        f.check();
        return create(c, UdpPort.Kind.MEDIA, video);
    }

    /** The body of POST /media/rtcp and POST /data may be empty or a JSON object (fields ignored). */
    private Reply create(Call c, UdpPort.Kind kind, boolean video) {
        if (kind != UdpPort.Kind.MEDIA) {
            JsonNode body = c.json();
            if (body != null) Fields.root(c.route.commandType(), body).check();
        }
        UdpPort p = g.ports.open(kind, video);
        ObjectNode o = g.mapper.createObjectNode();
        o.put(idField(kind), p.id);
        o.put("port", p.port);
        o.put("ip_v4", g.ports.ip());
        return Reply.json(g.mapper, 201, o);
    }

    static String idField(UdpPort.Kind kind) {
        return switch (kind) {
            case MEDIA -> "media_id";
            case RTCP -> "rtcp_id";
            case DATA -> "data_id";
        };
    }

    private UdpPort find(Call c, UdpPort.Kind kind, String field) {
        UdpPort p = g.ports.get(c.param(field));
        if (p == null || p.kind != kind) throw c.error(404, field, "no " + field + " " + c.param(field));
        return p;
    }

    private Reply delete(Call c, UdpPort.Kind kind, String field) {
        UdpPort p = find(c, kind, field);
        if (!p.claim("(deleted)")) throw c.error(409, field, field + " " + p.id + " is in use by connection " + p.owner());
        if (!g.ports.close(p.id)) throw c.error(404, field, "no " + field + " " + p.id);
        return Reply.noContent();
    }

    private Reply status(Call c, UdpPort.Kind kind, String field) {
        return Reply.json(g.mapper, 200, find(c, kind, field).status(g.ports.ip()));
    }
}
