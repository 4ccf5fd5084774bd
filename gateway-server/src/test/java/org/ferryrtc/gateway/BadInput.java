package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Interop case 5: bad requests of every kind, each answered as specified (used while a call flows). */
final class BadInput {
    private BadInput() {}

    static void hammer(TestGateway gw, String liveToken) throws Exception {
        String token = gw.createPeer("bad-input");
        // malformed JSON, missing and wrong-typed fields
        TestGateway.assertError(gw.post("/media/connections", "{\"peer_id\": \"bad-input\", "), 400, "");
        TestGateway.assertError(gw.post("/media/connections", "{\"token\": \"" + token + "\", \"target_id\": \"x\"}"), 400, "peer_id");
        TestGateway.assertError(gw.post("/media", "{\"is_video\": \"yes\"}"), 400, "is_video");
        TestGateway.assertError(gw.post("/data/connections", "{\"peer_id\": 5, \"token\": \"t\", \"target_id\": \"x\"}"), 400, "peer_id");
        // unknown ids
        TestGateway.assertError(gw.get("/media/connections/mc-nope/status"), 404, "media_connection_id");
        TestGateway.assertError(gw.get("/media/connections/mc-nope/sdp"), 404, "media_connection_id");
        TestGateway.assertError(gw.post("/media/connections/mc-nope/pli", null), 404, "media_connection_id");
        TestGateway.assertError(gw.call("DELETE", "/data/da-nope", null), 404, "data_id");
        // unknown browser target
        TestGateway.assertError(gw.post("/media/connections", """
                {"peer_id": "bad-input", "token": "%s", "target_id": "nobody-here",
                 "constraints": {"video": false, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true}}
                """.formatted(token)), 404, "target_id");
        // wrong token (of the live peer too)
        TestGateway.assertError(gw.get("/peers/ingest/events?token=wrong"), 403, "token");
        TestGateway.assertError(gw.post("/data/connections", "{\"peer_id\": \"bad-input\", \"token\": \"wrong\", \"target_id\": \"x\"}"), 403, "token");
        // a redirect outside the allow-list
        TestGateway.assertError(gw.post("/data/connections", """
                {"peer_id": "bad-input", "token": "%s", "target_id": "viewer", "redirect_params": {"ip_v4": "8.8.8.8", "port": 5000}}
                """.formatted(token)), 403, "redirect_params.ip_v4");
        // a peer id already taken (REST and browser peers share one namespace)
        TestGateway.assertError(gw.post("/peers", "{\"peer_id\": \"ingest\"}"), 409, "peer_id");
        TestGateway.assertError(gw.post("/peers", "{\"peer_id\": \"viewer\"}"), 409, "peer_id");
        // echo with a non-SDP body
        TestGateway.assertError(gw.call("POST", "/echo", "not sdp"), 400, "");
        TestGateway.Res open = gw.get("/peers/bad-input/events?token=" + token);
        assertEquals("OPEN", open.json().path("event").asText(), open.body());
        // 200 concurrent long polls, all answered (408 after the configured wait)
        List<CompletableFuture<TestGateway.Res>> polls = new ArrayList<>();
        for (int i = 0; i < 200; i++) polls.add(gw.sendAsync("GET", "/peers/bad-input/events?token=" + token, null));
        for (CompletableFuture<TestGateway.Res> p : polls) assertEquals(408, p.get(20, TimeUnit.SECONDS).status());
        assertEquals(204, gw.call("DELETE", "/peers/bad-input?token=" + token, null).status());
        assertEquals(200, gw.get("/peers/ingest/status?token=" + liveToken).status());
    }
}
