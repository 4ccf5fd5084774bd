package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceUnwrapperTest {

    @Test
    void reorderingAroundTheWrap() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        int[] in = {65533, 65535, 65534, 0, 2, 1, 65535, 3};
        long[] want = {65533, 65535, 65534, 65536, 65538, 65537, 65535, 65539};
        for (int i = 0; i < in.length; i++) {
            assertEquals(want[i], u.unwrap(in[i]), "input #" + i + " = " + in[i]);
        }
        assertEquals(65539, u.highest());
    }

    @Test
    void lateReorderedPacketDoesNotMoveTheReferenceBack() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertEquals(65535, u.unwrap(65535));
        assertEquals(65536 + 20000, u.unwrap(20000));
        // 65535 again is now 20001 behind: still the previous cycle
        assertEquals(65535, u.unwrap(65535));
        // and 40000 is 20000 ahead of the (unchanged) reference 85536: next cycle's 40000
        assertEquals(65536 + 40000, u.unwrap(40000));
    }

    @Test
    void packetBeforeTheFirstAcrossTheWrapIsNegative() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertEquals(0, u.unwrap(0));
        assertEquals(-1, u.unwrap(65535));
        assertEquals(-2, u.unwrap(65534));
        assertEquals(0, u.highest());
        assertEquals(1, u.unwrap(1));
    }

    @Test
    void halfWayResolvesBackwards() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        u.unwrap(0);
        assertEquals(32767, u.peek(32767));
        assertEquals(-32768, u.peek(32768));
        assertEquals(0, u.highest(), "peek changes nothing");
    }

    @Test
    void seededLongRunWithLocalReorderingAndDuplicates() {
        Random rnd = new Random(42);
        int n = 400_000; // about six wraps
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i + 1000;
        }
        // local reordering: shuffle within blocks of 256 (displacement < 256), the first block kept
        for (int b = 256; b < n; b += 256) {
            for (int i = Math.min(n, b + 256) - 1; i > b; i--) {
                int j = b + rnd.nextInt(i - b + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        SequenceUnwrapper u = new SequenceUnwrapper();
        // the first input must be near the start so values are positive; start with the true first
        assertEquals(1000, u.unwrap(1000));
        for (int i = 0; i < n; i++) {
            long want = order[i];
            assertEquals(want, u.unwrap((int) (want & 0xFFFF)), "at " + i);
            if (rnd.nextInt(50) == 0) {
                assertEquals(want, u.unwrap((int) (want & 0xFFFF)), "duplicate at " + i);
            }
        }
        assertEquals(n + 999, u.highest());
    }

    @Test
    void resetAndBadInput() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertFalse(u.started());
        u.unwrap(65535);
        u.unwrap(0);
        assertEquals(65536, u.highest());
        u.reset();
        assertFalse(u.started());
        assertEquals(0, u.unwrap(0));
        assertThrows(IllegalArgumentException.class, () -> u.unwrap(65536));
        assertThrows(IllegalArgumentException.class, () -> u.unwrap(-1));
    }

    @Test
    void timestampsAcrossTheWrapWithReordering() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertEquals(0xFFFFFF00L, u.unwrap(0xFFFFFF00L));
        assertEquals(0x1_0000_0100L, u.unwrap(0x100L));
        assertEquals(0xFFFFFFF0L, u.unwrap(0xFFFFFFF0L), "late frame from before the wrap");
        assertEquals(0x1_0000_0200L, u.unwrap(0x200L));
        assertEquals(0x1_0000_0200L, u.highest());
        assertEquals(0x1_0000_0200L - 0x8000_0000L, u.peek(0x8000_0200L), "half-way resolves backwards");
        assertThrows(IllegalArgumentException.class, () -> u.unwrap(1L << 32));
        TimestampUnwrapper v = new TimestampUnwrapper();
        assertEquals(5, v.unwrap(5));
        assertEquals(5 - 10, v.unwrap(0xFFFFFFFBL), "before the first across the wrap");
    }

    @Test
    void timestampsSeededRunOverSeveralWraps() {
        Random rnd = new Random(7);
        TimestampUnwrapper u = new TimestampUnwrapper();
        long truth = 0xFFFF0000L;
        u.unwrap(truth);
        long prev = truth;
        for (int i = 0; i < 200_000; i++) {
            truth += 1 + rnd.nextInt(200_000); // video frames with gaps; > 2^32 total, several wraps
            long late = prev; // a packet of the previous frame arrives after the new one
            assertEquals(truth, u.unwrap(truth & 0xFFFFFFFFL));
            assertEquals(late, u.unwrap(late & 0xFFFFFFFFL));
            prev = truth;
        }
        assertTrue(truth > 4L << 32, "covered several wraps: " + truth);
        assertEquals(truth, u.highest());
    }
}
