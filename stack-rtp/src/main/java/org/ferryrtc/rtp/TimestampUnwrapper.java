package org.ferryrtc.rtp;

/**
 * Extends 32-bit RTP timestamps (RFC 3550 §5.1) to a 64-bit counter that keeps growing across
 * the wrap from {@code 0xFFFFFFFF} to 0, with the same rule as {@link SequenceUnwrapper}: each
 * input lands at the extended value closest to the highest one so far (forward up to 2^31 - 1,
 * backward up to 2^31), and the reference only moves forward. The first value is returned as
 * is; values from before it across the wrap come out negative.
 *
 * <p>Allocation-free; not thread-safe.
 */
public final class TimestampUnwrapper {
    private static final long MOD = 1L << 32;

    private long highest;
    private boolean started;

    /** Unwraps {@code ts} (0..2^32-1) and advances the reference if it is the newest so far. */
    public long unwrap(long ts) {
        long ext = peek(ts);
        if (!started || ext > highest) {
            highest = ext;
            started = true;
        }
        return ext;
    }

    /** Unwraps {@code ts} against the current reference without changing any state. */
    public long peek(long ts) {
        if ((ts & ~0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("timestamp " + ts);
        }
        if (!started) {
            return ts;
        }
        return SequenceUnwrapper.closest(highest, ts, MOD);
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
}
