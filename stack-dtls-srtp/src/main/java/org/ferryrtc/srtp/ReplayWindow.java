package org.ferryrtc.srtp;

/**
 * Sliding replay window over packet indices (RFC 3711 §3.3.2): remembers which of the last
 * {@code size} indices below the highest authenticated one were received.
 *
 * <p>A circular bitmap keyed by {@code index mod size}; {@link #check} is side-effect free
 * (called before authentication), {@link #accept} records an authenticated index.
 */
final class ReplayWindow {
    static final int NEW = 0;
    static final int REPLAYED = 1;
    static final int TOO_OLD = 2;

    private final long[] bits;
    private final int size;
    private long top = -1;

    ReplayWindow(int size) {
        this.size = size;
        this.bits = new long[size >>> 6];
    }

    /** {@link #NEW}, {@link #REPLAYED} or {@link #TOO_OLD} for {@code index}. */
    int check(long index) {
        if (top < 0 || index > top) {
            return NEW;
        }
        long delta = top - index;
        if (delta >= size) {
            return TOO_OLD;
        }
        int p = (int) (index & (size - 1));
        return (bits[p >>> 6] & (1L << p)) != 0 ? REPLAYED : NEW;
    }

    /** Records {@code index} as received; it must have passed {@link #check}. */
    void accept(long index) {
        if (index > top) {
            long gap = top < 0 ? size : index - top;
            if (gap >= size) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = top + 1; i < index; i++) {
                    int p = (int) (i & (size - 1));
                    bits[p >>> 6] &= ~(1L << p);
                }
            }
            top = index;
        }
        int p = (int) (index & (size - 1));
        bits[p >>> 6] |= 1L << p;
    }

    long highest() {
        return top;
    }
}
