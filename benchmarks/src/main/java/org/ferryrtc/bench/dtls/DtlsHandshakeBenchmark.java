package org.ferryrtc.bench.dtls;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.ferryrtc.dtls.DtlsCertificate;
import org.ferryrtc.dtls.DtlsConfig;
import org.ferryrtc.dtls.DtlsEvent;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.dtls.DtlsSession;
import org.ferryrtc.dtls.DtlsSessionFactory;
import org.ferryrtc.dtls.DtlsSrtpKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full DTLS 1.2 handshake (client and server, mutual ECDHE + certificate authentication,
 * use_srtp, key export) over a lossless in-memory link, per second. The benchmark thread is
 * the owner of both sessions and moves datagrams between them; the two handshakes block on the
 * factory's pool as in production. Certificates are generated once per trial.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/classes:$(cat cp.txt) org.openjdk.jmh.Main DtlsHandshakeBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class DtlsHandshakeBenchmark {

    /** Certificate key type of both sides. */
    @Param({"ECDSA_P256", "RSA_2048"})
    public String keyType;

    private DtlsSessionFactory factory;
    private DtlsConfig clientConfig;
    private DtlsConfig serverConfig;
    private final Semaphore signal = new Semaphore(0);

    @Setup(Level.Trial)
    public void setUp() {
        DtlsCertificate.KeyType type = DtlsCertificate.KeyType.valueOf(keyType);
        DtlsCertificate client = DtlsCertificate.generate(type);
        DtlsCertificate server = DtlsCertificate.generate(type);
        factory = new DtlsSessionFactory(2);
        clientConfig = DtlsConfig.of(DtlsRole.CLIENT, client, List.of(server.fingerprint()));
        serverConfig = DtlsConfig.of(DtlsRole.SERVER, server, List.of(client.fingerprint()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        factory.close();
    }

    @Benchmark
    public DtlsSrtpKeys handshake() throws InterruptedException {
        DtlsSession client = factory.newSession(clientConfig, signal::release);
        DtlsSession server = factory.newSession(serverConfig, signal::release);
        server.start();
        client.start();
        DtlsSrtpKeys clientKeys = null;
        DtlsSrtpKeys serverKeys = null;
        while (clientKeys == null || serverKeys == null) {
            boolean moved = move(client, server) | move(server, client);
            clientKeys = clientKeys != null ? clientKeys : keys(client);
            serverKeys = serverKeys != null ? serverKeys : keys(server);
            if (!moved && (clientKeys == null || serverKeys == null) && !signal.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshake stalled");
            }
        }
        client.close();
        server.close();
        return clientKeys;
    }

    private static boolean move(DtlsSession from, DtlsSession to) {
        boolean moved = false;
        for (byte[] d; (d = from.pollTransmit()) != null; moved = true) {
            to.handleInput(d, 0, d.length);
        }
        return moved;
    }

    private static DtlsSrtpKeys keys(DtlsSession s) {
        for (DtlsEvent e; (e = s.pollEvent()) != null; ) {
            if (e instanceof DtlsEvent.HandshakeComplete c) {
                return c.keys();
            }
            if (e instanceof DtlsEvent.HandshakeFailed f) {
                throw new IllegalStateException(f.reason());
            }
        }
        return null;
    }
}
