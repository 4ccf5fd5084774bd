package org.ferryrtc.peer.media;

/**
 * Puts one stream's RTP packets back into sequence order (the small jitter buffer in front of
 * a depacketizer, which needs consecutive sequence numbers: see
 * {@link org.ferryrtc.rtp.codec.Depacketizer}). Packets are keyed by their extended sequence
 * number (RFC 3550 A.1, from {@link org.ferryrtc.rtp.SequenceUnwrapper}) and copied into a ring
 * of preallocated slots. The owner pops the head while it is present; a missing head (a hole)
 * is waited for, so NACK/RTX (RFC 4585, RFC 4588) can fill it, until the owner decides to
 * {@link #skip()} it. Allocation-free after warm-up; not thread-safe.
 */
final class ReorderBuffer {
    static final int INSERTED = 0;
    static final int DUPLICATE = 1;
    static final int LATE = 2;

    private final byte[][] slots;
    private final int[] lengths;
    private final long[] exts;
    private final long[] arrivals;
    private final int mask;
    private long next = -1;
    private int buffered;
    private long highest = -1;

    ReorderBuffer(int capacityPowerOfTwo) {
        slots = new byte[capacityPowerOfTwo][];
        lengths = new int[capacityPowerOfTwo];
        exts = new long[capacityPowerOfTwo];
        arrivals = new long[capacityPowerOfTwo];
        java.util.Arrays.fill(exts, -1);
        mask = capacityPowerOfTwo - 1;
    }

    int capacity() {
        return mask + 1;
    }

    /** Whether {@code ext} lies beyond the window: the head must advance first (see {@link #fits}). */
    boolean fits(long ext) {
        return next < 0 || ext < next + capacity();
    }

    /** Restarts at {@code ext}, dropping everything buffered (a sender restart or a jump far ahead). */
    void restart(long ext) {
        for (int i = 0; i <= mask; i++) {
            exts[i] = -1;
        }
        buffered = 0;
        next = ext;
        highest = ext - 1;
    }

    /** Copies a packet in. The caller checked {@link #fits(long)}. */
    int insert(long nowNanos, long ext, byte[] b, int off, int len) {
        if (next < 0) {
            next = ext;
        }
        if (ext < next) {
            return LATE;
        }
        int i = (int) (ext & mask);
        if (exts[i] == ext) {
            return DUPLICATE;
        }
        byte[] s = slots[i];
        if (s == null) {
            s = new byte[RtpSession.MAX_PACKET];
            slots[i] = s;
        }
        System.arraycopy(b, off, s, 0, len);
        lengths[i] = len;
        exts[i] = ext;
        arrivals[i] = nowNanos;
        buffered++;
        highest = Math.max(highest, ext);
        return INSERTED;
    }

    /**
     * Whether {@code ext} is the next packet in order with nothing buffered: the caller may
     * deliver it straight from its own buffer (no copy into a slot) and then {@link #passed} it.
     */
    boolean inOrder(long ext) {
        return buffered == 0 && (next < 0 || ext == next);
    }

    /** Records that the in-order packet {@code ext} (see {@link #inOrder}) was delivered without buffering. */
    void passed(long ext) {
        next = ext + 1;
        highest = Math.max(highest, ext);
    }

    boolean headPresent() {
        return next >= 0 && exts[(int) (next & mask)] == next;
    }

    byte[] headBuffer() {
        return slots[(int) (next & mask)];
    }

    int headLength() {
        return lengths[(int) (next & mask)];
    }

    long headExt() {
        return next;
    }

    /** Removes the present head. */
    void pop() {
        exts[(int) (next & mask)] = -1;
        buffered--;
        next++;
    }

    /** Gives up on the missing head. */
    void skip() {
        next++;
    }

    int buffered() {
        return buffered;
    }

    /** Arrival time of the oldest buffered packet (how long the head hole has blocked), or MAX if none. O(window). */
    long oldestArrival() {
        if (buffered == 0) {
            return Long.MAX_VALUE;
        }
        long min = Long.MAX_VALUE;
        int seen = 0;
        for (long e = next; e <= highest && seen < buffered; e++) {
            int i = (int) (e & mask);
            if (exts[i] == e) {
                min = Math.min(min, arrivals[i]);
                seen++;
            }
        }
        return min;
    }
}
