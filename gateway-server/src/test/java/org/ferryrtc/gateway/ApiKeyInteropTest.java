package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A gateway with an API key, used by headless Chromium the way a browser can: the SDK loads
 * without the key, {@code FerryPeer} registers with {@code {key}} and is refused without it; a
 * page on another origin runs the {@code /echo} check with an {@code Authorization} header
 * (CORS preflights answered without the key) and can read a 401; the demo page at {@code /}
 * loads without the key and places a call with the key typed in.
 */
@Tag("interop")
class ApiKeyInteropTest {
    static final String KEY = "k3y/with+chars=";

    @Test
    void aBrowserUsesAKeyedGateway() throws Exception {
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withApiKey(KEY).withLongPollTimeoutMs(2_000));
             ChromiumPeer chromium = ChromiumPeer.launch()) {
            String base = MiniJson.quote(gw.base), key = MiniJson.quote(KEY);
            // the test page is served by the test harness: another origin than the gateway
            Map<?, ?> r = (Map<?, ?>) chromium.eval(GatewayJs.HELPERS + """
                    if (location.origin === %1$s) throw new Error('the page must be cross-origin');
                    await loadSdk(%1$s);
                    const join = (id, opts) => new Promise((resolve) => {
                      const p = new FerryPeer(id, Object.assign({server: %1$s}, opts));
                      p.addEventListener('open', () => resolve({ok: true, p}));
                      p.addEventListener('error', (e) => resolve({ok: false, field: e.detail.field, p}));
                      setTimeout(() => resolve({ok: false, field: 'timeout', p}), 5000);
                    });
                    const without = await join('k-none', {});
                    const wrong = await join('k-wrong', {key: 'nope'});
                    const right = await join('k-page', {key: %2$s});
                    without.p.destroy(); wrong.p.destroy(); right.p.destroy();

                    // /echo from this origin: Authorization makes the browser preflight (no key on it)
                    const pc = new RTCPeerConnection();
                    pc.createDataChannel('x');
                    await pc.setLocalDescription(await pc.createOffer());
                    await gathered(pc);
                    const refused = await fetch(%1$s + '/echo', {method: 'POST', headers: {'Content-Type': 'application/sdp'}, body: pc.localDescription.sdp});
                    const refusedBody = await refused.json();
                    const res = await fetch(%1$s + '/echo', {method: 'POST',
                      headers: {'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + %2$s}, body: pc.localDescription.sdp});
                    const loc = res.headers.get('Location');
                    await res.text();
                    const del = await fetch(%1$s + loc, {method: 'DELETE', headers: {'Authorization': 'Bearer ' + %2$s}});
                    pc.close();
                    return {without: without.ok, withoutField: without.field || '', wrong: wrong.ok, right: right.ok,
                            refused: refused.status, refusedField: refusedBody.params.errors[0].field,
                            echo: res.status, location: loc || '', deleted: del.status};
                    """.formatted(base, key), Duration.ofSeconds(40));
            assertEquals(false, r.get("without"), "no key, no registration: " + r);
            assertEquals("key", r.get("withoutField"), r.toString());
            assertEquals(false, r.get("wrong"), r.toString());
            assertEquals(true, r.get("right"), "registered with {key}: " + r);
            assertEquals(401.0, r.get("refused"), "the page could read the 401: " + r);
            assertEquals("Authorization", r.get("refusedField"));
            assertEquals(201.0, r.get("echo"), "the preflighted echo offer with the key was answered: " + r);
            assertTrue(((String) r.get("location")).startsWith("/echo/"), "Location exposed to the page: " + r);
            assertEquals(204.0, r.get("deleted"), "the preflighted DELETE with the key: " + r);

            // the demo page and its script load without the key; calling needs the key typed in
            String token = gw.createPeer("k-rest");
            chromium.eval("//ferry:goto " + gw.base + "/", Duration.ofSeconds(20));
            chromium.eval("""
                    document.getElementById('me').value = 'k-demo';
                    document.getElementById('target').value = 'k-rest';
                    document.getElementById('key').value = %s;
                    document.getElementById('call').click();
                    return typeof FerryPeer;""".formatted(key), Duration.ofSeconds(5));
            JsonNode call = null;
            for (int i = 0; i < 10 && call == null; i++) {
                TestGateway.Res e = gw.get("/peers/k-rest/events?token=" + token);
                if (e.status() == 200 && e.json().path("event").asText().equals("CALL")) call = e.json();
            }
            assertTrue(call != null, "the demo page's call (with the key) reached the REST peer");
        }
    }
}
