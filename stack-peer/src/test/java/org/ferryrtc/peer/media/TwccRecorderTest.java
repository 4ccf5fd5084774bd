package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.rtcp.TwccFeedback;
import org.ferryrtc.rtcp.TwccPacket;
import org.junit.jupiter.api.Test;

class TwccRecorderTest {
    static final long US = 1_000L;

    @Test
    void sortsDeduplicatesAndReportsHolesAcrossTheWrap() {
        TwccRecorder r = new TwccRecorder(64);
        long t = 1_000_000_000L;
        int[] order = {65533, 65535, 65534, 0, 0, 3};
        for (int i = 0; i < order.length; i++) {
            r.record(t + i * 1000 * US, order[i]);
        }
        List<TwccFeedback> fbs = r.drain(1, 2);
        assertEquals(1, fbs.size());
        TwccFeedback fb = fbs.get(0);
        assertEquals(65533, fb.baseSequence());
        assertEquals(7, fb.statusCount(), "65533..3");
        List<Integer> received = new ArrayList<>();
        for (TwccPacket p : fb.packets()) {
            if (p.received()) {
                received.add(p.sequenceNumber());
            }
        }
        assertEquals(List.of(65533, 65534, 65535, 0, 3), received);
        // 65534 arrived after 65535: its arrival is later, encoded as a negative delta for the next one
        assertTrue(fb.arrivalTimeUs(1) > fb.arrivalTimeUs(2));
        assertEquals(0, r.pending());
        assertTrue(r.drain(1, 2).isEmpty(), "nothing left to report");
    }

    @Test
    void splitsLargeBatchesGapsAndLongPauses() {
        TwccRecorder r = new TwccRecorder(4096);
        long t = 0;
        for (int s = 0; s < 450; s++) {
            r.record(t += 100 * US, s);
        }
        r.record(t += 100 * US, 2000); // a jump over MAX_GAP
        r.record(t + 9_000_000 * US, 2001); // 9 s later: beyond a 16-bit delta
        List<TwccFeedback> fbs = r.drain(1, 2);
        int received = 0;
        for (TwccFeedback fb : fbs) {
            assertTrue(fb.receivedCount() <= TwccRecorder.MAX_PER_FEEDBACK);
            received += fb.receivedCount();
        }
        assertEquals(452, received);
        assertEquals(5, fbs.size(), "200 + 200 + 50, then 2000, then 2001");
        assertEquals(0, fbs.get(0).feedbackCount());
        assertEquals(4, fbs.get(4).feedbackCount());
    }
}
