package org.ferryrtc.rtp;

/**
 * Extends 16-bit RTP sequence numbers (RFC 3550 §5.1) to a monotonic 64-bit counter, in the
 * spirit of RFC 3550 Appendix A.1 (the "cycles" count of wraps from 65535 to 0).
 *
 * <p>Each input is placed at the extended value closest to the highest value seen so far (a
 * forward step of up to 32767 or a backward step of up to 32768), so a packet reordered across
 * the wrap ({@code 65534, 0, 65535, 1}) unwraps to {@code 65534, 65536, 65535, 65537}. The
 * reference only ever moves forward: a late packet does not pull it back. The first value is
 * returned unchanged; a late packet that precedes the very first one across the wrap (first
 * {@code 0}, then {@code 65535}) unwraps to a negative value ({@code -1}), which keeps the order
 * consistent.
 *
 * <p>Allocation-free; not thread-safe.
 */
public final class SequenceUnwrapper {
    private static final long MOD = 1L << 16;

    private long highest;
    private boolean started;

    /** Unwraps {@code seq} (0..65535) and advances the reference if it is the newest so far. */
    public long unwrap(int seq) {
        long ext = peek(seq);
        if (!started || ext > highest) {
            highest = ext;
            started = true;
        }
        return ext;
    }

    /** Unwraps {@code seq} against the current reference without changing any state. */
    public long peek(int seq) {
        if ((seq & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("sequence number " + seq);
        }
        if (!started) {
            return seq;
        }
        return closest(highest, seq, MOD);
    }

    /** True once a value was unwrapped. */
    public boolean started() {
        return started;
    }

    /** The highest extended value so far (undefined before {@link #started()}). */
    public long highest() {
        return highest;
    }

    /** Forgets the reference; the next value is taken as is. */
    public void reset() {
        started = false;
        highest = 0;
    }

    /**
     * The value congruent to {@code value} modulo {@code mod} (a power of two) that is closest to
     * {@code reference}; an exact half-way distance resolves backwards.
     */
    static long closest(long reference, long value, long mod) {
        long mask = mod - 1;
        long delta = (value - reference) & mask; // forward distance, 0..mod-1
        if (delta >= mod >>> 1) {
            delta -= mod; // backward step
        }
        return reference + delta;
    }
}
