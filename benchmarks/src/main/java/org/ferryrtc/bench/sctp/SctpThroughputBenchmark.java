package org.ferryrtc.bench.sctp;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.sctp.SctpAssociation;
import org.ferryrtc.sctp.SctpConfig;
import org.ferryrtc.sctp.SctpEvent;
import org.ferryrtc.sctp.SctpState;
import org.ferryrtc.sctp.SendOptions;
import org.ferryrtc.sctp.SendStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Association-to-association throughput in memory: the engine alone (no DTLS, no sockets), both
 * associations on the benchmark thread, virtual time. One operation is one message delivered;
 * MB/s = ops/s x size. With {@code loss} > 0 a seeded fraction of packets is dropped in both
 * directions, so SACK gap blocks, fast retransmit and T3 (in virtual time) are exercised.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SctpThroughputBenchmark {
    static final int BATCH = 64;

    @Param({"1024", "65536"})
    public int size;

    @Param({"0", "0.01"})
    public double loss;

    private SctpAssociation a;
    private SctpAssociation b;
    private final byte[] buf = new byte[2048];
    private byte[] message;
    private Random rnd;
    private long now;
    private long delivered;
    private long bytesDelivered;

    @Setup(Level.Trial)
    public void setUp() {
        SctpConfig base = SctpConfig.defaults().withBuffers(4 * 1024 * 1024, 8L * 1024 * 1024)
                .withRto(200, 200, 2000);
        a = new SctpAssociation(base.withRandom(new Random(1)));
        b = new SctpAssociation(base.withRandom(new Random(2)));
        rnd = new Random(3);
        message = new byte[size];
        new Random(4).nextBytes(message);
        a.connect(now);
        while (a.state() != SctpState.ESTABLISHED || b.state() != SctpState.ESTABLISHED) {
            step();
        }
    }

    /** Moves packets both ways once; advances virtual time to the next timer when idle. */
    private void step() {
        boolean moved = false;
        int n;
        while ((n = a.pollTransmit(buf)) >= 0) {
            moved = true;
            if (loss == 0 || rnd.nextDouble() >= loss) {
                b.handleInput(now, buf, 0, n);
            }
        }
        SctpEvent e;
        while ((e = b.pollEvent()) != null) {
            if (e instanceof SctpEvent.Message m) {
                delivered++;
                bytesDelivered += m.data().length;
            }
        }
        while ((n = b.pollTransmit(buf)) >= 0) {
            moved = true;
            if (loss == 0 || rnd.nextDouble() >= loss) {
                a.handleInput(now, buf, 0, n);
            }
        }
        while (a.pollEvent() != null) {
            // buffered-amount events
        }
        now += 10_000; // 10 us of virtual time per round
        if (!moved) {
            long t = Math.min(a.pollTimeout(), b.pollTimeout());
            if (t != Long.MAX_VALUE && t > now) {
                now = t;
            }
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            if (b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long transfer() {
        long target = delivered + BATCH;
        int queued = 0;
        while (delivered < target) {
            while (queued < BATCH && a.send(1, 53, message, SendOptions.RELIABLE_ORDERED) == SendStatus.OK) {
                queued++;
            }
            step();
        }
        return bytesDelivered;
    }
}
