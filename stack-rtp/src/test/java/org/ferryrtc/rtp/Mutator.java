package org.ferryrtc.rtp;

import java.util.Random;

/**
 * Seeded random mutations of a valid packet for parser robustness tests: bit flips, byte
 * overwrites, interesting values in length-like positions, truncation and extension.
 */
public final class Mutator {
    private Mutator() {}

    /**
     * Writes a mutated copy of {@code seed} into {@code out} and returns its length (which may
     * be shorter or longer than the seed, at most {@code out.length}).
     */
    public static int mutate(Random rnd, byte[] seed, byte[] out) {
        int len = Math.min(seed.length, out.length);
        System.arraycopy(seed, 0, out, 0, len);
        int ops = 1 + rnd.nextInt(4);
        for (int k = 0; k < ops; k++) {
            switch (rnd.nextInt(6)) {
                case 0 -> { // flip one bit
                    if (len > 0) {
                        int i = rnd.nextInt(len);
                        out[i] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> { // random byte
                    if (len > 0) {
                        out[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> { // interesting value
                    if (len > 0) {
                        int[] vals = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
                        out[rnd.nextInt(len)] = (byte) vals[rnd.nextInt(vals.length)];
                    }
                }
                case 3 -> len = rnd.nextInt(len + 1); // truncate
                case 4 -> { // extend with random bytes
                    int extra = rnd.nextInt(Math.max(1, out.length - len + 1));
                    for (int i = 0; i < extra && len < out.length; i++) {
                        out[len++] = (byte) rnd.nextInt(256);
                    }
                }
                default -> { // 16-bit length-field lie at a random even position
                    if (len >= 2) {
                        int i = rnd.nextInt(len - 1);
                        int v = rnd.nextBoolean() ? 0xFFFF : rnd.nextInt(0x10000);
                        out[i] = (byte) (v >>> 8);
                        out[i + 1] = (byte) v;
                    }
                }
            }
        }
        return len;
    }
}
