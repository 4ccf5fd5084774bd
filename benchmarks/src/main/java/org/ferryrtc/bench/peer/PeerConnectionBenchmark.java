package org.ferryrtc.bench.peer;

import java.util.concurrent.TimeUnit;
import org.ferryrtc.peer.PeerConfig;
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
 * The JMH form of {@link PeerBench}'s set-up measurement: one operation is a full loopback
 * set-up between two FerryRTC peers (create both, offer/answer, ICE, DTLS, SCTP, DataChannel
 * open on both sides) and the close of both; ops/s is sequential set-ups per second. With
 * {@code sharedCertificate} each side reuses one certificate instead of generating an ECDSA
 * P-256 key pair per connection. Short by default (a few seconds per parameter).
 *
 * <pre>benchmarks/run.sh 'peer\.PeerConnectionBenchmark'</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PeerConnectionBenchmark {
    @Param({"false", "true"})
    public boolean sharedCertificate;

    private PeerConfig configA;
    private PeerConfig configB;

    @Setup(Level.Trial)
    public void setup() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        configA = BenchPair.config(null, !sharedCertificate); // shared: the default process-wide certificate
        configB = BenchPair.config(null, !sharedCertificate);
    }

    /** One sequential set-up and close; returns the stream id so that nothing is dead code. */
    @Benchmark
    public int setupAndClose() throws Exception {
        try (BenchPair p = BenchPair.connect(configA, configB, PeerMeasurements.TIMEOUT_MILLIS)) {
            return p.fromA.id() + p.atB.id();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        configA = null;
        configB = null;
    }
}
