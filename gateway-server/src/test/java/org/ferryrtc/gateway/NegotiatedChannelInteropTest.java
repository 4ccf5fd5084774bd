package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ferry.js in headless Chromium with negotiated DataChannels ({@code dcInit{negotiated, id}}):
 * page to REST peer, REST peer to page, page to page; and an unanswered call that the answer
 * timeout ends on the page.
 */
@Tag("interop")
class NegotiatedChannelInteropTest {
    private static ChromiumPeer chromium;
    private static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(2_000).withAnswerTimeoutMs(2_000));
        chromium = ChromiumPeer.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (gw != null) gw.close();
    }

    @AfterEach
    void resetPage() throws Exception {
        chromium.eval("""
                (window.peers || []).forEach((p) => p.destroy()); window.peers = [];
                return true;""", Duration.ofSeconds(10));
    }

    /** Registers FerryPeer {@code id} on the page as {@code window[varName]}; CONNECTIONs go to {@code conns}. */
    private static void join(String varName, String id) throws Exception {
        chromium.eval(GatewayJs.HELPERS + """
                await loadSdk(%1$s);
                window.peers = window.peers || [];
                const p = new FerryPeer(%2$s, {server: %1$s});
                await new Promise((resolve, reject) => {
                  p.addEventListener('open', resolve);
                  p.addEventListener('error', (e) => reject(new Error(e.detail.message)));
                  setTimeout(() => reject(new Error('not registered')), 5000);
                });
                window.peers.push(p);
                window[%3$s] = p;
                window.conns = []; window.errors = [];
                p.addEventListener('error', (e) => errors.push(e.detail.message));
                p.addEventListener('connection', (e) => { conns.push(e.detail.connection); trackConn(e.detail.connection); });
                return true;""".formatted(MiniJson.quote(gw.base), MiniJson.quote(id), MiniJson.quote(varName)), Duration.ofSeconds(20));
    }

    private static JsonNode awaitEvent(String path, String event) {
        for (int i = 0; i < 15; i++) {
            TestGateway.Res r = gw.get(path);
            if (r.status() == 200 && r.json().path("event").asText().equals(event)) return r.json();
            if (r.status() != 200 && r.status() != 408) throw new AssertionError(path + " -> " + r.status() + " " + r.body());
        }
        throw new AssertionError("no " + event + " on " + path);
    }

    private static byte[] receive(DatagramSocket s) throws Exception {
        s.setSoTimeout(10_000);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return java.util.Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void thePageConnectsToARestPeerOnANegotiatedChannel() throws Exception {
        String token = gw.createPeer("n-rest-1");
        join("fp", "n-page-1");
        JsonNode port = gw.open("/data", null);
        try (DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket feeder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            chromium.eval("""
                    window.out = await fp.connect('n-rest-1', {dcInit: {negotiated: true, id: 3, ordered: true}});
                    trackConn(out);
                    return true;""", Duration.ofSeconds(10));
            String id = awaitEvent("/peers/n-rest-1/events?token=" + token, "CONNECTION").path("data_params").path("data_connection_id").asText();
            assertEquals(200, gw.call("PUT", "/data/connections/" + id, """
                    {"feed_params": {"data_id": "%s"}, "redirect_params": {"ip_v4": "127.0.0.1", "port": %d}}"""
                    .formatted(port.path("data_id").asText(), redirect.getLocalPort())).status());
            awaitEvent("/data/connections/" + id + "/events", "OPEN");
            Map<?, ?> ch = (Map<?, ?>) chromium.eval("""
                    const t0 = Date.now();
                    while (!out.isOpen && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                    out.send('from the page');
                    return {open: out.isOpen, id: out.channel.id, negotiated: out.channel.negotiated};""", Duration.ofSeconds(15));
            assertEquals(Map.of("open", true, "id", 3.0, "negotiated", true), ch);
            assertEquals("from the page", new String(receive(redirect), StandardCharsets.UTF_8));
            byte[] in = "to the page".getBytes(StandardCharsets.UTF_8);
            feeder.send(new DatagramPacket(in, in.length, new InetSocketAddress("127.0.0.1", port.path("port").asInt())));
            Object got = chromium.eval("""
                    const t0 = Date.now();
                    while (out.rx.length < 1 && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                    return out.rx.length ? new TextDecoder().decode(out.rx[0]) : null;""", Duration.ofSeconds(15));
            assertEquals("to the page", got);
            assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
        }
        assertEquals(204, gw.call("DELETE", "/peers/n-rest-1?token=" + token, null).status());
    }

    @Test
    void aRestPeerConnectsToThePageOnANegotiatedChannel() throws Exception {
        String token = gw.createPeer("n-rest-2");
        join("fp", "n-page-2");
        JsonNode port = gw.open("/data", null);
        try (DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket feeder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            TestGateway.Res c = gw.post("/data/connections", """
                    {"peer_id": "n-rest-2", "token": "%s", "target_id": "n-page-2", "params": {"data_id": "%s"},
                     "options": {"dcInit": {"negotiated": true, "id": 9, "ordered": false, "maxRetransmits": 5}},
                     "redirect_params": {"ip_v4": "127.0.0.1", "port": %d}}"""
                    .formatted(token, port.path("data_id").asText(), redirect.getLocalPort()));
            assertEquals(202, c.status(), c.body());
            String id = c.json().path("params").path("data_connection_id").asText();
            awaitEvent("/data/connections/" + id + "/events", "OPEN");
            Map<?, ?> ch = (Map<?, ?>) chromium.eval("""
                    const t0 = Date.now();
                    while ((conns.length === 0 || !conns[0].isOpen) && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                    if (!conns.length) throw new Error('no connection event; errors: ' + errors);
                    const c = conns[0].channel;
                    conns[0].send('page says hi');
                    return {open: conns[0].isOpen, id: c.id, negotiated: c.negotiated, ordered: c.ordered, maxRetransmits: c.maxRetransmits};""",
                    Duration.ofSeconds(15));
            assertEquals(Map.of("open", true, "id", 9.0, "negotiated", true, "ordered", false, "maxRetransmits", 5.0), ch);
            assertEquals("page says hi", new String(receive(redirect), StandardCharsets.UTF_8));
            byte[] in = "rest says hi".getBytes(StandardCharsets.UTF_8);
            feeder.send(new DatagramPacket(in, in.length, new InetSocketAddress("127.0.0.1", port.path("port").asInt())));
            Map<?, ?> got = (Map<?, ?>) chromium.eval("return await receivedHash(1, 10000);", Duration.ofSeconds(15));
            assertEquals(1.0, got.get("n"));
            assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
        }
        assertEquals(204, gw.call("DELETE", "/peers/n-rest-2?token=" + token, null).status());
    }

    @Test
    void twoPagesPeersUseANegotiatedChannel() throws Exception {
        join("fpB", "n-page-b");
        join("fpA", "n-page-a"); // conns now collects fpA's incoming connections (none expected)
        Map<?, ?> r = (Map<?, ?>) chromium.eval("""
                const inB = [];
                fpB.addEventListener('connection', (e) => { inB.push(e.detail.connection); trackConn(e.detail.connection); });
                const a = await fpA.connect('n-page-b', {negotiated: true, id: 4, label: 'neg'});
                trackConn(a);
                const t0 = Date.now();
                while ((!a.isOpen || !inB.length || !inB[0].isOpen) && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                if (!inB.length) throw new Error('b got no connection');
                const b = inB[0];
                a.send('a->b'); b.send('b->a');
                const t1 = Date.now();
                while ((a.rx.length < 1 || b.rx.length < 1) && Date.now() - t1 < 10000) await new Promise((r) => setTimeout(r, 20));
                const dec = (x) => x.rx.length ? new TextDecoder().decode(x.rx[0]) : null;
                return {aId: a.channel.id, bId: b.channel.id, bNegotiated: b.channel.negotiated, bLabel: b.channel.label,
                        atA: dec(a), atB: dec(b)};""", Duration.ofSeconds(30));
        assertEquals(Map.of("aId", 4.0, "bId", 4.0, "bNegotiated", true, "bLabel", "neg", "atA", "b->a", "atB", "a->b"), r);
    }

    @Test
    void anUnansweredCallEndsOnThePageAfterTheAnswerTimeout() throws Exception {
        String token = gw.createPeer("n-rest-silent");
        join("fp", "n-page-caller");
        Map<?, ?> r = (Map<?, ?>) chromium.eval("""
                const t0 = Date.now();
                const call = await fp.call('n-rest-silent');
                await new Promise((resolve) => { call.addEventListener('close', resolve); setTimeout(resolve, 15000); });
                return {closed: !!call.closed, ms: Date.now() - t0};""", Duration.ofSeconds(25));
        assertEquals(true, r.get("closed"), "the page's call ended: " + r);
        assertTrue((Double) r.get("ms") >= 1_900, "not before call.answer.timeout.ms (2 s): " + r);
        JsonNode call = awaitEvent("/peers/n-rest-silent/events?token=" + token, "CALL");
        String id = call.path("call_params").path("media_connection_id").asText();
        JsonNode err = awaitEvent("/media/connections/" + id + "/events", "ERROR");
        assertTrue(err.path("error_message").asText().contains("not answered within 2000 ms"), err.toString());
        assertEquals("CLOSE", gw.get("/media/connections/" + id + "/events").json().path("event").asText());
        assertEquals(204, gw.call("DELETE", "/peers/n-rest-silent?token=" + token, null).status());
    }
}
