package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.ferryrtc.rtcp.TransportCcFeedback;
import org.ferryrtc.rtcp.TwccWriter;
import org.junit.jupiter.api.Test;

/** The recorder's allocation-free path: {@link TwccRecorder#next} into a reused writer. */
class TwccRecorderWriterTest {
    @Test
    void steadyStateRecordingAndFeedbackAllocateNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation counter not available");
        TwccRecorder r = new TwccRecorder(1024);
        byte[] out = new byte[1500];
        long[] t = {0};
        int[] seq = {0};
        long sink = 0;
        for (int round = 0; round < 4_000; round++) { // warm-up (JIT)
            sink += oneInterval(r, out, t, seq);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 2_000; round++) {
            sink += oneInterval(r, out, t, seq);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes for 2,000 x 100 packets");
    }

    /** 100 packets with some loss and reordering, then every feedback written; returns bytes. */
    private static long oneInterval(TwccRecorder r, byte[] out, long[] t, int[] seq) {
        for (int i = 0; i < 100; i++) {
            int s = seq[0]++ & 0xFFFF;
            if (i % 17 == 5) {
                continue; // lost
            }
            t[0] += 900_000L + (i % 7) * 100_000L;
            r.record(t[0], i % 23 == 9 ? (s + 1) & 0xFFFF : i % 23 == 10 ? (s - 1) & 0xFFFF : s);
        }
        long n = 0;
        for (TwccWriter w; (w = r.next(1, 2)) != null; ) {
            n += w.writeTo(out, 0);
        }
        return n;
    }

    @Test
    void anAbandonedDrainKeepsTheRestForLater() {
        TwccRecorder r = new TwccRecorder(1024);
        long t = 0;
        for (int s = 0; s < 450; s++) {
            r.record(t += 100_000, s);
        }
        TwccWriter first = r.next(1, 2);
        assertNotNull(first);
        assertEquals(200, first.receivedCount());
        assertEquals(250, r.pending(), "the sender gave up after one message");
        r.record(t += 100_000, 450);
        assertEquals(251, r.pending());
        TwccWriter w = r.next(1, 2);
        assertEquals(200, w.baseSequence());
        assertEquals(200, w.receivedCount());
        byte[] b = new byte[w.size()];
        w.writeTo(b, 0);
        TransportCcFeedback v = new TransportCcFeedback();
        assertTrue(v.wrap(b, 0, b.length));
        assertEquals(1, v.feedbackPacketCount());
        assertEquals(51, r.next(1, 2).receivedCount());
        assertNull(r.next(1, 2));
        assertEquals(0, r.pending());
    }
}
