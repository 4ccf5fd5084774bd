package org.ferryrtc.rtp.codec;

/** Unsigned LEB128 as used by AV1 (AV1 bitstream spec §4.10.5): at most 8 bytes, value < 2^32. */
final class Leb128 {
    private Leb128() {}

    /**
     * Reads a value at {@code i}, not past {@code end}.
     *
     * @return {@code (value << 4) | byteCount}, or -1 if truncated, longer than 8 bytes or too big
     */
    static long read(byte[] b, int i, int end) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            if (i + k >= end) {
                return -1;
            }
            int x = b[i + k] & 0xFF;
            v |= (long) (x & 0x7F) << (7 * k);
            if ((x & 0x80) == 0) {
                return v > 0xFFFFFFFFL ? -1 : (v << 4) | (k + 1);
            }
        }
        return -1;
    }

    static long value(long packed) {
        return packed >>> 4;
    }

    static int size(long packed) {
        return (int) (packed & 0xF);
    }

    /** Bytes needed for {@code v} (minimal encoding). */
    static int sizeOf(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** Writes {@code v} minimally at {@code i}; returns the byte count. */
    static int write(byte[] b, int i, long v) {
        int n = 0;
        do {
            int x = (int) (v & 0x7F);
            v >>>= 7;
            b[i + n++] = (byte) (v != 0 ? x | 0x80 : x);
        } while (v != 0);
        return n;
    }
}
