package org.ferryrtc.bench.rtcp;

import java.util.concurrent.TimeUnit;
import org.ferryrtc.rtcp.GenericNack;
import org.ferryrtc.rtcp.ReportBlock;
import org.ferryrtc.rtcp.SenderReport;
import org.ferryrtc.rtcp.RtcpCompoundBuilder;
import org.ferryrtc.rtcp.RtcpPacket;
import org.ferryrtc.rtcp.RtcpReader;
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
 * Walking a compound RTCP packet as a browser sends it (RFC 3550 §6.1): an SR with report
 * blocks, SDES CNAME, a Generic NACK, a PLI and a REMB, grown with report blocks to about
 * {@code size} bytes. The walk reads every report block and every lost sequence number; it
 * must be ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtcpCompoundParseBenchmark {
    @Param({"200", "1200"})
    int size;

    private final RtcpReader reader = new RtcpReader();
    private byte[] compound;
    private int length;
    private long sink;

    @Setup
    public void setUp() {
        compound = new byte[2048];
        // fixed part: SR header 28 + SDES ~24 + NACK 16 + PLI 12 + REMB 24 = ~104 bytes;
        // each report block adds 24
        int blocks = Math.max(1, Math.min(31, (size - 104) / 24));
        ReportBlock[] rb = new ReportBlock[blocks];
        for (int i = 0; i < blocks; i++) {
            rb[i] = new ReportBlock(0x1000 + i, 3, 17, 70_000 + i, 12, 0x12345678L, 6553);
        }
        RtcpCompoundBuilder b = new RtcpCompoundBuilder(compound, 0, compound.length);
        boolean ok = b.addSenderReport(0xCAFEBABEL, 0xE8A0_0000_1234_5678L, 90_000, 1_000, 1_200_000, rb)
                && b.addCname(0xCAFEBABEL, "ferry-bench-cname")
                && b.addNack(0xCAFEBABEL, 0x1000, new int[] {100, 101, 105, 116, 117, 300}, 0, 6)
                && b.addPli(0xCAFEBABEL, 0x1000)
                && b.addRemb(0xCAFEBABEL, 1_500_000, 0x1000, 0x1001);
        if (!ok) {
            throw new IllegalStateException("compound does not fit");
        }
        length = b.length();
    }

    @Benchmark
    public long walk() {
        reader.reset(compound, 0, length);
        long acc = 0;
        for (RtcpPacket p; (p = reader.next()) != null; ) {
            if (p instanceof SenderReport r) {
                acc += r.senderSsrc();
                for (int i = 0; i < r.reportCount(); i++) {
                    acc += r.highestSequence(i) + r.jitter(i) + r.cumulativeLost(i);
                }
            } else if (p instanceof GenericNack n) {
                n.forEachLost(seq -> sink += seq);
                acc += n.mediaSsrc();
            } else {
                acc += p.packetType();
            }
        }
        return acc + sink;
    }
}
