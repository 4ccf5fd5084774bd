package org.ferryrtc.gateway;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /echo} (WHIP-style, RFC 9725 §4.2 shapes): an {@code application/sdp} offer in,
 * {@code 201} with the complete answer (no trickle) and a {@code Location} to {@code DELETE}.
 * CORS is open so a page from any origin can run the connectivity check.
 */
final class EchoApi {
    private final Gateway g;

    EchoApi(Gateway g) {
        this.g = g;
    }

    private PeerCalls calls(Call c) {
        if (g.calls instanceof PeerCalls pc) return pc;
        throw c.error(503, "", "the echo test needs the PeerConnection call control");
    }

    void register(Router r) {
        r.add("POST", "/echo", "ECHO", this::echo);
        // preflights are open (they never carry Authorization); POST and DELETE need the key
        r.addOpen("OPTIONS", "/echo", "ECHO_PREFLIGHT", c -> cors(new Reply(204, null, new byte[0]))
                .withHeader("Access-Control-Allow-Methods", "POST, DELETE, OPTIONS")
                .withHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
                .withHeader("Access-Control-Max-Age", "600"));
        r.add("DELETE", "/echo/{echo_id}", "ECHO_DELETE", this::delete);
        r.addOpen("OPTIONS", "/echo/{echo_id}", "ECHO_PREFLIGHT", c -> cors(new Reply(204, null, new byte[0]))
                .withHeader("Access-Control-Allow-Methods", "DELETE, OPTIONS")
                .withHeader("Access-Control-Allow-Headers", "Authorization")
                .withHeader("Access-Control-Max-Age", "600"));
    }

    private static Reply cors(Reply r) {
        return r.withHeader("Access-Control-Allow-Origin", "*").withHeader("Access-Control-Expose-Headers", "Location");
    }

    private Object echo(Call c) {
        PeerCalls calls = calls(c);
        String offer = new String(c.body(), StandardCharsets.UTF_8);
        if (offer.isBlank() || !offer.startsWith("v=0")) throw c.error(400, "", "the body must be an SDP offer (application/sdp) starting with v=0");
        CompletableFuture<Reply> reply = calls.echo(offer).handle((r, failure) -> {
            if (failure != null) {
                Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                return cors(Reply.error(g.mapper, new ApiException(400, "ECHO", "", "cannot answer the offer: " + t.getMessage())));
            }
            return cors(Reply.text(201, "application/sdp", r[1])).withHeader("Location", "/echo/" + r[0]);
        });
        return new Parked(reply, () -> { });
    }

    private Reply delete(Call c) {
        if (!calls(c).closeEcho(c.param("echo_id"))) throw c.error(404, "echo_id", "no echo session " + c.param("echo_id"));
        return cors(Reply.noContent());
    }
}
