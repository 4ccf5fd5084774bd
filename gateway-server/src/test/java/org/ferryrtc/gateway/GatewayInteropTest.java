package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gateway's interop cases against a real headless Chromium (fake camera and microphone) and
 * real ffmpeg/ffprobe, on loopback: 1 recording, 2 ingest (+ 5 bad input while it flows),
 * 3 data, 4 echo. One page at a time; every wait is bounded.
 */
@Tag("interop")
class GatewayInteropTest {
    private static ChromiumPeer chromium;
    private static TestGateway gw;
    private static final Path OUT = Path.of("target", "interop");

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(OUT);
        gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(2_000));
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
                if (window.fp) { fp.destroy(); window.fp = null; }
                if (window.stream) stream.getTracks().forEach((t) => t.stop());
                if (window.pc) { pc.close(); window.pc = null; }
                return true;""", Duration.ofSeconds(10));
    }

    /** Loads /sdk/ferry.js and the page helpers, registers a FerryPeer {@code id}. */
    private static void joinAs(String id) throws Exception {
        chromium.eval(GatewayJs.HELPERS + """
                await loadSdk(%s);
                window.fp = new FerryPeer(%s, {server: %s});
                await new Promise((resolve, reject) => {
                  fp.addEventListener('open', resolve);
                  fp.addEventListener('error', (e) => reject(new Error(e.detail.message)));
                  setTimeout(() => reject(new Error('not registered')), 5000);
                });
                window.calls = []; window.conns = []; window.errors = [];
                fp.addEventListener('error', (e) => errors.push(e.detail.message));
                fp.addEventListener('call', (e) => calls.push(e.detail.call));
                fp.addEventListener('connection', (e) => { conns.push(e.detail.connection); trackConn(e.detail.connection); });
                return true;""".formatted(MiniJson.quote(gw.base), MiniJson.quote(id), MiniJson.quote(gw.base)), Duration.ofSeconds(20));
    }

    /** Long-polls {@code path} until {@code event} arrives (bounded). */
    private static JsonNode awaitEvent(String path, String event, long seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            TestGateway.Res r = gw.get(path);
            if (r.status() == 200) {
                String e = r.json().path("event").asText();
                seen.add(r.body());
                if (e.equals(event)) return r.json();
                if (e.equals("CLOSE")) break;
            } else if (r.status() != 408) {
                throw new AssertionError(path + " -> " + r.status() + " " + r.body());
            }
        }
        throw new AssertionError("no " + event + " on " + path + " within " + seconds + " s; saw " + seen);
    }

    private static int freeEvenPortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                p = s.getLocalPort() & ~1;
            }
            if (p < 1024 || p > 65534) continue;
            {
                try (DatagramSocket a = new DatagramSocket(new InetSocketAddress("127.0.0.1", p));
                     DatagramSocket b = new DatagramSocket(new InetSocketAddress("127.0.0.1", p + 1))) {
                    return p;
                } catch (IOException busy) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }

    private static String run(long seconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + seconds + " s");
        }
        return out.get(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ 1: recording

    @Test
    void recordingABrowserCallWithFfmpeg() throws Exception {
        String token = gw.createPeer("recorder");
        joinAs("cam");
        chromium.eval("""
                window.stream = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240, frameRate: 30}});
                window.call = await fp.call('recorder', stream);
                return true;""", Duration.ofSeconds(20));
        JsonNode call = awaitEvent("/peers/recorder/events?token=" + token, "CALL", 15);
        String id = call.path("call_params").path("media_connection_id").asText();
        int video = freeEvenPortPair();
        int audio = freeEvenPortPair();
        TestGateway.Res answered = gw.post("/media/connections/" + id + "/answer", """
                {"constraints": {"video": false, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true},
                 "redirect_params": {"video": {"ip_v4": "127.0.0.1", "port": %d}, "audio": {"ip_v4": "127.0.0.1", "port": %d}}}
                """.formatted(video, audio));
        assertEquals(202, answered.status(), answered.body());
        awaitEvent("/media/connections/" + id + "/events", "READY", 20);
        TestGateway.Res sdp = gw.get("/media/connections/" + id + "/sdp");
        assertEquals(200, sdp.status(), sdp.body());
        assertTrue(sdp.body().contains("m=video " + video + " RTP/AVP ") && sdp.body().contains("VP8/90000"), sdp.body());
        assertTrue(sdp.body().contains("m=audio " + audio + " RTP/AVP ") && sdp.body().contains("opus/48000/2"), sdp.body());
        Path sdpFile = OUT.resolve("recording.sdp");
        Path webm = OUT.resolve("recording.webm");
        Files.writeString(sdpFile, sdp.body());
        Files.deleteIfExists(webm);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "warning", "-y",
                "-protocol_whitelist", "file,udp,rtp", "-analyzeduration", "3000000", "-i", sdpFile.toString(),
                "-t", "10", "-c", "copy", webm.toString())
                .redirectErrorStream(true).redirectOutput(OUT.resolve("recording-ffmpeg.log").toFile()).start();
        // ffmpeg needs a keyframe to start: ask the browser for some while it listens
        for (int i = 0; i < 4 && ffmpeg.isAlive(); i++) {
            ffmpeg.waitFor(700, TimeUnit.MILLISECONDS);
            assertEquals(201, gw.post("/media/connections/" + id + "/pli", null).status());
        }
        boolean done = ffmpeg.waitFor(30, TimeUnit.SECONDS);
        if (!done) ffmpeg.destroyForcibly();
        String log = Files.readString(OUT.resolve("recording-ffmpeg.log"));
        assertTrue(done && ffmpeg.exitValue() == 0, "ffmpeg recorded: " + log);
        String frames = run(30, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", webm.toString()).trim();
        String codecs = run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", webm.toString());
        assertTrue(Integer.parseInt(frames.lines().findFirst().orElse("0").trim()) >= 200, "video frames in 10 s: " + frames + "\n" + log);
        assertTrue(codecs.contains("vp8") && codecs.contains("opus"), "streams: " + codecs);
        assertEquals(204, gw.call("DELETE", "/media/connections/" + id, null).status());
        assertEquals(204, gw.call("DELETE", "/peers/recorder?token=" + token, null).status());
    }

    // ------------------------------------------------------------------ 4: echo

    @Test
    void echoSendsThePageItsOwnVideoAndMessages() throws Exception {
        Object r = chromium.eval(GatewayJs.HELPERS + """
                window.stream = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240}});
                window.pc = new RTCPeerConnection();
                stream.getTracks().forEach((t) => pc.addTrack(t, stream));
                const dc = pc.createDataChannel('echo'); dc.binaryType = 'arraybuffer';
                const got = [];
                dc.onmessage = (e) => got.push(typeof e.data === 'string' ? new TextEncoder().encode(e.data) : new Uint8Array(e.data));
                await pc.setLocalDescription(await pc.createOffer());
                await gathered(pc);
                const res = await fetch(%s + '/echo', {method: 'POST', headers: {'Content-Type': 'application/sdp'}, body: pc.localDescription.sdp});
                if (res.status !== 201) throw new Error('echo answered ' + res.status + ' ' + await res.text());
                const location = res.headers.get('Location');
                await pc.setRemoteDescription({type: 'answer', sdp: await res.text()});
                await connected(pc);
                await new Promise((resolve) => { if (dc.readyState === 'open') resolve(); else dc.onopen = resolve; });
                const sent = [];
                for (let i = 0; i < 200; i++) {
                  if (i %% 2) { const b = new Uint8Array(1 + (i * 37) %% 1500); crypto.getRandomValues(b); dc.send(b); sent.push(b); }
                  else { const s = 'echo-' + i + '-' + 'é'.repeat(i %% 20); dc.send(s); sent.push(new TextEncoder().encode(s)); }
                }
                const t0 = Date.now();
                while (got.length < sent.length && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                const m = await waitVideo(pc, 15000);
                return {location, sent: await sha256(sent), got: await sha256(got), n: got.length, frames: m.framesDecoded};
                """.formatted(MiniJson.quote(gw.base)), Duration.ofSeconds(60));
        Map<?, ?> m = (Map<?, ?>) r;
        assertTrue(((Double) m.get("frames")) > 100, "the page decoded its own video: " + m);
        assertEquals(200.0, m.get("n"), "every message echoed: " + m);
        assertEquals(m.get("sent"), m.get("got"), "echoed byte-identical");
        String location = (String) m.get("location");
        assertTrue(location.startsWith("/echo/"), location);
        assertEquals(204, gw.call("DELETE", location, null).status());
        assertEquals(404, gw.call("DELETE", location, null).status());
    }

    // ------------------------------------------------------------------ 3: data

    @Test
    void thousandDatagramsEachWay() throws Exception {
        String token = gw.createPeer("data-rest");
        joinAs("data-page");
        JsonNode port = gw.open("/data", "{}");
        try (DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket feeder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            redirect.setReceiveBufferSize(4 << 20);
            TestGateway.Res c = gw.post("/data/connections", """
                    {"peer_id": "data-rest", "token": "%s", "target_id": "data-page", "params": {"data_id": "%s"},
                     "redirect_params": {"ip_v4": "127.0.0.1", "port": %d}}""".formatted(token, port.path("data_id").asText(), redirect.getLocalPort()));
            assertEquals(202, c.status(), c.body());
            String id = c.json().path("params").path("data_connection_id").asText();
            awaitEvent("/data/connections/" + id + "/events", "OPEN", 20);
            chromium.eval("""
                    const t0 = Date.now();
                    while ((conns.length === 0 || !conns[0].isOpen) && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                    if (conns.length === 0 || !conns[0].isOpen) throw new Error('no open connection on the page');
                    return true;""", Duration.ofSeconds(15));
            // 1,000 datagrams in, paced in batches so no socket buffer overflows
            MessageDigest in = MessageDigest.getInstance("SHA-256");
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port.path("port").asInt());
            for (int i = 0; i < 1000; i++) {
                byte[] b = ("datagram-" + i + "-" + "x".repeat(i % 900)).getBytes(StandardCharsets.UTF_8);
                in.update(b);
                feeder.send(new DatagramPacket(b, b.length, to));
                if (i % 100 == 99) {
                    chromium.eval("await receivedAtLeast(%d, 10000); return true;".formatted(i + 1), Duration.ofSeconds(15));
                }
            }
            Map<?, ?> page = (Map<?, ?>) chromium.eval("return await receivedHash(1000, 10000);", Duration.ofSeconds(15));
            assertEquals(1000.0, page.get("n"), "datagrams reached the page: " + page);
            assertEquals(HexFormat.of().formatHex(in.digest()), page.get("sha"), "payloads in order, byte-identical");

            // 1,000 page messages out to the redirect socket
            String sent = (String) chromium.eval("return await sendFromPage(1000);", Duration.ofSeconds(30));
            MessageDigest out = MessageDigest.getInstance("SHA-256");
            redirect.setSoTimeout(10_000);
            byte[] buf = new byte[70_000];
            for (int i = 0; i < 1000; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    redirect.receive(p);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("only " + i + " of 1000 messages reached the redirect socket");
                }
                out.update(buf, 0, p.getLength());
            }
            assertEquals(sent, HexFormat.of().formatHex(out.digest()), "page messages arrived in order, byte-identical");
            assertEquals(204, gw.call("DELETE", "/data/connections/" + id, null).status());
        }
        assertEquals(204, gw.call("DELETE", "/peers/data-rest?token=" + token, null).status());
    }

    // ------------------------------------------------------------------ 2 + 5: ingest, bad input while it flows

    @Test
    void ffmpegIngestReachesThePageAndBadInputDoesNotDisturbIt() throws Exception {
        String token = gw.createPeer("ingest");
        joinAs("viewer");
        chromium.eval("""
                fp.addEventListener('call', (e) => { window.viewerCall = e.detail.call; e.detail.call.answer(); });
                return true;""", Duration.ofSeconds(5));
        JsonNode v = gw.open("/media", "{\"is_video\": true}");
        JsonNode a = gw.open("/media", "{\"is_video\": false}");
        TestGateway.Res c = gw.post("/media/connections", """
                {"peer_id": "ingest", "token": "%s", "target_id": "viewer",
                 "constraints": {"video": true, "videoReceiveEnabled": false, "audio": true, "audioReceiveEnabled": false,
                   "video_params": {"band_width": 1500, "codec": "VP8", "media_id": "%s", "payload_type": 96, "sampling_rate": 90000},
                   "audio_params": {"band_width": 64, "codec": "OPUS", "media_id": "%s", "payload_type": 111, "sampling_rate": 48000}}}
                """.formatted(token, v.path("media_id").asText(), a.path("media_id").asText()));
        assertEquals(202, c.status(), c.body());
        String id = c.json().path("params").path("media_connection_id").asText();
        awaitEvent("/media/connections/" + id + "/events", "READY", 25);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "40",
                "-map", "0:v", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-b:v", "600k",
                "-payload_type", "96", "-ssrc", "4660", "-f", "rtp", "rtp://127.0.0.1:" + v.path("port").asInt() + "?pkt_size=1200",
                "-map", "1:a", "-c:a", "libopus", "-b:a", "48k", "-payload_type", "111", "-ssrc", "22136",
                "-f", "rtp", "rtp://127.0.0.1:" + a.path("port").asInt() + "?pkt_size=1200")
                .redirectErrorStream(true).redirectOutput(OUT.resolve("ingest-ffmpeg.log").toFile()).start();
        try {
            Map<?, ?> first = (Map<?, ?>) chromium.eval("return await waitVideo(viewerCall.pc, 20000);", Duration.ofSeconds(30));
            assertTrue(((Double) first.get("framesDecoded")) > 100, "the page decoded ffmpeg's VP8: " + first
                    + "\n" + Files.readString(OUT.resolve("ingest-ffmpeg.log")) + "\n" + gw.get("/metrics").body());
            assertTrue(((Double) first.get("audioPackets")) > 50, "the page received ffmpeg's Opus: " + first);

            BadInput.hammer(gw, token);

            double before = (Double) first.get("framesDecoded");
            Map<?, ?> after = (Map<?, ?>) chromium.eval("return await waitVideo(viewerCall.pc, 4000, %d);".formatted((int) before + 60),
                    Duration.ofSeconds(10));
            assertTrue(((Double) after.get("framesDecoded")) > before + 60, "the call kept flowing: " + first + " -> " + after);
        } finally {
            ffmpeg.destroy();
            ffmpeg.waitFor(5, TimeUnit.SECONDS);
        }
        assertEquals(204, gw.call("DELETE", "/media/connections/" + id, null).status());
        assertEquals(204, gw.call("DELETE", "/peers/ingest?token=" + token, null).status());
    }

    static HttpResponse<String> raw(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(gw.base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return gw.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static InetAddress loopback() throws IOException {
        return InetAddress.getByName("127.0.0.1");
    }
}
