package org.ferryrtc.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ferryrtc.gateway.call.Redirect;

/**
 * The ports one command references: looked up (404), kind-checked (400) and claimed
 * provisionally (409 if in use), then handed to the connection the CallControl created, or
 * released if it refused. Also the redirect allow-list check (403).
 */
final class Claims {
    private final Gateway g;
    private final Call call;
    private final String token = "pending-" + UUID.randomUUID();
    private final List<UdpPort> held = new ArrayList<>();

    Claims(Gateway g, Call call) {
        this.g = g;
        this.call = call;
    }

    /** Claims port {@code id} named by {@code field}; {@code video} null = any media kind. */
    void claim(String id, UdpPort.Kind kind, Boolean video, String field) {
        if (id == null) return;
        UdpPort p = g.ports.get(id);
        if (p == null || p.kind != kind) {
            release();
            throw call.error(404, field, "no " + PortApi.idField(kind) + " " + id);
        }
        if (kind == UdpPort.Kind.MEDIA && video != null && p.video != video) {
            release();
            throw call.error(400, field, id + " is " + (p.video ? "a video" : "an audio") + " port, " + (video ? "video" : "audio") + " is needed here");
        }
        if (held.contains(p)) {
            release();
            throw call.error(400, field, id + " is used twice in this request");
        }
        if (!p.claim(token)) {
            release();
            throw call.error(409, field, id + " is in use by connection " + p.owner());
        }
        held.add(p);
    }

    void commit(Connection c) {
        for (UdpPort p : held) {
            if (p.transfer(token, c.id)) c.claimed.add(p);
        }
        held.clear();
    }

    void release() {
        for (UdpPort p : held) p.release(token);
        held.clear();
    }

    /** 403 unless the redirect target is inside the allow-list. */
    void allowRedirect(Redirect r, String field) {
        if (r == null) return;
        byte[] a = r.ipV4().getAddress();
        int ip = ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
        if (!Cidr.anyContains(g.redirectAllow, ip)) {
            release();
            throw call.error(403, field, r.ipV4().getHostAddress() + " is not in the redirect allow-list " + g.config.redirectAllow());
        }
    }
}
