package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.ferryrtc.rtp.codec.Depacketizer.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot path allocates nothing per packet: once buffers have grown, packetizing frames and
 * pushing the payloads into a depacketizer allocates (close to) zero bytes on this thread.
 */
class AllocationTest {
    /** Sink that feeds a depacketizer directly (the copy a real sender/receiver would make). */
    static final class Loop implements PayloadSink {
        final Depacketizer dp;
        int seq;
        long ts;
        int frames;

        Loop(Depacketizer dp) {
            this.dp = dp;
        }

        @Override
        public void accept(byte[] buf, int off, int len, boolean marker) {
            if (dp.push(seq, ts, marker, buf, off, len) == Result.FRAME) {
                frames++;
            }
            seq = (seq + 1) & 0xFFFF;
        }
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1", "opus", "PCMU"})
    void steadyStateAllocatesNothingPerPacket(String codec) {
        Random rnd = new Random(12);
        byte[][] frames = new byte[8][];
        for (int i = 0; i < frames.length; i++) {
            int size = codec.equals("opus") ? 200 : 9000;
            frames[i] = Frames.make(codec, size, i == 0, rnd);
        }
        Packetizer pk = Codecs.packetizer(codec);
        Loop loop = new Loop(Codecs.depacketizer(codec));
        int packets = 0;
        for (int round = 0; round < 2; round++) {
            int before = loop.frames;
            long start = allocatedBytes();
            for (int i = 0; i < 4000; i++) {
                packets += pk.packetize(frames[i & 7], 0, frames[i & 7].length, loop);
                loop.ts = (loop.ts + 3000) & 0xFFFF_FFFFL;
            }
            long used = allocatedBytes() - start;
            assertTrue(loop.frames > before, "frames flowed");
            if (round == 1) { // round 0 warms up (buffers grow, JIT compiles)
                assertTrue(used < 4096, codec + ": " + used + " bytes allocated over 4000 frames");
            }
        }
        assertTrue(packets >= 8000);
        assertEquals(0, loop.dp.gaps() + loop.dp.invalid());
    }
}
