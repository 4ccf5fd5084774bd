package org.ferryrtc.peer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.ice.IceServer;

/**
 * A real coturn (Debian's {@code turnserver}, installed by {@code .ci/install-test-deps}) on
 * 127.0.0.1 with long-term credentials, for interop tests; fails (never skips) when it is missing.
 */
final class CoturnProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final InetSocketAddress address;

    private CoturnProcess(InetAddress lo) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            port = probe.getLocalPort();
        }
        int relayMin = 40_000 + (port % 10_000);
        process = new ProcessBuilder("turnserver", "-n", "--listening-ip", lo.getHostAddress(),
                "--relay-ip", lo.getHostAddress(), "--listening-port", Integer.toString(port),
                "--min-port", Integer.toString(relayMin), "--max-port", Integer.toString(relayMin + 50),
                "--allow-loopback-peers", "--lt-cred-mech", "--user", "ferry:secret-password", "--realm", "ferryrtc.test",
                "--no-tls", "--no-dtls", "--no-cli", "--log-file", "stdout", "--simple-log",
                "--pidfile", java.nio.file.Files.createTempFile("coturn", ".pid").toString())
                .redirectErrorStream(true).start();
        address = new InetSocketAddress(lo, port);
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains("Total General servers")) {
                        listening.complete(null);
                    }
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("coturn did not start:\n" + log, e);
        }
    }

    static CoturnProcess start(InetAddress lo) throws Exception {
        return new CoturnProcess(lo);
    }

    /** The server as a TURN (and STUN) server with this process's credentials. */
    List<IceServer> iceServers() {
        return List.of(new IceServer.Turn(address, "ferry", "secret-password"));
    }

    String log() {
        return log.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
