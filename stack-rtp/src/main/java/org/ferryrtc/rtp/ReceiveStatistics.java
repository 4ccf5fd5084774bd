package org.ferryrtc.rtp;

import org.ferryrtc.rtcp.ReportBlock;

/**
 * Reception statistics for one source, per RFC 3550 Appendix A: source validation and sequence
 * tracking (A.1), expected and lost packets (A.3), interarrival jitter (A.8), and the values
 * of a reception report block (§6.4.1) including LSR/DLSR.
 *
 * <p>A.1: a new source is on probation until {@code minSequential} packets arrive in sequence
 * (RFC default 2; the packets seen during probation are not counted, the last one starts the
 * count). Later, a jump forward of less than {@value #MAX_DROPOUT} is accepted (counting a wrap
 * when the number falls back), a jump of more, or backwards more than {@value #MAX_MISORDER}, is
 * a "bad" packet, unless the next packet directly follows it, which is taken as a restart of the
 * source: the counters start again from there. Anything else is a duplicate or reordered packet
 * and counted as received.
 *
 * <p>A.8: for each counted packet, with its arrival time converted to timestamp units at the
 * clock rate, {@code D = |(Rj - Sj) - (Ri - Si)|} and {@code J += (D - J) / 16}; the
 * report carries J truncated to an integer. The first counted packet after validation or a
 * restart only sets the reference transit time.
 *
 * <p>Time is in nanoseconds, passed in. Allocation-free per packet; not thread-safe.
 */
public final class ReceiveStatistics {
    /** A.1: largest forward jump accepted as in sequence. */
    public static final int MAX_DROPOUT = 3000;
    /** A.1: largest backward step treated as reordering rather than a restart. */
    public static final int MAX_MISORDER = 100;
    /** A.1 default number of sequential packets needed to validate a source. */
    public static final int MIN_SEQUENTIAL = 2;

    private static final int SEQ_MOD = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;
    private final int minSequential;

    // A.1 state
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private boolean seen;
    // A.8 state
    private int transit;
    private boolean haveTransit;
    private double jitter;
    // SR
    private long lastSr;
    private long lastSrArrivalNanos;
    private boolean haveSr;
    // counters
    private long probationDropped;
    private long badDropped;
    private long restarts;

    /** A source with the RFC's default probation of {@value #MIN_SEQUENTIAL} packets. */
    public ReceiveStatistics(long ssrc, int clockRate) {
        this(ssrc, clockRate, MIN_SEQUENTIAL);
    }

    /**
     * @param clockRate the payload's RTP clock rate in Hz (e.g. 90000, 48000)
     * @param minSequential packets in sequence to validate the source; 0 or 1 accepts the first
     */
    public ReceiveStatistics(long ssrc, int clockRate, int minSequential) {
        if (clockRate <= 0 || minSequential < 0 || (ssrc & ~0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("clock rate " + clockRate + ", min sequential " + minSequential);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.minSequential = Math.max(1, minSequential);
    }

    /** Counts a received packet (the view's sequence number and timestamp). */
    public boolean onPacket(long nowNanos, RtpPacket packet) {
        return onPacket(nowNanos, packet.sequenceNumber(), packet.timestamp());
    }

    /**
     * Counts a packet that arrived at {@code nowNanos}.
     *
     * @param seq the 16-bit sequence number
     * @param rtpTimestamp the 32-bit RTP timestamp
     * @return true if it was counted (A.1 {@code update_seq} returned 1): false while on
     *     probation and for a bad jump
     */
    public boolean onPacket(long nowNanos, int seq, long rtpTimestamp) {
        seq &= 0xFFFF;
        if (!seen) {
            seen = true;
            maxSeq = (seq - 1) & 0xFFFF;
            probation = minSequential;
        }
        if (!updateSeq(seq)) {
            return false;
        }
        int arrival = (int) toTimestampUnits(nowNanos);
        int t = arrival - (int) rtpTimestamp;
        if (haveTransit) {
            int d = Math.abs(t - transit);
            jitter += (d - jitter) / 16.0;
        }
        transit = t;
        haveTransit = true;
        return true;
    }

    /** RFC 3550 A.1 {@code update_seq}. */
    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = minSequential - 1;
                maxSeq = seq;
            }
            probationDropped++;
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                restarts++;
                initSeq(seq); // the sender restarted: start over from here
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                badDropped++;
                return false;
            }
        }
        // else: duplicate or reordered
        received++;
        return true;
    }

    /** RFC 3550 A.1 {@code init_seq}. */
    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
        haveTransit = false;
    }

    /** Arrival time in RTP timestamp units (not reduced modulo 2^32), without overflow. */
    long toTimestampUnits(long nanos) {
        long sec = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rem = Math.floorMod(nanos, NANOS_PER_SECOND);
        return sec * clockRate + rem * clockRate / NANOS_PER_SECOND;
    }

    /**
     * Records a sender report from this source: {@code ntpMiddle32} is the middle 32 bits of its
     * NTP timestamp (RFC 3550 §6.4.1 LSR), {@code nowNanos} its arrival time.
     */
    public void onSenderReport(long nowNanos, long ntpMiddle32) {
        lastSr = ntpMiddle32 & 0xFFFFFFFFL;
        lastSrArrivalNanos = nowNanos;
        haveSr = true;
    }

    /** True once the source passed probation (A.1). */
    public boolean validated() {
        return seen && probation == 0;
    }

    /** Extended highest sequence number received: cycles + max_seq (A.3), 0 before validation. */
    public long extendedHighestSequence() {
        return validated() ? cycles + maxSeq : 0;
    }

    /** Packets expected: extended highest - base + 1 (A.3), 0 before validation. */
    public long expected() {
        return validated() ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    /** Packets counted as received (A.1), duplicates included. */
    public long received() {
        return received;
    }

    /** expected - received, unclamped (negative with duplicates). */
    public long lost() {
        return expected() - received;
    }

    /** Cumulative lost clamped to the report block's signed 24 bits (A.3). */
    public int cumulativeLost() {
        long lost = lost();
        return (int) Math.max(-0x800000L, Math.min(0x7FFFFFL, lost));
    }

    /** The interarrival jitter estimate in timestamp units (A.8), unrounded. */
    public double jitter() {
        return jitter;
    }

    /**
     * Fills a report block for this source as of {@code nowNanos} and starts a new interval for
     * the fraction lost (A.3: expected_prior and received_prior move to now). Before the source
     * is validated every value is 0 (and LSR/DLSR as usual).
     */
    public ReportBlock reportBlock(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lsr = haveSr ? lastSr : 0;
        long dlsr = 0;
        if (haveSr) {
            long delay = Math.max(0, nowNanos - lastSrArrivalNanos);
            dlsr = Math.min(0xFFFFFFFFL, delay / NANOS_PER_SECOND * 65536 + delay % NANOS_PER_SECOND * 65536 / NANOS_PER_SECOND);
        }
        return new ReportBlock(ssrc, Math.min(fraction, 255), cumulativeLost(),
                extendedHighestSequence() & 0xFFFFFFFFL, (long) jitter & 0xFFFFFFFFL, lsr, dlsr);
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /** Packets not counted because the source was still on probation. */
    public long probationDroppedCount() {
        return probationDropped;
    }

    /** Packets not counted as a bad sequence jump (A.1). */
    public long badSequenceCount() {
        return badDropped;
    }

    /** Restarts detected (a bad jump confirmed by the next packet). */
    public long restartCount() {
        return restarts;
    }
}
