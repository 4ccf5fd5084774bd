package org.ferryrtc.rtp.codec;

/**
 * AV1 depacketizer (RTP Payload Format for AV1 §4.4, §4.5, §7.2). Rebuilds each temporal unit
 * in the low-overhead bitstream format: a temporal delimiter OBU ({@code 12 00}) followed by
 * every received OBU with {@code obu_has_size_field=1} and its LEB128 {@code obu_size}.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|  Z: first element continues an OBU, Y: last element continues,
 * +-+-+-+-+-+-+-+-+  W: element count (0 = all have a length), N: new coded video sequence
 * | LEB128 length | OBU element | ... | (last element has no length when W != 0)
 * </pre>
 *
 * Temporal delimiter and tile list OBUs received are dropped (§5). Keyframe: N=1 on the first
 * packet, or the temporal unit contains a sequence header OBU. A temporal unit is known to start
 * (after loss) only at N=1; otherwise at the packet after a marker bit or timestamp change.
 */
public final class Av1Depacketizer extends AbstractDepacketizer {
    private boolean obuOpen;
    private int obuStart;

    /** Depacketizer keeping temporal units up to {@link #DEFAULT_MAX_FRAME}. */
    public Av1Depacketizer() {
        this(DEFAULT_MAX_FRAME);
    }

    /** @param maxFrame largest temporal unit kept, in bytes */
    public Av1Depacketizer(int maxFrame) {
        super(maxFrame);
    }

    @Override
    public String codec() {
        return "AV1";
    }

    /**
     * Keyframe test on the first packet of a temporal unit (for an SFU): N=1, or the first OBU
     * element (not a continuation) is a sequence header. False for anything malformed.
     */
    public static boolean isKeyframe(byte[] p, int off, int len) {
        Checks.range(p, off, len);
        if (len < 2 || (p[off] & 0x80) != 0) {
            return false;
        }
        if ((p[off] & 0x08) != 0) {
            return true;
        }
        int w = (p[off] >>> 4) & 0x03;
        int i = off + 1;
        if (w != 1) {
            long leb = Leb128.read(p, i, off + len);
            if (leb < 0 || Leb128.value(leb) < 1 || Leb128.value(leb) > off + len - i - Leb128.size(leb)) {
                return false;
            }
            i += Leb128.size(leb);
        }
        return ((p[i] >>> 3) & 0x0F) == Av1Packetizer.OBU_SEQUENCE_HEADER && (p[i] & 0x80) == 0;
    }

    @Override
    boolean positiveStart(byte[] p, int off, int len) {
        return len >= 2 && (p[off] & 0x88) == 0x08;
    }

    @Override
    void beginFrame() {
        obuOpen = false;
    }

    @Override
    boolean append(byte[] p, int off, int len, boolean first) {
        if (len < 2) {
            return false;
        }
        int agg = p[off] & 0xFF;
        boolean z = (agg & 0x80) != 0;
        boolean y = (agg & 0x40) != 0;
        int w = (agg >>> 4) & 0x03;
        if (z != obuOpen) {
            return false; // continuation without an open OBU, or an open OBU not continued
        }
        if (first) {
            if ((agg & 0x08) != 0) {
                asmKey = true;
            }
            if (!put1(Av1Packetizer.OBU_TEMPORAL_DELIMITER << 3 | 0x02) || !put1(0)) {
                return false;
            }
        }
        int end = off + len;
        int i = off + 1;
        int k = 0;
        while (i < end) {
            k++;
            int elen;
            if (w != 0 && k == w) {
                elen = end - i;
            } else {
                long leb = Leb128.read(p, i, end);
                if (leb < 0) {
                    return false;
                }
                i += Leb128.size(leb);
                if (Leb128.value(leb) > end - i) {
                    return false;
                }
                elen = (int) Leb128.value(leb);
            }
            if (elen == 0) {
                return false;
            }
            if (!(k == 1 && z)) {
                obuStart = pos;
            }
            if (!put(p, i, elen)) {
                return false;
            }
            i += elen;
            if (i < end || !y) {
                if (!completeObu()) {
                    return false;
                }
            }
        }
        if (w != 0 && k != w) {
            return false;
        }
        obuOpen = y;
        return true;
    }

    /**
     * Turns the OBU element at {@code asm[obuStart..pos)} into a sized OBU (inserting the LEB128
     * size), or drops it if it is a temporal delimiter or tile list.
     */
    private boolean completeObu() {
        int h = asm[obuStart] & 0xFF;
        if ((h & 0x80) != 0) {
            return false;
        }
        int type = (h >>> 3) & 0x0F;
        int hl = (h & 0x04) != 0 ? 2 : 1;
        int body = pos - obuStart - hl;
        if (body < 0) {
            return false;
        }
        if (type == Av1Packetizer.OBU_TEMPORAL_DELIMITER || type == Av1Packetizer.OBU_TILE_LIST) {
            pos = obuStart;
            return true;
        }
        if (type == Av1Packetizer.OBU_SEQUENCE_HEADER) {
            asmKey = true;
        }
        if ((h & 0x02) != 0) { // sender kept obu_size: it must match the element exactly
            long leb = Leb128.read(asm, obuStart + hl, pos);
            return leb >= 0 && Leb128.value(leb) == body - Leb128.size(leb);
        }
        int n = Leb128.sizeOf(body);
        if (!ensure(n)) {
            return false;
        }
        int payload = obuStart + hl;
        System.arraycopy(asm, payload, asm, payload + n, body);
        Leb128.write(asm, payload, body);
        asm[obuStart] = (byte) (h | 0x02);
        pos += n;
        return true;
    }

    @Override
    boolean endFrame() {
        return !obuOpen && pos > 2;
    }
}
