package org.ferryrtc.bench.gateway;

/**
 * GHASH (NIST SP 800-38D §6.4) in plain Java with 4-bit tables (Shoup's method), allocation-free:
 * the candidate for "AES/CTR (no per-packet init) + our own GHASH" instead of the JDK's
 * {@code AES/GCM} (issue 6 item 3). Only a measuring stick: {@link CryptoFloorBenchmark} checks
 * it against the JDK's GCM tag once, then times it.
 *
 * <pre>
 * blocks are 128-bit, bit 0 = most significant bit of byte 0 = coefficient of x^0
 * Y_i = (Y_{i-1} XOR X_i) * H  in GF(2^128) mod x^128 + x^7 + x^2 + x + 1
 * </pre>
 */
final class JavaGhash {
    /** {@code tableHi[n], tableLo[n]}: the 4-bit polynomial n (0x8 = x^0 ... 0x1 = x^3) times H. */
    private final long[] tableHi = new long[16];
    private final long[] tableLo = new long[16];
    /** The reduction added to the high word when the low 4 bits {@code r} are shifted out (times x^4). */
    private static final long[] REDUCE4 = new long[16];
    private final byte[] pad = new byte[16];
    private long yHi;
    private long yLo;

    static {
        for (int r = 0; r < 16; r++) {
            long hi = 0;
            long lo = r;
            for (int k = 0; k < 4; k++) {
                long carry = lo & 1;
                lo = (lo >>> 1) | (hi << 63);
                hi >>>= 1;
                if (carry != 0) {
                    hi ^= 0xE100_0000_0000_0000L;
                }
            }
            REDUCE4[r] = hi; // lo is 0 again: four shifts moved the four bits out
        }
    }

    /** @param h the hash subkey E(K, 0^128), 16 bytes */
    JavaGhash(byte[] h) {
        long hi = readLong(h, 0);
        long lo = readLong(h, 8);
        for (int bit = 8; bit > 0; bit >>>= 1) { // H, H*x, H*x^2, H*x^3
            tableHi[bit] = hi;
            tableLo[bit] = lo;
            long carry = lo & 1;
            lo = (lo >>> 1) | (hi << 63);
            hi >>>= 1;
            if (carry != 0) {
                hi ^= 0xE100_0000_0000_0000L;
            }
        }
        for (int n = 1; n < 16; n++) {
            int low = n & -n;
            if (n != low) {
                tableHi[n] = tableHi[low] ^ tableHi[n ^ low];
                tableLo[n] = tableLo[low] ^ tableLo[n ^ low];
            }
        }
    }

    void reset() {
        yHi = 0;
        yLo = 0;
    }

    /** Absorbs {@code len} bytes, the last partial block zero-padded (AAD and ciphertext are padded separately). */
    void update(byte[] b, int off, int len) {
        int end = off + len;
        for (int p = off; p < end; p += 16) {
            long xHi;
            long xLo;
            if (end - p >= 16) {
                xHi = readLong(b, p);
                xLo = readLong(b, p + 8);
            } else {
                java.util.Arrays.fill(pad, (byte) 0); // a partial last block, zero-padded
                System.arraycopy(b, p, pad, 0, end - p);
                xHi = readLong(pad, 0);
                xLo = readLong(pad, 8);
            }
            multiply(yHi ^ xHi, yLo ^ xLo);
        }
    }

    /** Absorbs the length block: bit lengths of the AAD and the ciphertext. */
    void lengths(long aadBytes, long textBytes) {
        multiply(yHi ^ (aadBytes * 8), yLo ^ (textBytes * 8));
    }

    void digest(byte[] out, int off) {
        writeLong(out, off, yHi);
        writeLong(out, off + 8, yLo);
    }

    /** Y = X * H, Horner over the 32 nibbles from the last (highest degree) to the first. */
    private void multiply(long xHi, long xLo) {
        long zHi = 0;
        long zLo = 0;
        for (int k = 0; k < 32; k++) {
            int nib = (int) ((k < 16 ? xLo >>> (4 * k) : xHi >>> (4 * (k - 16))) & 0xF);
            int r = (int) (zLo & 0xF);
            zLo = (zLo >>> 4) | (zHi << 60);
            zHi = (zHi >>> 4) ^ REDUCE4[r];
            zHi ^= tableHi[nib];
            zLo ^= tableLo[nib];
        }
        yHi = zHi;
        yLo = zLo;
    }

    private static long readLong(byte[] b, int i) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[i + k] & 0xFF);
        }
        return v;
    }

    private static void writeLong(byte[] b, int i, long v) {
        for (int k = 7; k >= 0; k--) {
            b[i + k] = (byte) v;
            v >>>= 8;
        }
    }
}
