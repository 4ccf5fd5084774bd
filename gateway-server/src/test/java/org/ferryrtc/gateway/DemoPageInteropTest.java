package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.testkit.ChromiumPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo page at {@code /} in headless Chromium: a person types a peer id and presses Call;
 * the REST peer answers with ffmpeg's test pattern (352x288, distinct from the 320x240 fake
 * camera) from a {@code /media} port; the page's remote video plays. A screenshot goes to
 * {@code target/interop/demo-page.png}.
 */
@Tag("interop")
class DemoPageInteropTest {

    @Test
    void aCameraCallFromTheDemoPageShowsTheRemoteVideo() throws Exception {
        Path out = Path.of("target", "interop");
        Files.createDirectories(out);
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(2_000));
             ChromiumPeer chromium = ChromiumPeer.launch()) {
            String token = gw.createPeer("demo-rest");
            JsonNode media = gw.open("/media", "{\"is_video\": true}");
            chromium.eval("//ferry:goto " + gw.base + "/", Duration.ofSeconds(20));
            assertEquals("idle", chromium.eval("return document.getElementById('status').textContent;", Duration.ofSeconds(5)));
            chromium.eval("""
                    document.getElementById('me').value = 'demo-page';
                    document.getElementById('target').value = 'demo-rest';
                    document.getElementById('call').click();
                    return true;""", Duration.ofSeconds(5));
            String events = "/peers/demo-rest/events?token=" + token;
            JsonNode call = null;
            for (int i = 0; i < 10 && call == null; i++) {
                TestGateway.Res r = gw.get(events);
                if (r.status() == 200 && r.json().path("event").asText().equals("CALL")) call = r.json();
            }
            assertTrue(call != null, "the page's call reached the REST peer");
            String id = call.path("call_params").path("media_connection_id").asText();
            TestGateway.Res a = gw.post("/media/connections/" + id + "/answer", """
                    {"constraints": {"video": true, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true,
                      "video_params": {"codec": "VP8", "media_id": "%s", "payload_type": 96}}}""".formatted(media.path("media_id").asText()));
            assertEquals(202, a.status(), a.body());
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "warning", "-re",
                    "-f", "lavfi", "-i", "testsrc=size=352x288:rate=30", "-t", "30",
                    "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-b:v", "500k",
                    "-payload_type", "96", "-f", "rtp", "rtp://127.0.0.1:" + media.path("port").asInt() + "?pkt_size=1200")
                    .redirectErrorStream(true).redirectOutput(out.resolve("demo-ffmpeg.log").toFile()).start();
            try {
                Map<?, ?> v = (Map<?, ?>) chromium.eval("""
                        const video = document.getElementById('remote');
                        const t0 = Date.now();
                        const playing = () => video.videoWidth > 0 && video.currentTime > 2 && !video.paused;
                        while (!playing() && Date.now() - t0 < 20000) await new Promise((r) => setTimeout(r, 100));
                        return {width: video.videoWidth, height: video.videoHeight, time: video.currentTime, paused: video.paused,
                                frames: video.getVideoPlaybackQuality().totalVideoFrames,
                                status: document.getElementById('status').textContent};""", Duration.ofSeconds(30));
                Path png = out.resolve("demo-page.png");
                chromium.eval("//ferry:screenshot " + png.toAbsolutePath(), Duration.ofSeconds(10));
                assertEquals(352.0, v.get("width"), "the remote video is ffmpeg's pattern: " + v);
                assertEquals(288.0, v.get("height"), v.toString());
                assertEquals(false, v.get("paused"), v.toString());
                assertTrue((Double) v.get("time") > 2 && (Double) v.get("frames") > 30, "the remote video plays: " + v);
                assertEquals("in a call with demo-rest", v.get("status"));
                assertTrue(Files.size(png) > 5_000, "screenshot written: " + png);
            } finally {
                ffmpeg.destroy();
                ffmpeg.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
