package org.ferryrtc.rtp.codec;

/**
 * VP9 depacketizer (RFC 9628 §4.2): flexible and non-flexible payload descriptors.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z| (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 *   I: |M| PICTURE ID  | (7 or 15 bits)
 *   M: | EXTENDED PID  |
 *      +-+-+-+-+-+-+-+-+
 *   L: | TID |U| SID |D| layer indices
 *      +-+-+-+-+-+-+-+-+
 *      |   TL0PICIDX   | (non-flexible mode only, F=0)
 *      +-+-+-+-+-+-+-+-+                           -\
 * P,F: | P_DIFF      |N| (flexible mode, up to 3)   -/
 *      +-+-+-+-+-+-+-+-+
 *   V: | SS ...        | scalability structure (§4.2.1)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * SS: {@code |N_S|Y|G|-|-|-|}, then if Y (N_S+1) x (16-bit width, 16-bit height), then if G
 * N_G and N_G x ({@code |T|U|R|-|-|} + R P_DIFF bytes).
 *
 * <p>A depacketized frame is a whole picture (all spatial layer frames with one timestamp,
 * concatenated; the marker bit ends the picture). A picture starts with B=1 in spatial layer 0.
 * Keyframe: P=0 on that first packet.
 */
public final class Vp9Depacketizer extends AbstractDepacketizer {
    private boolean inLayerFrame;

    /** Depacketizer keeping pictures up to {@link #DEFAULT_MAX_FRAME}. */
    public Vp9Depacketizer() {
        this(DEFAULT_MAX_FRAME);
    }

    /** @param maxFrame largest frame kept, in bytes */
    public Vp9Depacketizer(int maxFrame) {
        super(maxFrame);
    }

    @Override
    public String codec() {
        return "VP9";
    }

    /**
     * Length of the payload descriptor (RFC 9628 §4.2), or -1 if it is malformed, truncated, or
     * leaves no payload byte.
     */
    static int descriptorLength(byte[] p, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int b0 = p[off] & 0xFF;
        boolean flexible = (b0 & 0x10) != 0;
        int n = 1;
        if ((b0 & 0x80) != 0) { // I
            if (n >= len) {
                return -1;
            }
            n += (p[off + n] & 0x80) != 0 ? 2 : 1;
        }
        if ((b0 & 0x20) != 0) { // L
            n += flexible ? 1 : 2;
        }
        if ((b0 & 0x40) != 0 && flexible) { // P_DIFF list
            for (int k = 0; ; k++) {
                if (n >= len || k == 3) {
                    return -1;
                }
                boolean more = (p[off + n] & 0x01) != 0;
                n++;
                if (!more) {
                    break;
                }
            }
        }
        if ((b0 & 0x02) != 0) { // V: scalability structure
            if (n >= len) {
                return -1;
            }
            int ss = p[off + n] & 0xFF;
            n++;
            if ((ss & 0x10) != 0) { // Y
                n += 4 * ((ss >>> 5) + 1);
            }
            if ((ss & 0x08) != 0) { // G
                if (n >= len) {
                    return -1;
                }
                int groups = p[off + n] & 0xFF;
                n++;
                for (int g = 0; g < groups; g++) {
                    if (n >= len) {
                        return -1;
                    }
                    int r = (p[off + n] >>> 2) & 0x03;
                    n += 1 + r;
                }
            }
        }
        return n < len ? n : -1;
    }

    /** Spatial layer id, 0 if the descriptor has no layer indices (caller validated it). */
    private static int spatialId(byte[] p, int off) {
        int b0 = p[off] & 0xFF;
        if ((b0 & 0x20) == 0) {
            return 0;
        }
        int n = 1;
        if ((b0 & 0x80) != 0) {
            n += (p[off + 1] & 0x80) != 0 ? 2 : 1;
        }
        return (p[off + n] >>> 1) & 0x07;
    }

    /** Whether the payload starts a picture: well-formed, B=1, spatial layer 0. */
    static boolean isPictureStart(byte[] p, int off, int len) {
        return descriptorLength(p, off, len) > 0 && (p[off] & 0x08) != 0 && spatialId(p, off) == 0;
    }

    /**
     * Keyframe test on the first packet of a picture (for an SFU): B=1, base spatial layer, P=0
     * (RFC 9628 §4.2). False for anything malformed.
     */
    public static boolean isKeyframe(byte[] p, int off, int len) {
        Checks.range(p, off, len);
        return isPictureStart(p, off, len) && (p[off] & 0x40) == 0;
    }

    @Override
    boolean positiveStart(byte[] p, int off, int len) {
        return isPictureStart(p, off, len);
    }

    @Override
    void beginFrame() {
        inLayerFrame = false;
    }

    @Override
    boolean append(byte[] p, int off, int len, boolean first) {
        int d = descriptorLength(p, off, len);
        if (d < 0) {
            return false;
        }
        int b0 = p[off] & 0xFF;
        boolean begin = (b0 & 0x08) != 0;
        if (first && !isPictureStart(p, off, len)) {
            return false;
        }
        if (begin == inLayerFrame) {
            return false; // B=1 inside a layer frame, or a continuation with no layer frame open
        }
        if (first) {
            asmKey = (b0 & 0x40) == 0;
        }
        inLayerFrame = (b0 & 0x04) == 0; // E closes the layer frame
        return put(p, off + d, len - d);
    }

    @Override
    boolean endFrame() {
        return !inLayerFrame && pos > 0;
    }
}
