package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free TWCC writer (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1)
 * against the record-based reference {@link TwccFeedback#of}: byte-identical on random receive
 * patterns, readable by our parser, rejecting misuse, and allocating nothing once warm.
 */
class TwccWriterTest {

    /** Random pattern in the writer's terms: extended numbers (ascending, with gaps) and arrivals. */
    record Pattern(long[] seqs, long[] arrivals) {
        List<TwccPacket> asPackets() {
            List<TwccPacket> ps = new ArrayList<>();
            for (int i = 0; i < seqs.length; i++) {
                if (i > 0) {
                    for (long m = seqs[i - 1] + 1; m < seqs[i]; m++) {
                        ps.add(new TwccPacket((int) (m & 0xFFFF), false, 0));
                    }
                }
                ps.add(new TwccPacket((int) (seqs[i] & 0xFFFF), true, arrivals[i]));
            }
            return ps;
        }
    }

    static Pattern random(Random rnd) {
        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 30 : 300);
        long[] s = new long[n];
        long[] a = new long[n];
        long seq = rnd.nextInt(4) == 0 ? 65536L * 7 - rnd.nextInt(50) : rnd.nextInt(1 << 20);
        long t = rnd.nextLong() >> 20; // negative too: the reference time is signed
        int mode = 0;
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(8) == 0) {
                mode = rnd.nextInt(4);
            }
            seq += mode == 0 && rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 5) : 1;
            t += switch (mode) {
                case 1 -> rnd.nextInt(256 * 250);
                case 2 -> rnd.nextBoolean() ? -rnd.nextInt(1_000_000) : 64_000 + rnd.nextInt(7_000_000);
                default -> rnd.nextInt(4) == 0 ? -rnd.nextInt(5_000) : rnd.nextInt(100_000);
            };
            s[i] = seq;
            a[i] = t;
        }
        return new Pattern(s, a);
    }

    @Test
    void byteIdenticalToTheRecordBasedWriterOnRandomPatterns() {
        Random rnd = new Random(20261121);
        TwccWriter w = new TwccWriter();
        byte[] out = new byte[70_000];
        TransportCcFeedback view = new TransportCcFeedback();
        int compared = 0;
        for (int i = 0; i < 5_000; i++) {
            Pattern p = random(rnd);
            int fb = rnd.nextInt(256);
            int pad = rnd.nextInt(3); // slice out of a larger array
            long[] s = new long[p.seqs.length + 2 * pad];
            long[] a = new long[s.length];
            System.arraycopy(p.seqs, 0, s, pad, p.seqs.length);
            System.arraycopy(p.arrivals, 0, a, pad, p.arrivals.length);
            TwccFeedback ref = TwccFeedback.of(0x1234L, 0xFFFFFFFFL, fb, p.asPackets());
            byte[] expected = new byte[ref.size()];
            ref.writeTo(expected, 0);
            int n = w.prepare(0x1234L, 0xFFFFFFFFL, fb, s, a, pad, p.seqs.length);
            assertEquals(expected.length, n);
            assertEquals(n, w.size());
            int off = rnd.nextInt(8);
            Arrays.fill(out, 0, off + n + 4, (byte) 0x5A); // stale bytes must all be overwritten
            assertEquals(n, w.writeTo(out, off));
            assertArrayEquals(expected, Arrays.copyOfRange(out, off, off + n), "pattern " + i);
            assertEquals((byte) 0x5A, out[off + n], "nothing written past size()");
            assertTrue(view.wrap(out, off, n));
            assertEquals(ref, view.decode());
            assertEquals(p.seqs.length, w.receivedCount());
            assertEquals((int) (p.seqs[0] & 0xFFFF), w.baseSequence());
            compared++;
        }
        assertEquals(5_000, compared);
    }

    @Test
    void largestSpanAndManyPacketsMatchToo() {
        TwccWriter w = new TwccWriter();
        long[] s = {10, 10 + 0xFFFE};
        long[] a = {1_000, 2_000};
        byte[] b = new byte[w.prepare(1, 2, 0, s, a, 0, 2)];
        w.writeTo(b, 0);
        TwccFeedback ref = TwccFeedback.of(1, 2, 0, new Pattern(s, a).asPackets());
        byte[] e = new byte[ref.size()];
        ref.writeTo(e, 0);
        assertArrayEquals(e, b);
        assertEquals(0xFFFF, w.statusCount());
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {10, 10 + 0xFFFF}, a, 0, 2),
                "a span of 65536 does not fit the status count");
    }

    @Test
    void rejectsMisuseWithoutLeavingAHalfPreparedFeedback() {
        TwccWriter w = new TwccWriter();
        assertThrows(IllegalStateException.class, w::size);
        long[] a = {0, 1_000, 2_000};
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {5, 4, 6}, a, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {5, 900, 6}, a, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {5, 5, 6}, a, 0, 3));
        assertThrows(IllegalStateException.class, w::size, "a failed prepare leaves nothing to write");
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {5, 6}, new long[] {0, 8_200_000}, 0, 2),
                "delta beyond 16 signed bits of 250 us");
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 256, new long[] {5}, a, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> w.prepare(-1, 2, 0, new long[] {5}, a, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {5}, a, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> w.prepare(1, 2, 0, new long[] {5}, a, 1, 1));
        w.prepare(1, 2, 0, new long[] {5}, a, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> w.writeTo(new byte[10], 0));
    }

    @Test
    void compoundBuilderTakesTheWriter() {
        TwccWriter w = new TwccWriter();
        int n = w.prepare(7, 8, 3, new long[] {100, 101, 104}, new long[] {64_000, 65_000, 60_000}, 0, 3);
        byte[] b = new byte[100];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, n - 1);
        assertTrue(!cb.addTwcc(w), "does not fit: nothing written");
        assertEquals(0, cb.length());
        cb = new RtcpCompoundBuilder(b, 0, 100);
        assertTrue(cb.addPli(7, 8) && cb.addTwcc(w));
        assertEquals(PictureLossIndication.SIZE + n, cb.length());
        TransportCcFeedback v = new TransportCcFeedback();
        assertTrue(v.wrap(b, PictureLossIndication.SIZE, n));
        assertEquals(5, v.statusCount());
        assertEquals(3, v.receivedCount());
    }

    @Test
    void writingAHundredPacketFeedbackAllocatesNothingOnceWarm() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation counter not available");
        Random rnd = new Random(5);
        Pattern[] ps = new Pattern[16];
        for (int i = 0; i < ps.length; i++) {
            long[] s = new long[100];
            long[] a = new long[100];
            long seq = 65_500;
            long t = 1_000_000_000L;
            for (int k = 0; k < 100; k++) {
                seq += rnd.nextInt(5) == 0 ? 2 : 1;
                t += rnd.nextInt(10) == 0 ? -3_000 : rnd.nextInt(90_000);
                s[k] = seq;
                a[k] = t;
            }
            ps[i] = new Pattern(s, a);
        }
        TwccWriter w = new TwccWriter();
        byte[] out = new byte[1500];
        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm up (JIT)
            Pattern p = ps[i & 15];
            w.prepare(1, 2, i & 255, p.seqs, p.arrivals, 0, 100);
            sink += w.writeTo(out, 0);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            Pattern p = ps[i & 15];
            w.prepare(1, 2, i & 255, p.seqs, p.arrivals, 0, 100);
            sink += w.writeTo(out, 0);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes for 20,000 feedbacks");
    }
}
