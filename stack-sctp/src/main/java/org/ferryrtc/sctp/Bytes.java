package org.ferryrtc.sctp;

/** Big-endian field access at fixed offsets (network byte order, RFC 9260 §3). */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int i32(byte[] b, int p) {
        return (b[p] << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return i32(b, p) & 0xFFFFFFFFL;
    }

    static long i64(byte[] b, int p) {
        return ((long) i32(b, p) << 32) | (i32(b, p + 4) & 0xFFFFFFFFL);
    }

    static void put8(byte[] b, int p, int v) {
        b[p] = (byte) v;
    }

    static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    static void put32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    static void put64(byte[] b, int p, long v) {
        put32(b, p, (int) (v >>> 32));
        put32(b, p + 4, (int) v);
    }

    /** Rounds a length up to the next multiple of four (chunk and parameter padding). */
    static int pad4(int n) {
        return (n + 3) & ~3;
    }

    /** Writes zero padding from {@code from} up to the next multiple of four; returns the padded end. */
    static int zeroPad(byte[] b, int chunkStart, int end) {
        int padded = chunkStart + pad4(end - chunkStart);
        for (int i = end; i < padded; i++) {
            b[i] = 0;
        }
        return padded;
    }
}
