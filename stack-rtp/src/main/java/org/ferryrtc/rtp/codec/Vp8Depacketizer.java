package org.ferryrtc.rtp.codec;

/**
 * VP8 depacketizer (RFC 7741 §4.2 payload descriptor, §4.3 payload header).
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 *   X: |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 *   I: |M| PictureID   | (OPTIONAL, 7 or 15 bits)
 *      +-+-+-+-+-+-+-+-+
 *   L: |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A frame starts with S=1, PID=0 (§4.2). Keyframe: that first packet's VP8 payload header has
 * P=0 (the inverse key frame flag, bit 0 of the first byte, §4.3). The output frame is the
 * concatenation of the payloads after their descriptors.
 */
public final class Vp8Depacketizer extends AbstractDepacketizer {
    /** Depacketizer keeping frames up to {@link #DEFAULT_MAX_FRAME}. */
    public Vp8Depacketizer() {
        this(DEFAULT_MAX_FRAME);
    }

    /** @param maxFrame largest frame kept, in bytes */
    public Vp8Depacketizer(int maxFrame) {
        super(maxFrame);
    }

    @Override
    public String codec() {
        return "VP8";
    }

    /**
     * Length of the payload descriptor at {@code off}, or -1 if it is truncated or leaves no
     * VP8 payload byte (RFC 7741 §4.2).
     */
    static int descriptorLength(byte[] p, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int n = 1;
        if ((p[off] & 0x80) != 0) { // X
            if (len < 2) {
                return -1;
            }
            int x = p[off + 1] & 0xFF;
            n = 2;
            if ((x & 0x80) != 0) { // I
                if (len < n + 1) {
                    return -1;
                }
                n += (p[off + n] & 0x80) != 0 ? 2 : 1; // M: 15-bit PictureID
            }
            if ((x & 0x40) != 0) { // L
                n++;
            }
            if ((x & 0x30) != 0) { // T or K share one byte
                n++;
            }
        }
        return n < len ? n : -1;
    }

    /**
     * PictureID of a payload (7 or 15 bits), or -1 if absent or the descriptor is malformed.
     */
    public static int pictureId(byte[] p, int off, int len) {
        Checks.range(p, off, len);
        if (descriptorLength(p, off, len) < 0 || (p[off] & 0x80) == 0 || (p[off + 1] & 0x80) == 0) {
            return -1;
        }
        int b = p[off + 2] & 0xFF;
        return (b & 0x80) != 0 ? ((b & 0x7F) << 8) | (p[off + 3] & 0xFF) : b;
    }

    /** Whether the payload starts a frame: S=1 and PID=0 with a well-formed descriptor. */
    static boolean isFrameStart(byte[] p, int off, int len) {
        return descriptorLength(p, off, len) > 0 && (p[off] & 0x1F) == 0x10;
    }

    /**
     * Keyframe test on the first packet of a frame (for an SFU): S=1, PID=0 and the P bit of
     * the VP8 payload header is 0 (RFC 7741 §4.3). False for anything malformed.
     */
    public static boolean isKeyframe(byte[] p, int off, int len) {
        Checks.range(p, off, len);
        int d = descriptorLength(p, off, len);
        return d > 0 && (p[off] & 0x1F) == 0x10 && (p[off + d] & 0x01) == 0;
    }

    @Override
    boolean positiveStart(byte[] p, int off, int len) {
        return isFrameStart(p, off, len);
    }

    @Override
    void beginFrame() {
    }

    @Override
    boolean append(byte[] p, int off, int len, boolean first) {
        int d = descriptorLength(p, off, len);
        if (d < 0) {
            return false;
        }
        boolean start = (p[off] & 0x1F) == 0x10;
        if (start != first) {
            return false; // a frame starts exactly once, at its first packet
        }
        if (first) {
            asmKey = (p[off + d] & 0x01) == 0;
        }
        return put(p, off + d, len - d);
    }

    @Override
    boolean endFrame() {
        return pos > 0;
    }
}
