package org.ferryrtc.rtp.codec;

/**
 * VP9 packetizer (RFC 9628 §4.2, non-flexible mode, one spatial layer). Every payload starts
 * with a 3-byte descriptor:
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z|  I=1, P=inter-predicted, L=0, F=0, B/E = first/last packet, Z=0
 *      +-+-+-+-+-+-+-+-+
 *      |M| PICTURE ID  |  M=1: 15-bit picture ID, incremented per frame
 *      | EXTENDED PID  |
 *      +-+-+-+-+-+-+-+-+
 *   V: |0 0 0|1|0|0 0 0|  first packet of a key frame: SS with N_S=0, Y=1, G=0 (§4.2.1)
 *      |     WIDTH     |  16 bits
 *      |     HEIGHT    |  16 bits
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * P is 0 exactly when the frame's uncompressed header says KEY_FRAME (VP9 bitstream spec
 * §6.2: frame_marker, profile, show_existing_frame, frame_type); the SS resolution is read from
 * the same header (it is left out if the header is truncated, or the budget is under 16 bytes).
 * Marker on the last packet.
 */
public final class Vp9Packetizer implements Packetizer {
    static final int DESCRIPTOR = 3;
    static final int SS_LENGTH = 5;

    private final int maxPayload;
    private final byte[] scratch;
    private int pictureId;

    /** Packetizer with the default budget, starting at picture ID 0. */
    public Vp9Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    /**
     * @param maxPayloadSize largest payload in bytes (at least 4)
     * @param initialPictureId first picture ID, 0..32767
     */
    public Vp9Packetizer(int maxPayloadSize, int initialPictureId) {
        if (maxPayloadSize < DESCRIPTOR + 1) {
            throw new IllegalArgumentException("maxPayloadSize too small: " + maxPayloadSize);
        }
        if (initialPictureId < 0 || initialPictureId > 0x7FFF) {
            throw new IllegalArgumentException("pictureId out of range: " + initialPictureId);
        }
        this.maxPayload = maxPayloadSize;
        this.scratch = new byte[maxPayloadSize];
        this.pictureId = initialPictureId;
    }

    @Override
    public String codec() {
        return "VP9";
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    /**
     * Whether a VP9 frame's first byte is an uncompressed header with frame_type KEY_FRAME and
     * show_existing_frame 0 (VP9 bitstream spec §6.2).
     */
    static boolean isKeyFrameHeader(int b0) {
        if ((b0 & 0xC0) != 0x80) {
            return false;
        }
        int profile = ((b0 >>> 5) & 1) | ((b0 >>> 3) & 2);
        int bit = profile == 3 ? 2 : 3; // show_existing_frame position
        return ((b0 >>> bit) & 1) == 0 && ((b0 >>> (bit - 1)) & 1) == 0;
    }

    /**
     * Width and height of a key frame, read from its uncompressed header (VP9 bitstream spec
     * §6.2: frame_sync_code, color_config, frame_size), packed as {@code width << 16 | height};
     * -1 if the frame is not a key frame, is truncated, or has no valid sync code.
     */
    static long keyFrameSize(byte[] b, int off, int len) {
        if (len < 1 || !isKeyFrameHeader(b[off] & 0xFF)) {
            return -1;
        }
        int b0 = b[off] & 0xFF;
        int profile = ((b0 >>> 5) & 1) | ((b0 >>> 3) & 2);
        // frame_marker(2) profile(2) [reserved(1)] show_existing(1) frame_type(1) show_frame(1)
        // error_resilient_mode(1)
        long bit = 2 + 2 + (profile == 3 ? 1 : 0) + 1 + 1 + 1 + 1;
        long sync = bits(b, off, len, bit, 24);
        if (sync != 0x498342) {
            return -1;
        }
        bit += 24;
        if (profile >= 2) {
            bit++; // ten_or_twelve_bit
        }
        long colorSpace = bits(b, off, len, bit, 3);
        if (colorSpace < 0) {
            return -1;
        }
        bit += 3;
        if (colorSpace != 7) { // not CS_RGB
            bit += 1 + (profile == 1 || profile == 3 ? 3 : 0); // color_range [+ subsampling, reserved]
        } else if (profile == 1 || profile == 3) {
            bit += 1; // reserved_zero
        }
        long w = bits(b, off, len, bit, 16);
        long h = bits(b, off, len, bit + 16, 16);
        if (w < 0 || h < 0) {
            return -1;
        }
        return ((w + 1) << 16) | (h + 1);
    }

    /** {@code n} bits (MSB first) starting at bit {@code bit} of {@code b[off..off+len)}, or -1. */
    private static long bits(byte[] b, int off, int len, long bit, int n) {
        if (bit + n > 8L * len) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < n; k++) {
            long i = bit + k;
            v = (v << 1) | ((b[off + (int) (i >>> 3)] >>> (7 - (int) (i & 7))) & 1);
        }
        return v;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        if (len == 0) {
            return 0;
        }
        boolean key = isKeyFrameHeader(frame[off] & 0xFF);
        long size = key && maxPayload >= 16 ? keyFrameSize(frame, off, len) : -1;
        int width = (int) (size >>> 16);
        int height = (int) (size & 0xFFFF);
        int ss = size >= 0 && width <= 0xFFFF && height > 0 ? SS_LENGTH : 0;
        // Even split of (SS + frame) bytes; the first packet carries the SS (§4.2.1).
        int room = maxPayload - DESCRIPTOR;
        int total = len + ss;
        int count = (total + room - 1) / room;
        int base = total / count;
        int extra = total % count;
        int pid = pictureId;
        pictureId = (pictureId + 1) & 0x7FFF;
        int flags = 0x80 | (key ? 0 : 0x40);
        int p = off;
        for (int i = 0; i < count; i++) {
            int chunk = base + (i < extra ? 1 : 0);
            boolean last = i == count - 1;
            int d = DESCRIPTOR;
            scratch[0] = (byte) (flags | (i == 0 ? 0x08 : 0) | (last ? 0x04 : 0) | (i == 0 && ss > 0 ? 0x02 : 0));
            scratch[1] = (byte) (0x80 | (pid >>> 8));
            scratch[2] = (byte) pid;
            if (i == 0 && ss > 0) {
                scratch[d++] = 0x10; // N_S=0 (one spatial layer), Y=1, G=0
                scratch[d++] = (byte) (width >>> 8);
                scratch[d++] = (byte) width;
                scratch[d++] = (byte) (height >>> 8);
                scratch[d++] = (byte) height;
                chunk -= ss;
            }
            System.arraycopy(frame, p, scratch, d, chunk);
            p += chunk;
            sink.accept(scratch, 0, d + chunk, last);
        }
        return count;
    }
}
