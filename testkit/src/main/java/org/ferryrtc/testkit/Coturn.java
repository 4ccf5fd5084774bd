package org.ferryrtc.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn (Debian's {@code turnserver}, installed by {@code .ci/install-test-deps}) on one
 * loopback address with long-term credentials ({@link #USER} / {@link #PASSWORD}, RFC 8656 §9.2),
 * for interop tests. {@link #start} returns once coturn listens and fails (never skips) when it is
 * missing or does not come up.
 */
public final class Coturn implements AutoCloseable {
    public static final String USER = "ferry";
    public static final String PASSWORD = "secret-password";
    private static final int RELAY_PORTS = 50;

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final InetSocketAddress address;
    private final int relayMin;

    private Coturn(InetAddress lo, String... extra) throws IOException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            port = probe.getLocalPort();
        }
        relayMin = 40_000 + (port % 10_000);
        List<String> command = new ArrayList<>(List.of("turnserver", "-n", "--listening-ip", lo.getHostAddress(),
                "--relay-ip", lo.getHostAddress(), "--listening-port", Integer.toString(port),
                "--min-port", Integer.toString(relayMin), "--max-port", Integer.toString(relayMin + RELAY_PORTS),
                "--allow-loopback-peers", "--lt-cred-mech", "--user", USER + ":" + PASSWORD, "--realm", "ferryrtc.test",
                "--no-tls", "--no-dtls", "--no-cli", "--log-file", "stdout", "--simple-log",
                "--pidfile", Files.createTempFile("coturn", ".pid").toString()));
        command.addAll(List.of(extra));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        address = new InetSocketAddress(lo, port);
    }

    /** Starts coturn on {@code lo} with any further command-line options, and waits until it listens. */
    public static Coturn start(InetAddress lo, String... extraOptions) throws Exception {
        Coturn c = new Coturn(lo, extraOptions);
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(c.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    c.log.append(line).append('\n');
                    if (line.contains("Total General servers")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "coturn-log");
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            c.close();
            throw new IllegalStateException("coturn did not start:\n" + c.log, e);
        }
        return c;
    }

    /** Where coturn listens (UDP, STUN and TURN). */
    public InetSocketAddress address() {
        return address;
    }

    public int relayMin() {
        return relayMin;
    }

    public int relayMax() {
        return relayMin + RELAY_PORTS;
    }

    /** coturn's output so far, for failure messages. */
    public String log() {
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
