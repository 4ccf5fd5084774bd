package org.ferryrtc.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real headless Chromium page as an independent WebRTC peer (DESIGN §6, §8), driven through
 * {@code interop/chromium/peer.mjs} (playwright-core, Debian's chromium; installed by
 * {@code .ci/install-test-deps}). Each {@link #eval} runs an async function body in the page
 * and returns its JSON result. Missing node, modules or browser fail loudly: interop tests
 * never skip.
 */
public final class ChromiumPeer implements AutoCloseable {
    /**
     * Page-side helpers every interop test uses, idempotent (prepend to an {@link #eval} body):
     * {@code gathered(pc)} (ICE gathering complete), {@code connected(pc, ms)} (connectionState
     * "connected", rejects on "failed" or timeout), {@code sha256(parts)} (hex digest of byte
     * arrays), {@code mediaStats(pc)} ({@code framesDecoded}, inbound audio {@code audioPackets},
     * received/sent video codec, connection state).
     */
    public static final String PAGE_HELPERS = """
            if (!window.ferryCommon) {
              window.ferryCommon = true;
              window.gathered = (pc) => new Promise((r) => {
                if (pc.iceGatheringState === 'complete') return r();
                pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
              });
              window.connected = (pc, ms = 20000) => new Promise((resolve, reject) => {
                const check = () => {
                  if (pc.connectionState === 'connected') resolve();
                  if (pc.connectionState === 'failed') reject(new Error('connection failed in Chromium'));
                };
                pc.addEventListener('connectionstatechange', check); check();
                setTimeout(() => reject(new Error('not connected: ' + pc.connectionState + '/' + pc.iceConnectionState)), ms);
              });
              window.sha256 = async (parts) => {
                let len = 0; for (const p of parts) len += p.length;
                const all = new Uint8Array(len); let o = 0;
                for (const p of parts) { all.set(p, o); o += p.length; }
                const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
                return Array.from(d).map((b) => b.toString(16).padStart(2, '0')).join('');
              };
              window.mediaStats = async (pc) => {
                const s = await pc.getStats(); const codecs = {};
                const out = {framesDecoded: 0, audioPackets: 0, videoCodec: null, sentVideoCodec: null,
                  state: pc.connectionState};
                s.forEach((r) => { if (r.type === 'codec') codecs[r.id] = r.mimeType; });
                s.forEach((r) => {
                  if (r.type === 'inbound-rtp' && r.kind === 'video') { out.framesDecoded = r.framesDecoded || 0; out.videoCodec = codecs[r.codecId] || null; }
                  if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioPackets = r.packetsReceived || 0;
                  if (r.type === 'outbound-rtp' && r.kind === 'video') out.sentVideoCodec = codecs[r.codecId] || null;
                });
                return out;
              };
            }
            """;

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final String version;
    private final StringBuffer stderr = new StringBuffer();
    private int nextId = 1;

    private ChromiumPeer(Process process) throws IOException, TimeoutException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.getOutputStream();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "chromium-stderr");
        err.setDaemon(true);
        err.start();
        Map<?, ?> ready = (Map<?, ?>) MiniJson.parse(readLine(Duration.ofSeconds(60)));
        if (!Boolean.TRUE.equals(ready.get("ready"))) {
            throw new IOException("chromium driver did not start: " + ready + "\n" + stderr);
        }
        version = String.valueOf(ready.get("chromium"));
    }

    /** Starts Chromium; {@code ferry.root} (set by the parent pom) locates the repository. */
    public static ChromiumPeer launch() throws IOException, TimeoutException {
        Path dir = repositoryRoot().resolve("interop/chromium");
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            throw new IOException("playwright-core is not installed in " + dir + ": run .ci/install-test-deps");
        }
        ProcessBuilder pb = new ProcessBuilder("node", "peer.mjs").directory(dir.toFile());
        return new ChromiumPeer(pb.start());
    }

    /** The repository root: the {@code ferry.root} property, or the nearest parent with {@code .ci/}. */
    public static Path repositoryRoot() {
        String p = System.getProperty("ferry.root");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve(".ci"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IllegalStateException("cannot find the repository root (no .ci/ above the working directory)");
        }
        return d;
    }

    /** Chromium's version string, e.g. "156.0.8078.79". */
    public String version() {
        return version;
    }

    /**
     * Runs {@code jsBody} as the body of an async function in the page and returns what it
     * returns, as parsed JSON (Map, List, String, Double, Boolean or null).
     *
     * @throws IOException if the page threw (the message carries the page's error)
     * @throws TimeoutException if no answer came within {@code timeout}
     */
    public Object eval(String jsBody, Duration timeout) throws IOException, TimeoutException {
        int id = nextId++;
        String line = "{\"id\":" + id + ",\"js\":" + MiniJson.quote(jsBody) + "}\n";
        in.write(line.getBytes(StandardCharsets.UTF_8));
        in.flush();
        Map<?, ?> reply = (Map<?, ?>) MiniJson.parse(readLine(timeout));
        if (!Double.valueOf(id).equals(reply.get("id"))) {
            throw new IOException("out-of-order reply " + reply);
        }
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new IOException("page error: " + reply.get("error"));
        }
        return reply.get("value");
    }

    private String readLine(Duration timeout) throws IOException, TimeoutException {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            String line = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException("chromium driver exited:\n" + stderr);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("reading from chromium driver failed:\n" + stderr, e.getCause());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new TimeoutException("no answer from chromium within " + timeout + "\n" + stderr);
        }
    }

    /** What the driver and the page wrote to stderr so far (console messages), for diagnostics. */
    public String log() {
        return stderr.toString();
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
