package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code band_width} against headless Chromium: the page calls a REST peer with its fake camera
 * (640x480); the REST peer answers with {@code video_params.band_width}. The page's own
 * {@code getStats()} {@code outbound-rtp} bytes over 5 s (after a 3 s ramp-up) give its video
 * send rate: with a cap it stays under the cap plus a margin, without one it is well above.
 */
@Tag("interop")
class BandwidthInteropTest {
    private static ChromiumPeer chromium;
    private static TestGateway gw;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(2_000));
        chromium = ChromiumPeer.launch();
        token = gw.createPeer("bw-rest");
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (gw != null) gw.close();
    }

    /** The page's video send rate in kbit/s (payload bytes of outbound-rtp over 5 s) when answered with {@code bandWidth} (0: none). */
    private static Map<?, ?> sendRate(String page, int bandWidth) throws Exception {
        chromium.eval(GatewayJs.HELPERS + """
                if (window.fp) { fp.destroy(); window.fp = null; }
                if (window.stream) stream.getTracks().forEach((t) => t.stop());
                await loadSdk(%s);
                window.fp = new FerryPeer(%s, {server: %s});
                await new Promise((resolve, reject) => {
                  fp.addEventListener('open', resolve);
                  setTimeout(() => reject(new Error('not registered')), 5000);
                });
                window.stream = await navigator.mediaDevices.getUserMedia({video: {width: 640, height: 480, frameRate: 30}});
                window.call = await fp.call('bw-rest', stream);
                return true;""".formatted(MiniJson.quote(gw.base), MiniJson.quote(page), MiniJson.quote(gw.base)), Duration.ofSeconds(20));
        JsonNode call = null;
        for (int i = 0; i < 10 && call == null; i++) {
            TestGateway.Res r = gw.get("/peers/bw-rest/events?token=" + token);
            if (r.status() == 200 && r.json().path("event").asText().equals("CALL")) call = r.json();
        }
        assertTrue(call != null, "the page's call reached the REST peer");
        String id = call.path("call_params").path("media_connection_id").asText();
        JsonNode media = gw.open("/media", "{\"is_video\": true}");
        String bw = bandWidth > 0 ? "\"band_width\": " + bandWidth + ", " : "";
        TestGateway.Res a = gw.post("/media/connections/" + id + "/answer", """
                {"constraints": {"video": true, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": false,
                  "video_params": {%s"codec": "VP8", "media_id": "%s", "payload_type": 96}}}"""
                .formatted(bw, media.path("media_id").asText()));
        assertEquals(202, a.status(), a.body());
        Map<?, ?> m = (Map<?, ?>) chromium.eval("""
                await connected(call.pc);
                const sent = async () => {
                  let bytes = 0;
                  (await call.pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') bytes += s.bytesSent; });
                  return bytes;
                };
                await new Promise((r) => setTimeout(r, 3000));
                const b0 = await sent(); const t0 = performance.now();
                await new Promise((r) => setTimeout(r, 5000));
                const b1 = await sent(); const t1 = performance.now();
                const remote = call.pc.remoteDescription.sdp.split('\\r\\n').filter((l) => l.startsWith('b='));
                return {kbps: (b1 - b0) * 8 / (t1 - t0), bytes: b1 - b0, remote: remote.join(' ')};""", Duration.ofSeconds(40));
        assertEquals(204, gw.call("DELETE", "/media/connections/" + id, null).status());
        System.out.println("band_width=" + bandWidth + " -> " + m);
        return m;
    }

    @Test
    void theBrowsersVideoSendRateFollowsBandWidth() throws Exception {
        // 200 kbit/s, not 300: Chromium's start rate is ~300 kbit/s, so the free run must climb well
        // above the capped one's ceiling even on a loaded machine (unloaded it reaches ~700+)
        Map<?, ?> capped = sendRate("bw-page-1", 200);
        Map<?, ?> free = sendRate("bw-page-2", 0);
        // Chromium keeps the TIAS line of the two (RFC 3890 §6.4: it is the more precise one)
        assertTrue(((String) capped.get("remote")).contains("b=TIAS:200000"), "the answer the browser applied: " + capped);
        assertEquals("", free.get("remote"), free.toString());
        double c = (Double) capped.get("kbps"), f = (Double) free.get("kbps");
        assertTrue(c > 20 && c < 200 * 1.2, "capped at 200 kbit/s (+20 %): " + capped);
        assertTrue(f > 400, "without band_width the browser sends more: " + free + " (capped: " + capped + ")");
    }
}
