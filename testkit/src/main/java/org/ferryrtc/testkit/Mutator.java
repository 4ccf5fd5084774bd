package org.ferryrtc.testkit;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random mutations of a valid binary packet for parser robustness tests: bit flips,
 * byte overwrites, interesting values, truncation, extension with random bytes and 16-bit
 * length-field lies. Every choice comes from the caller's {@link Random}, so a seed replays
 * the same inputs.
 *
 * <p>Suites that need a protocol-specific mutation (a lie at a header-aligned offset, a
 * re-sealed checksum, an untouched tag region) keep that part local and call
 * {@link #mutateOnce} or {@link #mutate} for the generic rest.
 */
public final class Mutator {
    private static final int[] INTERESTING = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};

    private Mutator() {}

    /**
     * Writes a copy of {@code seed} with one to four mutations into {@code out} and returns its
     * length (which may be shorter or longer than the seed, at most {@code out.length}).
     */
    public static int mutate(Random rnd, byte[] seed, byte[] out) {
        int len = Math.min(seed.length, out.length);
        System.arraycopy(seed, 0, out, 0, len);
        int ops = 1 + rnd.nextInt(4);
        for (int k = 0; k < ops; k++) {
            len = mutateOnce(rnd, out, len);
        }
        return len;
    }

    /**
     * A new array holding {@code seed} with one to four mutations; it is at most
     * {@code maxGrowth} bytes longer than the seed and may be empty.
     */
    public static byte[] mutate(Random rnd, byte[] seed, int maxGrowth) {
        byte[] out = new byte[seed.length + maxGrowth];
        return Arrays.copyOf(out, mutate(rnd, seed, out));
    }

    /**
     * Applies one mutation in place to the first {@code len} bytes of {@code buf} and returns
     * the new length: unchanged, shorter (truncation) or longer up to {@code buf.length}
     * (extension with random bytes).
     */
    public static int mutateOnce(Random rnd, byte[] buf, int len) {
        switch (rnd.nextInt(6)) {
            case 0 -> { // flip one bit
                if (len > 0) {
                    buf[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> { // random byte
                if (len > 0) {
                    buf[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                }
            }
            case 2 -> { // interesting value
                if (len > 0) {
                    buf[rnd.nextInt(len)] = (byte) INTERESTING[rnd.nextInt(INTERESTING.length)];
                }
            }
            case 3 -> len = rnd.nextInt(len + 1); // truncate
            case 4 -> { // extend with random bytes
                int extra = rnd.nextInt(Math.max(1, buf.length - len + 1));
                for (int i = 0; i < extra && len < buf.length; i++) {
                    buf[len++] = (byte) rnd.nextInt(256);
                }
            }
            default -> { // 16-bit length-field lie at a random position
                if (len >= 2) {
                    int i = rnd.nextInt(len - 1);
                    int v = rnd.nextBoolean() ? 0xFFFF : rnd.nextInt(0x10000);
                    buf[i] = (byte) (v >>> 8);
                    buf[i + 1] = (byte) v;
                }
            }
        }
        return len;
    }
}
