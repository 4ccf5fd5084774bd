package org.ferryrtc.rtp.codec;

/**
 * H.264 depacketizer (RFC 6184, packetization modes 0 and 1): single NAL unit packets (§5.6),
 * STAP-A (§5.7.1) and FU-A (§5.8). STAP-B, MTAP and FU-B (interleaved mode) are rejected as
 * {@link Result#INVALID}.
 *
 * <pre>
 * NAL header:  |F|NRI|  Type   |     1-23 single NAL, 24 STAP-A, 28 FU-A
 * STAP-A:      |F|NRI|   24    | size (16) | NAL unit | size (16) | NAL unit | ...
 * FU-A:        |F|NRI|   28    | |S|E|R|  Type  | fragment ...
 * </pre>
 *
 * <p>Output: the access unit in Annex-B format, every NAL unit preceded by the 4-byte start
 * code {@code 00 00 00 01}. A frame is a keyframe if it contains an IDR slice (type 5);
 * {@link #hasSps()} / {@link #hasPps()} tell whether SPS (7) / PPS (8) were received in it.
 * With {@code prefixParameterSets}, the last SPS/PPS seen (in single NAL or STAP-A packets) are
 * put in front of a keyframe that lacks them.
 *
 * <p>A frame is known to start (after loss) only at an access unit delimiter (9) or an SPS (7)
 * leading the packet; otherwise at the packet after a marker bit or timestamp change.
 */
public final class H264Depacketizer extends AbstractDepacketizer {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final boolean prefixParameterSets;
    private boolean fuOpen;
    private int fuType;
    private boolean asmSps;
    private boolean asmPps;
    private boolean outSps;
    private boolean outPps;
    private byte[] lastSps;
    private int lastSpsLen;
    private byte[] lastPps;
    private int lastPpsLen;

    /** Depacketizer keeping access units up to {@link #DEFAULT_MAX_FRAME}, no parameter-set prefixing. */
    public H264Depacketizer() {
        this(DEFAULT_MAX_FRAME, false);
    }

    /**
     * @param maxFrame largest access unit kept, in bytes
     * @param prefixParameterSets whether to prefix keyframes lacking SPS/PPS with the last ones seen
     */
    public H264Depacketizer(int maxFrame, boolean prefixParameterSets) {
        super(maxFrame);
        this.prefixParameterSets = prefixParameterSets;
    }

    @Override
    public String codec() {
        return "H264";
    }

    /** Whether the last frame contained an SPS as received (not counting a prefixed one). */
    public boolean hasSps() {
        return outSps;
    }

    /** Whether the last frame contained a PPS as received (not counting a prefixed one). */
    public boolean hasPps() {
        return outPps;
    }

    /**
     * Type of the first NAL unit a payload carries (single NAL, first STAP-A unit, or FU-A start),
     * or -1 if there is none or the payload is too short.
     */
    static int firstNalType(byte[] p, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int t = p[off] & 0x1F;
        if (t >= 1 && t <= 23) {
            return t;
        }
        if (t == 24) {
            return len >= 4 ? p[off + 3] & 0x1F : -1;
        }
        if (t == 28) {
            return len >= 3 && (p[off + 1] & 0x80) != 0 ? p[off + 1] & 0x1F : -1;
        }
        return -1;
    }

    /**
     * Keyframe test on the first packet of an access unit (for an SFU): true if the payload
     * carries an IDR slice (type 5, whole, in a STAP-A, or as an FU-A start) or an SPS (type 7),
     * which senders put at the head of IDR access units. False for anything malformed.
     */
    public static boolean isKeyframe(byte[] p, int off, int len) {
        Checks.range(p, off, len);
        if (len < 1) {
            return false;
        }
        int t = p[off] & 0x1F;
        if (t == 24) {
            int i = off + 1;
            int end = off + len;
            while (end - i >= 3) {
                int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                if (size == 0 || size > end - i - 2) {
                    return false;
                }
                int nt = p[i + 2] & 0x1F;
                if (nt == 5 || nt == 7) {
                    return true;
                }
                i += 2 + size;
            }
            return false;
        }
        int f = firstNalType(p, off, len);
        return f == 5 || f == 7;
    }

    @Override
    boolean positiveStart(byte[] p, int off, int len) {
        int t = firstNalType(p, off, len);
        return t == 9 || t == 7;
    }

    @Override
    void beginFrame() {
        fuOpen = false;
        asmSps = false;
        asmPps = false;
    }

    @Override
    void onEmit() {
        outSps = asmSps;
        outPps = asmPps;
    }

    @Override
    boolean append(byte[] p, int off, int len, boolean first) {
        if (len < 1) {
            return false;
        }
        int type = p[off] & 0x1F;
        if (fuOpen && type != 28) {
            return false; // the open FU-A was never finished
        }
        if (type >= 1 && type <= 23) {
            return nal(p, off, len);
        }
        if (type == 24) {
            int i = off + 1;
            int end = off + len;
            if (i >= end) {
                return false;
            }
            while (i < end) {
                if (end - i < 2) {
                    return false;
                }
                int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                i += 2;
                if (size == 0 || size > end - i) {
                    return false;
                }
                int nt = p[i] & 0x1F;
                if (nt == 0 || nt > 23 || !nal(p, i, size)) {
                    return false;
                }
                i += size;
            }
            return true;
        }
        if (type == 28) {
            if (len < 3) {
                return false;
            }
            int fh = p[off + 1] & 0xFF;
            boolean s = (fh & 0x80) != 0;
            boolean e = (fh & 0x40) != 0;
            int ft = fh & 0x1F;
            if ((s && e) || ft == 0 || ft > 23) {
                return false;
            }
            if (s) {
                if (fuOpen) {
                    return false;
                }
                fuOpen = true;
                fuType = ft;
                note(ft, p, off, 0);
                if (!put(START_CODE, 0, 4) || !put1((p[off] & 0xE0) | ft)) {
                    return false;
                }
            } else if (!fuOpen || ft != fuType) {
                return false;
            }
            if (e) {
                fuOpen = false;
            }
            return put(p, off + 2, len - 2);
        }
        return false;
    }

    /** Appends one complete NAL unit with a start code. */
    private boolean nal(byte[] p, int off, int len) {
        note(p[off] & 0x1F, p, off, len);
        return put(START_CODE, 0, 4) && put(p, off, len);
    }

    /** Records keyframe / parameter-set presence; keeps complete SPS/PPS if asked to. */
    private void note(int type, byte[] p, int off, int len) {
        if (type == 5) {
            asmKey = true;
        } else if (type == 7) {
            asmSps = true;
            if (prefixParameterSets && len > 0) {
                lastSps = keep(lastSps, p, off, len);
                lastSpsLen = len;
            }
        } else if (type == 8) {
            asmPps = true;
            if (prefixParameterSets && len > 0) {
                lastPps = keep(lastPps, p, off, len);
                lastPpsLen = len;
            }
        }
    }

    private static byte[] keep(byte[] store, byte[] p, int off, int len) {
        byte[] s = store != null && store.length >= len ? store : new byte[len];
        System.arraycopy(p, off, s, 0, len);
        return s;
    }

    @Override
    boolean endFrame() {
        if (fuOpen || pos == 0) {
            return false;
        }
        if (prefixParameterSets && asmKey) {
            int spsAdd = !asmSps && lastSps != null ? 4 + lastSpsLen : 0;
            int ppsAdd = !asmPps && lastPps != null ? 4 + lastPpsLen : 0;
            int add = spsAdd + ppsAdd;
            if (add > 0) {
                if (!ensure(add)) {
                    return false;
                }
                System.arraycopy(asm, 0, asm, add, pos);
                int w = 0;
                if (spsAdd > 0) {
                    System.arraycopy(START_CODE, 0, asm, 0, 4);
                    System.arraycopy(lastSps, 0, asm, 4, lastSpsLen);
                    w = spsAdd;
                }
                if (ppsAdd > 0) {
                    System.arraycopy(START_CODE, 0, asm, w, 4);
                    System.arraycopy(lastPps, 0, asm, w + 4, lastPpsLen);
                }
                pos += add;
            }
        }
        return true;
    }
}
