package org.ferryrtc.rtp.codec;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Builds well-formed test frames of (about) a given size for each codec. */
final class Frames {
    private Frames() {}

    /** Smallest frame {@link #make} can build for a codec. */
    static int minSize(String codec) {
        return switch (codec) {
            case "H264" -> 5;  // start code + one NAL header byte
            case "AV1" -> 4;   // temporal delimiter + one empty OBU with size
            default -> 1;
        };
    }

    /** A frame of exactly {@code size} bytes (size >= minSize) for the codec. */
    static byte[] make(String codec, int size, boolean key, Random rnd) {
        return switch (codec) {
            case "H264" -> h264(size, key, rnd);
            case "AV1" -> av1(size, key, rnd);
            case "VP8" -> vp8(size, key, rnd);
            case "VP9" -> vp9(size, key, rnd);
            default -> random(size, rnd);
        };
    }

    static byte[] random(int size, Random rnd) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        return b;
    }

    /** VP8: payload header byte 0 bit 0 is P (0 = key frame, RFC 7741 §4.3). */
    static byte[] vp8(int size, boolean key, Random rnd) {
        byte[] b = random(size, rnd);
        b[0] = (byte) (key ? (b[0] & 0xFE) : (b[0] | 1));
        return b;
    }

    /** VP9: first byte frame_marker=2, profile 0, show_existing_frame=0, frame_type. */
    static byte[] vp9(int size, boolean key, Random rnd) {
        byte[] b = random(size, rnd);
        b[0] = (byte) (0x80 | (key ? 0 : 0x04) | (b[0] & 0x03));
        return b;
    }

    /** Non-zero random bytes so no start code is emulated (as after emulation prevention). */
    private static void nonZero(ByteArrayOutputStream out, int n, Random rnd) {
        for (int i = 0; i < n; i++) {
            out.write(1 + rnd.nextInt(255));
        }
    }

    /** Annex-B access unit: [SPS, PPS,] slices (IDR if key), 4-byte start codes, exact size. */
    static byte[] h264(int size, boolean key, Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int left = size;
        if (key && size >= 5 + 12 + 5 + 5 + 5) {
            out.write(0); out.write(0); out.write(0); out.write(1);
            out.write(0x67);
            nonZero(out, 11, rnd);
            out.write(0); out.write(0); out.write(0); out.write(1);
            out.write(0x68);
            nonZero(out, 4, rnd);
            left -= 16 + 9;
        }
        // split the rest into up to 3 slices
        int slices = left >= 60 ? 1 + rnd.nextInt(3) : 1;
        for (int s = 0; s < slices; s++) {
            int n = s == slices - 1 ? left : left / slices;
            left -= n;
            out.write(0); out.write(0); out.write(0); out.write(1);
            out.write(key ? 0x65 : 0x41);
            nonZero(out, n - 5, rnd);
        }
        return out.toByteArray();
    }

    /** Low-overhead AV1 temporal unit: TD, [sequence header,] frame OBUs, exact size. */
    static byte[] av1(int size, boolean key, Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x12);
        out.write(0x00);
        int left = size - 2;
        if (key && left >= 14 + 3) {
            out.write(0x0A); // sequence header, has_size
            out.write(12);
            out.write(random(12, rnd), 0, 12);
            left -= 14;
        }
        int obus = left >= 40 ? 1 + rnd.nextInt(3) : 1;
        for (int o = 0; o < obus; o++) {
            int n = o == obus - 1 ? left : left / obus; // total bytes of this OBU
            left -= n;
            boolean ext = rnd.nextBoolean();
            int p = payloadFor(n, ext ? 2 : 1);
            if (p < 0) {
                ext = !ext;
                p = payloadFor(n, ext ? 2 : 1);
            }
            int type = o == obus - 1 ? 6 : 4; // OBU_FRAME last, tile groups before
            out.write(type << 3 | (ext ? 0x04 : 0) | 0x02);
            if (ext) {
                out.write(rnd.nextInt(256) & 0xF8);
            }
            byte[] leb = new byte[8];
            out.write(leb, 0, Leb128.write(leb, 0, p));
            out.write(random(p, rnd), 0, p);
        }
        byte[] r = out.toByteArray();
        if (r.length != size) {
            throw new IllegalStateException("av1 generator size " + r.length + " != " + size);
        }
        return r;
    }

    /** Payload size p with hl + leb128size(p) + p == n, or -1. */
    private static int payloadFor(int n, int hl) {
        for (int l = 1; l <= 5; l++) {
            int p = n - hl - l;
            if (p >= 0 && Leb128.sizeOf(p) == l) {
                return p;
            }
        }
        return -1;
    }
}
