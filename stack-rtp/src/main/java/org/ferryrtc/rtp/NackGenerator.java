package org.ferryrtc.rtp;

/**
 * Receiver-side generic NACK scheduling for one SSRC (RFC 4585 §6.2.1, used with RFC 4588).
 * It decides which sequence numbers to request and when; packing them into an RTCP NACK is
 * the RTCP writer's job.
 *
 * <p>Every arriving sequence number is {@linkplain #onPacket fed in} (including those restored
 * from RTX, by their OSN), unwrapped with a {@link SequenceUnwrapper}. A forward jump records
 * each skipped number as missing; a late (reordered or retransmitted) packet removes its entry;
 * a duplicate changes nothing. Keyframes play no part: no entry is dropped because a keyframe
 * arrived.
 *
 * <p>Schedule: a missing number is first requested {@link Config#reorderWindowNanos()} after
 * its gap was seen (0 = on the next {@link #poll}), then again every
 * {@code max(rtt, minRetryInterval)} (the RTT comes from the caller via {@link #setRtt}), at
 * most {@link Config#maxRequests()} times; after that, or once it was detected longer ago than
 * {@link Config#maxAgeNanos()}, it is given up. At most {@link Config#maxEntries()} numbers are
 * tracked: on overflow the oldest are dropped, and a jump wider than the whole list (a sender
 * restart, confirmed like RFC 3550 A.1's {@code bad_seq} by the next packet following it; a
 * single stray packet is ignored) clears it; both raise a keyframe request (PLI is advisable),
 * read with {@link #pollKeyframeRequest()}.
 *
 * <p>Sans-IO: time in nanoseconds is passed in; {@link #pollTimeout()} is O(1) and may be
 * early (after a late arrival or an RTT decrease) but never late. Allocation-free after
 * construction; not thread-safe.
 */
public final class NackGenerator {

    /**
     * Scheduling parameters (times in nanoseconds).
     *
     * @param maxEntries missing sequence numbers tracked at once
     * @param maxRequests times each missing number is requested before it is given up
     * @param reorderWindowNanos delay of the first request after the gap is seen (0 = at once)
     * @param minRetryIntervalNanos lower bound of the spacing between requests of one number
     * @param maxAgeNanos a number missing for longer than this is given up
     * @param initialRttNanos RTT assumed until {@link #setRtt} is called
     */
    public record Config(int maxEntries, int maxRequests, long reorderWindowNanos, long minRetryIntervalNanos,
            long maxAgeNanos, long initialRttNanos) {
        public Config {
            if (maxEntries < 1 || maxEntries > (1 << 15) || maxRequests < 1 || reorderWindowNanos < 0
                    || minRetryIntervalNanos < 0 || maxAgeNanos <= 0 || initialRttNanos < 0) {
                throw new IllegalArgumentException("bad NACK config");
            }
        }

        /** 500 entries, 10 requests, no reorder delay, 20 ms minimum spacing, 1 s age, 100 ms RTT. */
        public static Config defaults() {
            return new Config(500, 10, 0, 20_000_000L, 1_000_000_000L, 100_000_000L);
        }
    }

    private static final long NONE = Long.MIN_VALUE;

    private final Config config;
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    // Missing entries, ascending by extended sequence number, in [0, size).
    private final long[] seq;
    private final long[] detectedAt;
    private final long[] lastSentAt;
    private final int[] sends;
    private int size;
    private long highest;
    private long rttNanos;
    private long nextDue = Long.MAX_VALUE;
    private boolean keyframeRequest;
    private int jumpConfirm = -1;

    private long missingDetected;
    private long requests;
    private long recovered;
    private long recoveredAfterRequest;
    private long gaveUp;
    private long overflowDropped;
    private long keyframeRequests;
    private long strays;

    public NackGenerator(Config config) {
        this.config = config;
        int n = config.maxEntries();
        seq = new long[n];
        detectedAt = new long[n];
        lastSentAt = new long[n];
        sends = new int[n];
        rttNanos = config.initialRttNanos();
    }

    public Config config() {
        return config;
    }

    /** Updates the round-trip time estimate (nanoseconds), which spaces the retries. */
    public void setRtt(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("rtt " + rttNanos);
        }
        if (rttNanos < this.rttNanos && size > 0) {
            nextDue = Long.MIN_VALUE; // retries may now be due earlier: recompute at the next poll
        }
        this.rttNanos = rttNanos;
    }

    public long rtt() {
        return rttNanos;
    }

    /** Records the arrival of RTP sequence number {@code seq16} (0..65535) at {@code nowNanos}. */
    public void onPacket(long nowNanos, int seq16) {
        seq16 &= 0xFFFF;
        if (!unwrapper.started()) {
            highest = unwrapper.unwrap(seq16);
            return;
        }
        long ext = unwrapper.peek(seq16);
        if (ext - highest - 1 > config.maxEntries()) {
            // A jump wider than the whole list: a restarted sender or a stray packet. As with
            // RFC 3550 A.1's bad_seq, it counts only once the next packet follows it.
            if (seq16 != jumpConfirm) {
                jumpConfirm = (seq16 + 1) & 0xFFFF;
                strays++;
                return;
            }
            jumpConfirm = -1;
            overflowDropped += size;
            size = 0;
            raiseKeyframe();
            highest = unwrapper.unwrap(seq16);
            return;
        }
        unwrapper.unwrap(seq16);
        if (ext > highest) {
            long gap = ext - highest - 1;
            if (gap > 0) {
                addMissing(highest + 1, (int) gap, nowNanos);
            }
            highest = ext;
        } else if (ext < highest) {
            int i = indexOf(ext);
            if (i >= 0) {
                recovered++;
                if (sends[i] > 0) {
                    recoveredAfterRequest++;
                }
                removeAt(i);
            }
        }
    }

    /** Adds {@code count} (at most maxEntries) missing numbers from {@code from}, dropping the oldest on overflow. */
    private void addMissing(long from, int count, long now) {
        missingDetected += count;
        int overflow = size + count - config.maxEntries();
        if (overflow > 0) {
            overflowDropped += overflow;
            size -= overflow;
            shift(overflow, 0, size);
            raiseKeyframe();
        }
        for (int k = 0; k < count; k++) {
            int i = size++;
            seq[i] = from + k;
            detectedAt[i] = now;
            lastSentAt[i] = NONE;
            sends[i] = 0;
        }
        nextDue = Math.min(nextDue, now + config.reorderWindowNanos());
    }

    private void raiseKeyframe() {
        if (!keyframeRequest) {
            keyframeRequests++;
        }
        keyframeRequest = true;
    }

    /**
     * Writes the sequence numbers (16-bit, ascending by extended number) to request now into
     * {@code out} and records those requests; gives up entries that are too old or have been
     * requested {@link Config#maxRequests()} times. If {@code out} is too small, the rest stay
     * due for the next call.
     *
     * @return how many were written to {@code out}
     */
    public int poll(long nowNanos, int[] out) {
        long interval = Math.max(rttNanos, config.minRetryIntervalNanos());
        long maxAge = config.maxAgeNanos();
        long reorder = config.reorderWindowNanos();
        int maxRequests = config.maxRequests();
        long next = Long.MAX_VALUE;
        int written = 0;
        int keep = 0;
        for (int i = 0; i < size; i++) {
            long detected = detectedAt[i];
            if (nowNanos - detected > maxAge) {
                gaveUp++;
                continue;
            }
            int n = sends[i];
            long due = n == 0 ? detected + reorder : lastSentAt[i] + interval;
            if (due <= nowNanos) {
                if (n >= maxRequests) {
                    gaveUp++;
                    continue;
                }
                if (written < out.length) {
                    out[written++] = (int) (seq[i] & 0xFFFF);
                    sends[i] = n + 1;
                    lastSentAt[i] = nowNanos;
                    requests++;
                    due = nowNanos + interval;
                } else {
                    due = nowNanos;
                }
            }
            next = Math.min(next, Math.min(due, detected + maxAge + 1));
            if (keep != i) {
                seq[keep] = seq[i];
                detectedAt[keep] = detected;
                lastSentAt[keep] = lastSentAt[i];
                sends[keep] = sends[i];
            }
            keep++;
        }
        size = keep;
        nextDue = next;
        return written;
    }

    /**
     * When {@link #poll} next has something to do (nanoseconds), or {@link Long#MAX_VALUE} if
     * nothing is missing. O(1).
     */
    public long pollTimeout() {
        return size == 0 ? Long.MAX_VALUE : nextDue;
    }

    /** True once after the list overflowed (missing packets dropped untried): send a PLI. */
    public boolean pollKeyframeRequest() {
        boolean r = keyframeRequest;
        keyframeRequest = false;
        return r;
    }

    /** Sequence numbers currently tracked as missing. */
    public int missingCount() {
        return size;
    }

    /** Whether the 16-bit {@code seq16} is currently tracked as missing. */
    public boolean isMissing(int seq16) {
        return unwrapper.started() && indexOf(unwrapper.peek(seq16 & 0xFFFF)) >= 0;
    }

    /** Forgets everything (e.g. the stream's SSRC changed). */
    public void reset() {
        unwrapper.reset();
        size = 0;
        nextDue = Long.MAX_VALUE;
        keyframeRequest = false;
        jumpConfirm = -1;
    }

    private int indexOf(long ext) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = seq[mid];
            if (v < ext) {
                lo = mid + 1;
            } else if (v > ext) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void removeAt(int i) {
        shift(i + 1, i, size - i - 1);
        size--;
    }

    private void shift(int from, int to, int n) {
        System.arraycopy(seq, from, seq, to, n);
        System.arraycopy(detectedAt, from, detectedAt, to, n);
        System.arraycopy(lastSentAt, from, lastSentAt, to, n);
        System.arraycopy(sends, from, sends, to, n);
    }

    /** Numbers ever found missing. */
    public long missingDetectedCount() {
        return missingDetected;
    }

    /** Sequence numbers written by {@link #poll} (each retry counts). */
    public long requestCount() {
        return requests;
    }

    /** Missing numbers that arrived late (reordered or retransmitted). */
    public long recoveredCount() {
        return recovered;
    }

    /** Of {@link #recoveredCount()}, those that had been requested at least once. */
    public long recoveredAfterRequestCount() {
        return recoveredAfterRequest;
    }

    /** Missing numbers given up (request limit or age). */
    public long gaveUpCount() {
        return gaveUp;
    }

    /** Missing numbers dropped untried because the list was full. */
    public long overflowDroppedCount() {
        return overflowDropped;
    }

    /** Packets ignored as a jump wider than the list that the next packet did not confirm. */
    public long strayCount() {
        return strays;
    }

    /** Keyframe requests raised. */
    public long keyframeRequestCount() {
        return keyframeRequests;
    }
}
