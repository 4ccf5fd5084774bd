package org.ferryrtc.peer.media;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.rtcp.TransportCcFeedback;
import org.ferryrtc.rtcp.TwccFeedback;
import org.ferryrtc.rtcp.TwccWriter;
import org.ferryrtc.rtp.SequenceUnwrapper;

/**
 * Receive side of transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): records the transport-wide sequence
 * number and arrival time of every RTP packet of the session, and turns what was recorded since
 * the last feedback into feedback messages (sorted by sequence number, duplicates removed,
 * numbers in between reported as not received). Recording and {@link #next} are allocation-free:
 * each message is prepared in a reused {@link TwccWriter} straight from the primitive arrays.
 */
final class TwccRecorder {
    /** Received packets described by one feedback message at most (keeps it well under the MTU). */
    static final int MAX_PER_FEEDBACK = 200;
    /** A jump in sequence numbers larger than this starts a new feedback message. */
    static final int MAX_GAP = 500;
    /** Arrivals further apart than this (us) start a new message: a delta holds +-8.19 s. */
    static final long MAX_DELTA_US = 8_000_000L;

    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private final TwccWriter writer = new TwccWriter();
    /** Extended sequence numbers. */
    private final long[] seqs;
    /** Arrival times in microseconds. */
    private final long[] arrivals;
    private int count;
    /** While draining: index of the first entry not yet put into a message; -1 when not draining. */
    private int drainPos = -1;
    private long overflow;
    private int feedbackCount;

    TwccRecorder(int capacity) {
        seqs = new long[capacity];
        arrivals = new long[capacity];
    }

    /** Records one packet (arrival in nanoseconds of any monotonic clock). */
    void record(long nowNanos, int seq16) {
        if (drainPos >= 0) {
            // a drain was abandoned part-way: keep what was not yet reported, in front
            int rest = count - drainPos;
            System.arraycopy(seqs, drainPos, seqs, 0, rest);
            System.arraycopy(arrivals, drainPos, arrivals, 0, rest);
            count = rest;
            drainPos = -1;
        }
        if (count == seqs.length) {
            overflow++;
            return;
        }
        seqs[count] = unwrapper.unwrap(seq16);
        arrivals[count++] = Math.floorDiv(nowNanos, 1000L);
    }

    /** Packets recorded and not yet put into a feedback message. */
    int pending() {
        return drainPos >= 0 ? count - drainPos : count;
    }

    long overflowCount() {
        return overflow;
    }

    /**
     * Prepares the next feedback message from what was recorded, or returns null (and forgets
     * everything) when all was reported. The returned writer is reused by the next call.
     */
    TwccWriter next(long senderSsrc, long mediaSsrc) {
        if (drainPos < 0) {
            if (count == 0) {
                return null;
            }
            sortAndDeduplicate();
            drainPos = 0;
        }
        if (drainPos >= count) {
            count = 0;
            drainPos = -1;
            return null;
        }
        int from = drainPos;
        int end = from + 1;
        while (end < count && end - from < MAX_PER_FEEDBACK && seqs[end] - seqs[end - 1] <= MAX_GAP
                && seqs[end] - seqs[from] < 0xFFFF && Math.abs(arrivals[end] - arrivals[end - 1]) <= MAX_DELTA_US) {
            end++;
        }
        writer.prepare(senderSsrc, mediaSsrc, nextCount(), seqs, arrivals, from, end - from);
        drainPos = end;
        return writer;
    }

    /** Builds all feedback messages as values and forgets what was recorded (allocates; for tests). */
    List<TwccFeedback> drain(long senderSsrc, long mediaSsrc) {
        List<TwccFeedback> out = new ArrayList<>();
        TransportCcFeedback view = new TransportCcFeedback();
        for (TwccWriter w; (w = next(senderSsrc, mediaSsrc)) != null; ) {
            byte[] b = new byte[w.size()];
            w.writeTo(b, 0);
            if (!view.wrap(b, 0, b.length)) {
                throw new IllegalStateException("unreadable feedback");
            }
            out.add(view.decode());
        }
        return out;
    }

    /** Insertion sort (the input is almost sorted: only reordering moves things), then drops duplicates. */
    private void sortAndDeduplicate() {
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
        int w = 0;
        for (int i = 0; i < count; i++) {
            if (w > 0 && seqs[i] == seqs[w - 1]) {
                continue; // duplicate: the first arrival counts
            }
            seqs[w] = seqs[i];
            arrivals[w++] = arrivals[i];
        }
        count = w;
    }

    private int nextCount() {
        int c = feedbackCount;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return c;
    }
}
