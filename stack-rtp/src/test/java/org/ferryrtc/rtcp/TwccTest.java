package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Transport-wide CC feedback writing/decoding (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
class TwccTest {

    static byte[] write(TwccFeedback f) {
        byte[] b = new byte[f.size()];
        assertEquals(b.length, f.writeTo(b, 0));
        return b;
    }

    static TransportCcFeedback parse(byte[] b) {
        TransportCcFeedback t = new TransportCcFeedback();
        assertTrue(t.wrap(b, 0, b.length));
        return t;
    }

    static int chunk(byte[] b, int i) {
        return ((b[20 + 2 * i] & 0xFF) << 8) | (b[21 + 2 * i] & 0xFF);
    }

    @Test
    void allReceivedSmallDeltasMakeOneRunLengthChunk() {
        List<TwccPacket> ps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ps.add(new TwccPacket(65500 + i & 0xFFFF, true, 640_000 + 1000L * i));
        }
        byte[] b = write(TwccFeedback.of(1, 2, 9, ps));
        assertEquals(0x2000 | 100, chunk(b, 0)); // run length, symbol 1, 100
        assertEquals((20 + 2 + 100 + 3) & ~3, b.length);
        TwccFeedback f = parse(b).decode();
        assertEquals(10, f.referenceTime());
        assertEquals(0, f.deltaTicks(0));
        assertEquals(4, f.deltaTicks(1));
        assertEquals(ps, f.packets());
    }

    @Test
    void alternatingLossMakesOneBitVectors() {
        List<TwccPacket> ps = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            ps.add(new TwccPacket(i, i % 2 == 0, 64_000 + 2000L * i));
        }
        byte[] b = write(TwccFeedback.of(1, 2, 0, ps));
        assertEquals(0b10_10101010101010, chunk(b, 0));
        assertEquals(0b10_10101010101010, chunk(b, 1));
        TwccFeedback f = parse(b).decode();
        assertEquals(28, f.statusCount());
        assertEquals(14, f.receivedCount());
        assertEquals(16, f.deltaTicks(1)); // 4 ms between received packets
        assertEquals(ps.stream().filter(TwccPacket::received).toList(),
                f.packets().stream().filter(TwccPacket::received).toList());
    }

    @Test
    void largeAndNegativeDeltasMakeTwoBitVectorsAndSurvive() {
        // reordered arrivals: 3 arrives before 2; 4 after a 300 ms gap (large delta)
        List<TwccPacket> ps = List.of(new TwccPacket(1, true, 128_000), new TwccPacket(2, true, 130_000),
                new TwccPacket(3, true, 129_000), new TwccPacket(4, true, 430_000),
                new TwccPacket(5, false, 0), new TwccPacket(6, true, 430_250), new TwccPacket(7, true, 430_500));
        TwccFeedback f = TwccFeedback.of(7, 8, 1, ps);
        byte[] b = write(f);
        int c = chunk(b, 0);
        assertEquals(0xC000, c & 0xC000, "2-bit status vector");
        int[] symbols = new int[7];
        for (int k = 0; k < 7; k++) {
            symbols[k] = (c >>> (12 - 2 * k)) & 3;
        }
        assertArrayEquals(new int[] {1, 1, 2, 2, 0, 1, 1}, symbols);
        TwccFeedback g = parse(b).decode();
        assertEquals(f, g);
        assertEquals(-4, g.deltaTicks(2));
        assertEquals(1204, g.deltaTicks(3));
        assertEquals(ps.stream().filter(TwccPacket::received).toList(),
                g.packets().stream().filter(TwccPacket::received).toList());
        assertArrayEquals(b, write(g));
    }

    @Test
    void arrivalsAreQuantisedDownTo250us() {
        TwccFeedback f = TwccFeedback.of(1, 2, 0, List.of(new TwccPacket(0, true, 64_123),
                new TwccPacket(1, true, 64_499), new TwccPacket(2, true, 64_500)));
        TwccFeedback g = parse(write(f)).decode();
        assertEquals(64_000, g.arrivalTimeUs(0));
        assertEquals(64_250, g.arrivalTimeUs(1));
        assertEquals(64_500, g.arrivalTimeUs(2));
    }

    @Test
    void unrepresentableInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TwccFeedback.of(1, 2, 0,
                List.of(new TwccPacket(0, true, 0), new TwccPacket(1, true, 9_000_000))));
        assertThrows(IllegalArgumentException.class, () -> TwccFeedback.of(1, 2, 0,
                List.of(new TwccPacket(5, true, 0), new TwccPacket(5, true, 0))));
        assertThrows(IllegalArgumentException.class, () -> TwccFeedback.of(1, 2, 0,
                List.of(new TwccPacket(5, true, 0), new TwccPacket(4, true, 0))));
    }

    @Test
    void emptyAndAllLost() {
        TwccFeedback e = TwccFeedback.of(1, 2, 0, List.of());
        assertEquals(e, parse(write(e)).decode());
        assertEquals(20, write(e).length);
        List<TwccPacket> lost = new ArrayList<>();
        for (int i = 0; i < 9000; i++) {
            lost.add(new TwccPacket(i, false, 0));
        }
        byte[] b = write(TwccFeedback.of(1, 2, 0, lost));
        assertEquals(0x1FFF, chunk(b, 0)); // run of 8191 not received
        assertEquals(9000 - 8191, chunk(b, 1));
        TwccFeedback f = parse(b).decode();
        assertEquals(9000, f.statusCount());
        assertEquals(0, f.receivedCount());
    }

    @Test
    void randomFeedbackRoundTrips() {
        Random rnd = new Random(3611);
        for (int round = 0; round < 1500; round++) {
            int base = rnd.nextInt(65536);
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 400);
            double loss = rnd.nextDouble() * rnd.nextDouble();
            long t = (long) rnd.nextInt(1 << 22) * 64_000L + rnd.nextInt(64_000);
            List<TwccPacket> ps = new ArrayList<>();
            int seq = base;
            for (int i = 0; i < n; i++) {
                seq = (seq + 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(5) : 0)) & 0xFFFF;
                if (i == 0) {
                    seq = base;
                }
                int step = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(200);
                    case 1 -> rnd.nextInt(70_000);
                    case 2 -> -rnd.nextInt(50_000);
                    default -> rnd.nextInt(2_000_000);
                };
                boolean received = rnd.nextDouble() >= loss;
                if (received) {
                    t += step;
                }
                ps.add(new TwccPacket(seq, received, received ? t : 0));
            }
            if (((ps.get(n - 1).sequenceNumber() - base) & 0xFFFF) >= 0xFFFF) {
                continue;
            }
            TwccFeedback f = TwccFeedback.of(11, 22, round & 0xFF, ps);
            byte[] b = write(f);
            TwccFeedback g = parse(b).decode();
            assertEquals(f, g);
            assertArrayEquals(b, write(g));
            // arrival times come back quantised down to 250 us from the 64 ms reference
            long ref = -1;
            int r = 0;
            for (TwccPacket p : ps) {
                if (!p.received()) {
                    continue;
                }
                if (ref < 0) {
                    ref = Math.floorDiv(p.arrivalTimeUs(), 64_000L) * 64_000L;
                }
                long want = ref + Math.floorDiv(p.arrivalTimeUs() - ref, 250L) * 250L;
                assertEquals(want, g.arrivalTimeUs(r), "arrival " + r);
                assertEquals(p.sequenceNumber(), g.receivedSequence(r));
                r++;
            }
            assertEquals(r, g.receivedCount());
        }
    }

    @Test
    void malformedFeedbackIsRejectedWithoutAllocatingFromTheCount() {
        byte[] ok = write(TwccFeedback.of(1, 2, 0, List.of(new TwccPacket(0, true, 0), new TwccPacket(1, true, 70_000))));
        TransportCcFeedback t = new TransportCcFeedback();
        // status count says 65535 but one 1-bit vector chunk is all there is
        byte[] lie = ok.clone();
        lie[14] = (byte) 0xFF;
        lie[15] = (byte) 0xFF;
        assertFalse(t.wrap(lie, 0, lie.length));
        RtcpReader r = new RtcpReader().reset(lie, 0, lie.length);
        assertEquals(null, r.next());
        assertEquals(RtcpError.TRUNCATED, r.error());
        // reserved symbol 3 in a 2-bit vector
        byte[] reserved = ok.clone();
        reserved[20] = (byte) 0xF0;
        r.reset(reserved, 0, reserved.length);
        assertEquals(null, r.next());
        assertEquals(RtcpError.MALFORMED, r.error());
        // deltas cut off: a run of 200 received packets with 1-byte deltas cannot fit
        byte[] cut = Arrays.copyOf(ok, 24);
        cut[3] = 5;
        cut[14] = 0;
        cut[15] = (byte) 200;
        cut[20] = 0x20;
        cut[21] = (byte) 200;
        r.reset(cut, 0, cut.length);
        assertEquals(null, r.next());
        assertEquals(RtcpError.TRUNCATED, r.error());
        // a lone run-length chunk may legitimately cover 8191 lost packets: fine, nothing received
        byte[] run = Arrays.copyOf(ok, 24);
        run[3] = 5;
        run[14] = 0x1F;
        run[15] = (byte) 0xFF;
        run[20] = 0x1F;
        run[21] = (byte) 0xFF;
        run[22] = 0;
        run[23] = 0;
        assertTrue(t.wrap(run, 0, run.length));
        assertEquals(8191, t.statusCount());
        assertEquals(0, t.decode().receivedCount());
    }
}
