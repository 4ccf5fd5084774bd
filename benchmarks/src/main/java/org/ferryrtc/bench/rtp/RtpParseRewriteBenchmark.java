package org.ferryrtc.bench.rtp;

import java.util.concurrent.TimeUnit;
import org.ferryrtc.rtp.ExtensionRewrite;
import org.ferryrtc.rtp.HeaderExtensions;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.TransportCc;
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
 * The SFU forward step on one packet, without crypto: validate the RTP header (one parse),
 * rewrite SSRC, sequence number and timestamp in place, and rewrite one header extension —
 * either stamp a new transport-wide sequence number, or remap the extension ids to the
 * receiver's negotiated ids (DESIGN §3, §6). Every variant must be ~0 B/op.
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
    /** Incoming ids 2 (abs-send-time) and 3 (transport-cc) go out as 4 and 5. */
    private final ExtensionRewrite remap = ExtensionRewrite.of(2, 4, 3, 5, 4, 2, 5, 3);
    private byte[] packet;
    private int seq;
    private int twccSeq;

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

    /** Rewrite plus a fresh transport-wide sequence number in the existing extension (id 3). */
    @Benchmark
    public int parseRewriteAndStampTransportCc() {
        if (!view.wrap(packet, 0, size)) {
            return -1;
        }
        view.setSsrc(0x11223344L);
        view.setSequenceNumber((view.sequenceNumber() + ++seq) & 0xFFFF);
        view.setTimestamp(view.timestamp() + 3000);
        return TransportCc.set(view, 3, ++twccSeq & 0xFFFF, false);
    }

    /**
     * Rewrite plus remapping every extension id to the receiver's. The table swaps 2<->4 and
     * 3<->5, so the packet returns to its original ids every second call and stays valid.
     */
    @Benchmark
    public int parseRewriteAndRemapExtensionIds() {
        if (!view.wrap(packet, 0, size)) {
            return -1;
        }
        view.setSsrc(0x11223344L);
        view.setSequenceNumber((view.sequenceNumber() + ++seq) & 0xFFFF);
        view.setTimestamp(view.timestamp() + 3000);
        return HeaderExtensions.rewriteIds(view, remap, false);
    }
}
