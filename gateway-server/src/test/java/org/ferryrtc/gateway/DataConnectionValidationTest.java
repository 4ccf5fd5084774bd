package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.MediaConnectionValidationTest.set;
import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.ferryrtc.gateway.TestGateway.Res;
import org.ferryrtc.gateway.call.DataConnect;
import org.ferryrtc.gateway.call.DataUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST/PUT /data/connections against a real server and a recording CallControl. */
class DataConnectionValidationTest {
    static RecordingCallControl calls;
    static TestGateway gw;
    static String token;
    String data;

    @BeforeAll
    static void start() throws Exception {
        calls = new RecordingCallControl();
        gw = new TestGateway(e -> calls);
        token = gw.createPeer("sender");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void port() {
        data = gw.open("/data", null).path("data_id").asText();
    }

    ObjectNode valid() {
        ObjectNode b = TestGateway.JSON.createObjectNode();
        b.put("peer_id", "sender").put("token", token).put("target_id", "receiver");
        b.putObject("options").put("serialization", "NONE").putObject("dcInit")
                .put("ordered", false).put("maxRetransmits", 3).put("protocol", "").put("negotiated", true).put("id", 7);
        b.putObject("params").put("data_id", data);
        b.putObject("redirect_params").put("ip_v4", "127.0.0.1").put("port", 40000);
        return b;
    }

    static Stream<Arguments> badConnects() {
        return Stream.of(
                Arguments.of("peer_id", null, 400, "peer_id"),
                Arguments.of("token", "\"nope\"", 403, "token"),
                Arguments.of("peer_id", "\"ghost\"", 404, "peer_id"),
                Arguments.of("target_id", "{}", 400, "target_id"),
                Arguments.of("options", "[]", 400, "options"),
                Arguments.of("options.dcInit", "true", 400, "options.dcInit"),
                Arguments.of("options.dcInit.ordered", "\"yes\"", 400, "options.dcInit.ordered"),
                Arguments.of("options.dcInit.maxRetransmits", "-1", 400, "options.dcInit.maxRetransmits"),
                Arguments.of("options.dcInit.maxRetransmits", "65536", 400, "options.dcInit.maxRetransmits"),
                Arguments.of("options.dcInit.maxPacketLifeTime", "100", 400, "options.dcInit.maxRetransmits"),
                Arguments.of("options.dcInit.protocol", "5", 400, "options.dcInit.protocol"),
                Arguments.of("options.dcInit.negotiated", "\"true\"", 400, "options.dcInit.negotiated"),
                Arguments.of("options.dcInit.id", null, 400, "options.dcInit.id"),
                Arguments.of("options.dcInit.id", "65535", 400, "options.dcInit.id"),
                Arguments.of("options.serialization", "1", 400, "options.serialization"),
                Arguments.of("params", "\"da\"", 400, "params"),
                Arguments.of("params.data_id", null, 400, "params.data_id"),
                Arguments.of("params.data_id", "\"da-unknown\"", 404, "params.data_id"),
                Arguments.of("redirect_params", "[]", 400, "redirect_params"),
                Arguments.of("redirect_params.ip_v4", "\"1.2.3\"", 400, "redirect_params.ip_v4"),
                Arguments.of("redirect_params.port", "70000", 400, "redirect_params.port"),
                Arguments.of("redirect_params.ip_v4", "\"192.168.1.1\"", 403, "redirect_params.ip_v4"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2} {3}")
    @MethodSource("badConnects")
    void badFieldIsNamed(String path, String value, int status, String field) throws Exception {
        ObjectNode body = valid();
        set(body, path, value);
        int before = calls.commands.size();
        assertError(gw.post("/data/connections", body.toString()), status, field);
        assertEquals(before, calls.commands.size());
        assertFalse(gw.get("/data/" + data).json().path("in_use").asBoolean());
    }

    @Test
    void validConnectThenUpdateThenDelete() {
        Res r = gw.post("/data/connections", valid().toString());
        assertEquals(202, r.status(), r.body());
        String id = r.json().path("params").path("data_connection_id").asText();
        DataConnect c = assertInstanceOf(DataConnect.class, calls.last());
        assertFalse(c.dcInit().ordered());
        assertEquals(3, c.dcInit().maxRetransmits());
        assertEquals(-1, c.dcInit().maxPacketLifeTime());
        assertEquals(7, c.dcInit().id());
        assertEquals(data, c.dataId());
        assertEquals(40000, c.redirect().port());
        assertError(gw.post("/data/connections", valid().toString()), 409, "params.data_id");

        String other = gw.open("/data", "{}").path("data_id").asText();
        assertError(gw.call("PUT", "/data/connections/" + id, "{}"), 400, "");
        assertError(gw.call("PUT", "/data/connections/" + id, "{\"feed_params\":{}}"), 400, "feed_params.data_id");
        assertError(gw.call("PUT", "/data/connections/" + id, "{\"redirect_params\":{\"ip_v4\":\"1.1.1.1\",\"port\":5}}"), 403, "redirect_params.ip_v4");
        assertError(gw.call("PUT", "/data/connections/dc-none", "{\"feed_params\":{\"data_id\":\"" + other + "\"}}"), 404, "data_connection_id");
        Res put = gw.call("PUT", "/data/connections/" + id, "{\"feed_params\":{\"data_id\":\"" + other + "\"}}");
        assertEquals(200, put.status(), put.body());
        DataUpdate u = assertInstanceOf(DataUpdate.class, calls.last());
        assertEquals(other, u.dataId());
        assertNull(u.redirect());
        assertFalse(gw.get("/data/" + data).json().path("in_use").asBoolean(), "the old feed port is released");
        assertTrue(gw.get("/data/" + other).json().path("in_use").asBoolean());

        assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
        assertEquals("closeData:" + id, calls.last());
        assertEquals("CLOSE", gw.get("/data/connections/" + id + "/events").json().path("event").asText());
        assertError(gw.call("DELETE", "/data/connections/" + id, null), 404, "data_connection_id");
    }

    @Test
    void incomingConnectionIsAnnouncedOnThePeer() {
        String t = gw.createPeer("listener");
        gw.get("/peers/listener/events?token=" + t); // OPEN
        gw.events.incomingConnection("listener", "dc-in-1", "bob");
        Res e = gw.get("/peers/listener/events?token=" + t);
        assertEquals("CONNECTION", e.json().path("event").asText());
        assertEquals("dc-in-1", e.json().path("data_params").path("data_connection_id").asText());
        gw.events.dataEvent("dc-in-1", "OPEN", null);
        assertEquals("OPEN", gw.get("/data/connections/dc-in-1/events").json().path("event").asText());
        assertTrue(gw.get("/data/connections/dc-in-1/status").json().path("incoming").asBoolean());
        // deleting the peer closes its connections
        assertEquals(204, gw.call("DELETE", "/peers/listener?token=" + t, null).status());
        assertError(gw.get("/data/connections/dc-in-1/status"), 404, "data_connection_id");
    }
}
