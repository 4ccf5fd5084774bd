package org.ferryrtc.peer.media;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.rtcp.TwccFeedback;
import org.ferryrtc.rtcp.TwccPacket;
import org.ferryrtc.rtp.SequenceUnwrapper;

/**
 * Receive side of transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): records the transport-wide sequence
 * number and arrival time of every RTP packet of the session, and turns what was recorded since
 * the last feedback into {@link TwccFeedback} messages (sorted by sequence number, duplicates
 * removed, numbers in between reported as not received). Recording is allocation-free; building
 * the feedback (every ~100 ms) allocates.
 */
final class TwccRecorder {
    /** Received packets described by one feedback message at most (keeps it well under the MTU). */
    static final int MAX_PER_FEEDBACK = 200;
    /** A jump in sequence numbers larger than this starts a new feedback message. */
    static final int MAX_GAP = 500;

    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private final long[] seqs;
    private final long[] arrivals;
    private int count;
    private long overflow;
    private int feedbackCount;

    TwccRecorder(int capacity) {
        seqs = new long[capacity];
        arrivals = new long[capacity];
    }

    void record(long nowNanos, int seq16) {
        if (count == seqs.length) {
            overflow++;
            return;
        }
        seqs[count] = unwrapper.unwrap(seq16);
        arrivals[count++] = nowNanos;
    }

    int pending() {
        return count;
    }

    long overflowCount() {
        return overflow;
    }

    /** Builds the feedback messages for everything recorded and forgets it. */
    List<TwccFeedback> drain(long senderSsrc, long mediaSsrc) {
        List<TwccFeedback> out = new ArrayList<>();
        if (count == 0) {
            return out;
        }
        // insertion sort: the input is almost sorted (only reordering moves things)
        for (int i = 1; i < count; i++) {
            long s = seqs[i];
            long a = arrivals[i];
            int j = i - 1;
            while (j >= 0 && seqs[j] > s) {
                seqs[j + 1] = seqs[j];
                arrivals[j + 1] = arrivals[j];
                j--;
            }
            seqs[j + 1] = s;
            arrivals[j + 1] = a;
        }
        List<TwccPacket> batch = new ArrayList<>();
        int received = 0;
        long prev = Long.MIN_VALUE;
        long prevUs = 0;
        for (int i = 0; i < count; i++) {
            long s = seqs[i];
            if (s == prev) {
                continue; // duplicate
            }
            long us = Math.floorDiv(arrivals[i], 1000L);
            // a receive delta holds +-8.19 s (16 signed bits of 250 us): split well before that
            if (!batch.isEmpty() && (received == MAX_PER_FEEDBACK || s - prev > MAX_GAP
                    || Math.abs(us - prevUs) > 8_000_000L)) {
                out.add(TwccFeedback.of(senderSsrc, mediaSsrc, nextCount(), batch));
                batch = new ArrayList<>();
                received = 0;
            } else if (!batch.isEmpty()) {
                for (long m = prev + 1; m < s; m++) {
                    batch.add(new TwccPacket((int) (m & 0xFFFF), false, 0));
                }
            }
            batch.add(new TwccPacket((int) (s & 0xFFFF), true, us));
            received++;
            prev = s;
            prevUs = us;
        }
        out.add(TwccFeedback.of(senderSsrc, mediaSsrc, nextCount(), batch));
        count = 0;
        return out;
    }

    private int nextCount() {
        int c = feedbackCount;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return c;
    }
}
