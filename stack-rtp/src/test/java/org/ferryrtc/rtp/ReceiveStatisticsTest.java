package org.ferryrtc.rtp;

import org.ferryrtc.rtcp.ReportBlock;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Expected values are worked out by hand from the formulas of RFC 3550 A.1, A.3 and A.8 in the
 * comments next to each assertion.
 */
class ReceiveStatisticsTest {
    private static final long MS = 1_000_000L;

    private static void feed(ReceiveStatistics s, int... seqs) {
        for (int q : seqs) {
            s.onPacket(0, q, 0);
        }
    }

    @Test
    void probationThenExpectedLostAndFractionPerInterval() {
        ReceiveStatistics s = new ReceiveStatistics(0xABCDL, 8000); // MIN_SEQUENTIAL = 2
        assertFalse(s.onPacket(0, 100, 0), "first packet: probation 2 -> 1, not counted");
        assertFalse(s.validated());
        assertEquals(0, s.reportBlock(0).highestSequence(), "nothing to report before validation");
        assertTrue(s.onPacket(0, 101, 0), "in sequence: probation 0, init_seq(101), received = 1");
        assertTrue(s.validated());
        feed(s, 102, 104, 105, 103, 107, 107, 108);
        // 102, 104, 105, 107, 108 advance max_seq; 103 is reordered (udelta 65534 > 65536-100)
        // and the second 107 is a duplicate (udelta 0): both still counted, as in A.1.
        assertEquals(8, s.received(), "101 102 104 105 103 107 107 108");
        assertEquals(108, s.extendedHighestSequence());
        assertEquals(8, s.expected(), "108 - 101 + 1");
        assertEquals(0, s.lost(), "106 missing, but the duplicate 107 hides it");
        ReportBlock r1 = s.reportBlock(0);
        assertEquals(0xABCDL, r1.ssrc());
        assertEquals(0, r1.fractionLost(), "interval: expected 8, received 8, lost 0");
        assertEquals(0, r1.cumulativeLost());
        assertEquals(108, r1.highestSequence());

        feed(s, 109, 112, 113);
        ReportBlock r2 = s.reportBlock(0);
        // expected = 113 - 101 + 1 = 13, received = 11, cumulative lost 2
        // interval: expected 13 - 8 = 5, received 11 - 8 = 3, lost 2 -> (2 << 8) / 5 = 512 / 5 = 102
        assertEquals(2, r2.cumulativeLost());
        assertEquals(102, r2.fractionLost());
        assertEquals(113, r2.highestSequence());

        ReportBlock r3 = s.reportBlock(0);
        assertEquals(0, r3.fractionLost(), "empty interval: expected_interval 0 -> fraction 0");
        assertEquals(2, r3.cumulativeLost());

        feed(s, 114, 114, 114, 115);
        ReportBlock r4 = s.reportBlock(0);
        // interval: expected 15 - 13 = 2, received 15 - 11 = 4, lost -2 <= 0 -> fraction 0
        // cumulative: 15 - 15 = 0
        assertEquals(0, r4.fractionLost());
        assertEquals(0, r4.cumulativeLost());
        assertEquals(1, s.probationDroppedCount());
    }

    @Test
    void probationRestartsOnOutOfSequencePacket() {
        ReceiveStatistics s = new ReceiveStatistics(1, 90000, 3);
        assertFalse(s.onPacket(0, 10, 0)); // probation 3 -> 2
        assertFalse(s.onPacket(0, 20, 0)); // not 11: probation = MIN_SEQUENTIAL - 1 = 2, max_seq = 20
        assertFalse(s.onPacket(0, 21, 0)); // 2 -> 1
        assertTrue(s.onPacket(0, 22, 0)); // 1 -> 0: init_seq(22)
        assertEquals(1, s.received());
        assertEquals(1, s.expected());
        ReceiveStatistics one = new ReceiveStatistics(1, 90000, 1);
        assertTrue(one.onPacket(0, 500, 0), "MIN_SEQUENTIAL 1 accepts the first packet");
        assertEquals(500, one.extendedHighestSequence());
    }

    @Test
    void wrapWithReorderingCountsCycles() {
        ReceiveStatistics s = new ReceiveStatistics(1, 90000);
        feed(s, 65533, 65534, 0, 65535, 1, 3);
        // probation ends at 65534 (base); 0: udelta 2 and 0 < 65534 -> cycles = 65536, max 0;
        // 65535: udelta 65535 -> reordered; 1, 3: in sequence
        assertEquals(65536 + 3, s.extendedHighestSequence());
        assertEquals(65536 + 3 - 65534 + 1, s.expected(), "6");
        assertEquals(5, s.received(), "65534 0 65535 1 3");
        assertEquals(1, s.reportBlock(0).cumulativeLost(), "2 is missing");
    }

    @Test
    void largeJumpIsBadUnlessConfirmedAsRestart() {
        ReceiveStatistics s = new ReceiveStatistics(1, 90000);
        feed(s, 200, 201, 202);
        assertFalse(s.onPacket(0, 30000, 0), "udelta 29798 >= MAX_DROPOUT: bad, bad_seq = 30001");
        assertTrue(s.onPacket(0, 203, 0), "back in sequence");
        assertEquals(203, s.extendedHighestSequence());
        assertFalse(s.onPacket(0, 10000, 0), "bad again, bad_seq = 10001");
        assertTrue(s.onPacket(0, 10001, 0), "seq == bad_seq: the source restarted, init_seq(10001)");
        assertTrue(s.onPacket(0, 10002, 0));
        assertEquals(1, s.restartCount());
        assertEquals(2, s.badSequenceCount());
        assertEquals(10002, s.extendedHighestSequence());
        assertEquals(2, s.expected(), "10002 - 10001 + 1");
        assertEquals(2, s.received());
        assertFalse(s.onPacket(0, 10002 - 101, 0), "more than MAX_MISORDER back is bad too");
        assertTrue(s.onPacket(0, 10002 - 100, 0), "MAX_MISORDER back is reordering");
    }

    @Test
    void cumulativeLostClampsToSigned24Bits() {
        ReceiveStatistics dup = new ReceiveStatistics(1, 90000, 1);
        for (int i = 0; i < 0x800000 + 2; i++) {
            dup.onPacket(0, 7, 0); // expected stays 1, received grows
        }
        assertEquals(1 - (0x800000 + 2), dup.lost());
        assertEquals(-0x800000, dup.reportBlock(0).cumulativeLost());
        ReceiveStatistics loss = new ReceiveStatistics(1, 90000, 1);
        int seq = 0;
        for (int i = 0; i < 3000; i++) {
            loss.onPacket(0, seq, 0);
            seq = (seq + 2999) & 0xFFFF; // each step loses 2998
        }
        assertEquals(2999L * 2999 + 1 - 3000, loss.lost(), "expected 2999 * 2999 + 1, received 3000");
        ReportBlock r = loss.reportBlock(0);
        assertEquals(0x7FFFFF, r.cumulativeLost());
        // interval = everything: (8991002 << 8) / 8994002 = 2301696512 / 8994002 = 255 (.91)
        assertEquals(255, r.fractionLost());
    }

    @Test
    void jitterStepByStep() {
        // 8 kHz, 20 ms packets (160 units). Arrivals 0, 20, 45, 60, 80, 103 ms = 0, 160, 360,
        // 480, 640, 824 units; timestamps 1000 + 160 k. transit = arrival - ts:
        // -1000, -1000, -960, -1000, -1000, -976  ->  D = 0, 40, 40, 0, 24
        // J1 = 0 + (0 - 0) / 16 = 0
        // J2 = 0 + (40 - 0) / 16 = 2.5
        // J3 = 2.5 + (40 - 2.5) / 16 = 4.84375
        // J4 = 4.84375 + (0 - 4.84375) / 16 = 4.541015625
        // J5 = 4.541015625 + (24 - 4.541015625) / 16 = 5.7572021484375
        ReceiveStatistics s = new ReceiveStatistics(1, 8000, 1);
        long[] arrivalMs = {0, 20, 45, 60, 80, 103};
        double[] want = {0, 0, 2.5, 4.84375, 4.541015625, 5.7572021484375};
        for (int k = 0; k < arrivalMs.length; k++) {
            assertTrue(s.onPacket(arrivalMs[k] * MS, 10 + k, 1000 + 160L * k));
            assertEquals(want[k], s.jitter(), 1e-12, "after packet " + k);
        }
        assertEquals(5, s.reportBlock(0).jitter(), "truncated");
    }

    @Test
    void jitterAcrossTimestampWrapAndLargeClock() {
        // 90 kHz; timestamps wrap from 0xFFFFxxxx to 0; arrival times ~31 years in nanoseconds.
        // The sender advances 3600 units (40 ms) per packet; arrivals alternate +0 / +1 ms
        // (90 units) late, so from the second packet on D = 90 every time and
        // J(n) = J(n-1) + (90 - J(n-1)) / 16, computed below one step at a time.
        ReceiveStatistics s = new ReceiveStatistics(1, 90000, 1);
        long base = 1_000_000_000_000_000_000L; // divisible by 1e9: base * 90000 / 1e9 exact
        long ts = 0xFFFF_0000L;
        double want = 0;
        for (int k = 0; k < 60; k++) {
            long sendNanos = k * 40 * MS; // 3600 units exactly
            long late = (k % 2) * MS;
            assertTrue(s.onPacket(base + sendNanos + late, k, ts & 0xFFFFFFFFL));
            // arrival units: (sendNanos + late) * 90000 / 1e9 = 3600 k (+ 90 if k is odd)
            if (k > 0) {
                want += (90 - want) / 16;
            }
            assertEquals(want, s.jitter(), 1e-9, "after packet " + k);
            ts += 3600;
        }
        assertTrue(ts > 0xFFFF_FFFFL, "the timestamp wrapped");
        assertEquals((long) want, s.reportBlock(0).jitter());
    }

    @Test
    void lsrAndDlsrFromTheLastSenderReport() {
        ReceiveStatistics s = new ReceiveStatistics(0xFFFFFFFFL, 48000);
        feed(s, 1, 2, 3);
        ReportBlock none = s.reportBlock(5_000 * MS);
        assertEquals(0, none.lastSr());
        assertEquals(0, none.delaySinceLastSr());
        s.onSenderReport(1_000 * MS, 0x1234_5678L);
        ReportBlock r = s.reportBlock(2_500 * MS);
        assertEquals(0x1234_5678L, r.lastSr());
        assertEquals(98_304, r.delaySinceLastSr(), "1.5 s * 65536");
        assertEquals(0xFFFFFFFFL, r.ssrc());
        s.onSenderReport(3_000 * MS, 0xDEAD_BEEFL);
        // 0.25 s + 1 ns: 16384 + floor(1 * 65536 / 1e9) = 16384
        assertEquals(16_384, s.reportBlock(3_250 * MS + 1).delaySinceLastSr());
        assertEquals(0xDEAD_BEEFL, s.reportBlock(3_250 * MS).lastSr());
    }

    @Test
    void readsTheRtpView() {
        byte[] b = new byte[12];
        RtpPacket.writeFixedHeader(b, 0, false, 96, 4242, 123456, 9);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, 12));
        ReceiveStatistics s = new ReceiveStatistics(9, 90000, 1);
        assertTrue(s.onPacket(0, p));
        assertEquals(4242, s.extendedHighestSequence());
        assertThrows(IllegalArgumentException.class, () -> new ReceiveStatistics(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveStatistics(1L << 32, 90000));
    }
}
