package org.ferryrtc.bench.rtp;

import java.util.concurrent.TimeUnit;
import org.ferryrtc.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SFU forward step on one packet, without crypto: validate the RTP header (one parse) and
 * rewrite SSRC, sequence number and timestamp in place (DESIGN §3). Must be ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtpParseRewriteBenchmark {
    @Param({"200", "1200"})
    int size;

    private final RtpPacket view = new RtpPacket();
    private byte[] packet;
    private int seq;

    @Setup
    public void setUp() {
        packet = BenchPackets.rtpWithExtensions(size);
    }

    @Benchmark
    public long parse() {
        if (!view.wrap(packet, 0, size)) {
            return -1;
        }
        return view.ssrc() ^ view.sequenceNumber() ^ view.payloadLength();
    }

    @Benchmark
    public int parseAndRewrite() {
        if (!view.wrap(packet, 0, size)) {
            return -1;
        }
        view.setSsrc(0x11223344L);
        view.setSequenceNumber((view.sequenceNumber() + ++seq) & 0xFFFF);
        view.setTimestamp(view.timestamp() + 3000);
        return view.payloadOffset();
    }
}
