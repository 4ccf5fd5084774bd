package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.peer.LocalTrack;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * The load run (not a test): N simultaneous recordings. A child JVM runs N FerryRTC callers
 * (ferry.js protocol on /signaling/ws + a PeerConnection each) sending 30 video frames/s of
 * four 1,200-byte RTP packets plus 50 audio packets/s; this JVM runs the gateway, answers every
 * call receive-only with redirects to a "recorder" socket that a thread here reads (as ffmpeg
 * would; a closed port would cost the kernel an ICMP error per datagram), and reports its own
 * process CPU time per forwarded packet (SRTP in, plain RTP out, including the socket calls) over
 * a measuring window after a warm-up, also without the JIT compiler threads and the recorder's
 * reader, and per thread group (user/sys CPU, voluntary/involuntary context switches per packet,
 * from {@code /proc/self/task}; 10 ms ticks).
 *
 * <pre>
 * mvn -B -o -q -pl gateway-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp "gateway-server/target/test-classes:gateway-server/target/classes:$(cat gateway-server/cp.txt)" \
 *     org.ferryrtc.gateway.LoadRun 50 10 20        # N, window s, warm-up s (default 10 10 15)
 * </pre>
 *
 * Measured 2026-11-21 on the shared 2-core machine (load average 7-17 from other work, the
 * callers' JVM on the same two cores), 10 s window after 20 s of traffic, µs CPU per forwarded
 * packet, "all" = the whole process, "net" = without the JIT compiler threads (C2 was still
 * compiling 0.4-0.8 s per window) and the recorder's reader; each cell one run:
 * <pre>
 *                 before (b94217d, this LoadRun)    after
 * N=1   183 pps   all 262, 305     net 76, 98           all 224, 323, 267   net 76, 148, 76
 * N=10 1800 pps   all 51, 51       net 27, 23           all 34, 41, 47      net 22, 23, 24
 * N=50 8700 pps   all 30, 28       net 19.2, 18.4       all 28, 24, 27, 29  net 18.9, 16.4, 17.1, 18.2
 * N=50, 60 s warm-up  all 22.3, 24.9  net 17.0, 21.2     all 19.7, 23.1      net 15.9, 18.6
 * </pre>
 * (The old LoadRun's 207 / 51 / 37 µs sent to closed port 9 and measured 3 s after 200
 * packets per caller, while C2 was still busy.) Where the N=50 "net" ~17-19 µs go (thread
 * groups, and {@code perf} over 8 s of the window):
 * <ul>
 *   <li>owner loops ({@code ferry-loop-#}) ~12-13 µs: about half in the kernel: the redirect
 *       send (~3.5-4.3 µs per loopback datagram including the delivery into the recorder's
 *       socket, see {@code RedirectSendCpuTime}) and scheduler switches (finish_task_switch +
 *       raw_spin_unlock_irqrestore are 18 % of the loops' samples: 0.07-0.09 voluntary and
 *       0.16-0.29 involuntary context switches per packet on an oversubscribed machine); the
 *       Java part (SRTP GCM ~0.6 µs, RTP session ~0.1 µs, the loop, RTCP/TWCC) under 20 % of
 *       the loops' samples;</li>
 *   <li>ice4j's receive thread ~3.5-4 µs: the receive syscall, ice4j's per-datagram buffer, the
 *       hand-off into the connection's ring (one wake-up per burst, not per packet: ~0.11-0.2
 *       voluntary switches per packet);</li>
 *   <li>GC ~1-2 µs: 1.1 KB per packet from the JCE's GCM init plus ice4j's buffers.</li>
 * </ul>
 */
public final class LoadRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("callers")) {
            callers(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 15; // seconds of traffic before the window: C2 done compiling
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) h.setLevel(java.util.logging.Level.WARNING);
        try (Gateway g = Gateway.start(GatewayConfig.defaults().withHttpPort(0).withLongPollTimeoutMs(1_000))) {
            String base = "http://127.0.0.1:" + g.httpPort();
            HttpClient http = HttpClient.newHttpClient();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                JsonNode r = JSON.readTree(post(http, base + "/peers", "{\"peer_id\":\"rec-" + i + "\"}"));
                tokens.add(r.path("params").path("token").asText());
            }
            // the recorder: a socket that reads every redirected datagram (as ffmpeg would). Without
            // a reader each datagram to a closed port costs the kernel an ICMP port-unreachable.
            java.nio.channels.DatagramChannel sink = java.nio.channels.DatagramChannel.open()
                    .bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            sink.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            int sinkPort = ((java.net.InetSocketAddress) sink.getLocalAddress()).getPort();
            long[] sunk = new long[1];
            Thread reader = new Thread(() -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(2048);
                try {
                    while (true) {
                        b.clear();
                        sink.receive(b);
                        sunk[0]++;
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            }, "loadrun-sink");
            reader.setDaemon(true);
            reader.start();
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), LoadRun.class.getName(), "callers", base, String.valueOf(n),
                    String.valueOf(window + warm + 25)).inheritIO().start();
            for (int i = 0; i < n; i++) {
                String id = null;
                while (id == null) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/peers/rec-" + i + "/events?token=" + tokens.get(i))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("CALL")) id = JSON.readTree(r.body()).path("call_params").path("media_connection_id").asText();
                }
                post(http, base + "/media/connections/" + id + "/answer", """
                        {"constraints": {"video": false, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": true},
                         "redirect_params": {"video": {"ip_v4": "127.0.0.1", "port": %d}, "audio": {"ip_v4": "127.0.0.1", "port": %d}}}"""
                        .formatted(sinkPort, sinkPort));
            }
            PeerCalls calls = (PeerCalls) g.calls;
            // warm-up: every call connected and flowing
            long start = System.nanoTime();
            while (calls.redirected.sum() < 200L * n && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
                child.waitFor(200, TimeUnit.MILLISECONDS);
            }
            child.waitFor(warm, TimeUnit.SECONDS);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            System.out.println("LOAD window starts (pid " + ProcessHandle.current().pid() + ")");
            java.util.Map<String, long[]> threads0 = threads();
            long cpu0 = os.getProcessCpuTime();
            long pk0 = calls.redirected.sum();
            long t0 = System.nanoTime();
            child.waitFor(window, TimeUnit.SECONDS);
            long cpu1 = os.getProcessCpuTime();
            long pk1 = calls.redirected.sum();
            java.util.Map<String, long[]> threads1 = threads();
            double secs = (System.nanoTime() - t0) / 1e9;
            long packets = pk1 - pk0;
            System.out.printf("LOAD n=%d window=%.1fs forwarded=%d (%.0f pps) cpu=%.2fs -> %.2f us CPU per forwarded packet%n",
                    n, secs, packets, packets / secs, (cpu1 - cpu0) / 1e9, packets == 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / packets);
            long jit = 0;
            for (var e : threads1.entrySet()) {
                if (e.getKey().startsWith("C") && e.getKey().contains("CompilerThre") || e.getKey().equals("loadrun-sink")) {
                    long[] p = threads0.getOrDefault(e.getKey(), new long[4]);
                    jit += (e.getValue()[0] + e.getValue()[1] - p[0] - p[1]) * 10_000_000L;
                }
            }
            System.out.printf("LOAD n=%d without the JIT compiler threads and the recorder's reader (%.2fs): %.2f us CPU per forwarded packet%n", n, jit / 1e9,
                    packets == 0 ? Double.NaN : (cpu1 - cpu0 - jit) / 1e3 / packets);
            printThreads(threads0, threads1, packets);
            System.out.printf("recorder received %d datagrams%n", sunk[0]);
            sink.close();
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Per thread group (the thread name with digits dropped): CPU ticks (user, system; 10 ms) and
     * voluntary / involuntary context switches, from {@code /proc/self/task/*}. Linux only; empty elsewhere.
     */
    private static java.util.Map<String, long[]> threads() {
        java.util.Map<String, long[]> m = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) return m;
        for (java.io.File t : tasks) {
            try {
                String stat = java.nio.file.Files.readString(new java.io.File(t, "stat").toPath());
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long vol = 0, invol = 0;
                for (String line : java.nio.file.Files.readAllLines(new java.io.File(t, "status").toPath())) {
                    if (line.startsWith("voluntary_ctxt_switches:")) vol = Long.parseLong(line.substring(24).trim());
                    if (line.startsWith("nonvoluntary_ctxt_switches:")) invol = Long.parseLong(line.substring(27).trim());
                }
                long[] a = m.computeIfAbsent(name, k -> new long[4]);
                a[0] += Long.parseLong(f[11]); // utime (fields 14, 15 of stat)
                a[1] += Long.parseLong(f[12]); // stime
                a[2] += vol;
                a[3] += invol;
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return m;
    }

    private static void printThreads(java.util.Map<String, long[]> a, java.util.Map<String, long[]> b, long packets) {
        System.out.println("thread group                      user ms  sys ms  vol.cs/pkt  invol.cs/pkt");
        b.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
                .forEach(e -> {
                    long[] p = a.getOrDefault(e.getKey(), new long[4]);
                    long[] q = e.getValue();
                    long user = (q[0] - p[0]) * 10, sys = (q[1] - p[1]) * 10;
                    if (user + sys == 0 && q[2] - p[2] < 100) return;
                    System.out.printf("%-32s %8d %7d %11.3f %13.3f%n", e.getKey(), user, sys,
                            (q[2] - p[2]) / (double) Math.max(1, packets), (q[3] - p[3]) / (double) Math.max(1, packets));
                });
    }

    private static String post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The child: n callers, each video 30 fps x 4 x 1,200 B and audio 50 x 160 B per second. */
    private static void callers(String base, int n, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<LocalTrack[]> tracks = new ArrayList<>();
        List<PeerConnection> pcs = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/signaling/ws"), new WebSocket.Listener() {
                final StringBuilder sb = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    sb.append(data);
                    if (last) {
                        try {
                            JsonNode m = JSON.readTree(sb.toString());
                            if (m.path("type").asText().equals("answer")) answer.complete(m.path("sdp").asText());
                        } catch (Exception e) {
                            answer.completeExceptionally(e);
                        }
                        sb.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).get(5, TimeUnit.SECONDS);
            ws.sendText(JSON.createObjectNode().put("type", "register").put("peer_id", "caller-" + i).toString(), true).get();
            PeerConnection pc = PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).build(), e -> {
                if (e instanceof PeerEvent.ConnectionStateChanged s && s.state() == PeerConnectionState.CONNECTED) connected.countDown();
            });
            LocalTrack v = pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            LocalTrack a = pc.addTrack(RtpSessionConfig.Kind.AUDIO, "opus");
            String offer = pc.createOffer();
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            ObjectNode o = JSON.createObjectNode().put("type", "offer").put("to", "rec-" + i).put("session", "load-" + i)
                    .put("kind", "media").put("sdp", offer);
            ws.sendText(o.toString(), true).get();
            pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer.get(60, TimeUnit.SECONDS));
            pcs.add(pc);
            tracks.add(new LocalTrack[] {v, a});
        }
        connected.await(30, TimeUnit.SECONDS);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        byte[] video = new byte[1200];
        byte[] audio = new byte[172];
        video[0] = (byte) 0x80;
        audio[0] = (byte) 0x80;
        video[12] = 0x10;
        int[] tick = {0};
        timer.scheduleAtFixedRate(() -> {
            tick[0]++;
            for (LocalTrack[] t : tracks) {
                if (tick[0] % 3 == 0) {
                    for (int k = 0; k < 4; k++) t[0].sendRtp(video, 0, video.length); // 4 per 30 ms: ~33 fps x 4
                }
                if (tick[0] % 2 == 0) t[1].sendRtp(audio, 0, audio.length); // 50 per second
            }
        }, 20, 10, TimeUnit.MILLISECONDS);
        new CountDownLatch(1).await(seconds, TimeUnit.SECONDS); // a load generator: runs for the measuring window
        timer.shutdownNow();
        for (PeerConnection pc : pcs) pc.close();
    }
}
