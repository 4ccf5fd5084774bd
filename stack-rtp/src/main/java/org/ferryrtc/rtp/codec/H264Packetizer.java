package org.ferryrtc.rtp.codec;

/**
 * H.264 packetizer (RFC 6184). Input: one access unit in Annex-B byte-stream format (NAL units
 * after 3- or 4-byte start codes {@code 00 00 01} / {@code 00 00 00 01}; zero bytes trailing a
 * NAL unit are dropped, ITU-T H.264 Annex B).
 *
 * <ul>
 *   <li>Packetization mode 0 (§6.2): one single NAL unit packet (§5.6) per NAL unit; a NAL unit
 *       larger than the budget makes the whole frame {@link #INVALID_FRAME}.
 *   <li>Packetization mode 1 (§6.3): single NAL unit packets, STAP-A (§5.7.1) aggregating
 *       consecutive NAL units that fit together (e.g. SPS + PPS before an IDR), and FU-A (§5.8)
 *       for NAL units larger than the budget.
 * </ul>
 *
 * <pre>
 * STAP-A: |F|NRI| 24 | NALU 1 size (16) | NALU 1 | NALU 2 size | NALU 2 | ...
 * FU-A:   |F|NRI| 28 | |S|E|R| type | fragment ...
 * </pre>
 *
 * The marker bit goes on the last packet of the access unit (§5.1).
 */
public final class H264Packetizer implements Packetizer {
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final int maxPayload;
    private final int mode;
    private final boolean aggregate;
    private final byte[] scratch;

    // NAL iterator state (no allocation per frame)
    private int scan;
    private int nalStart;
    private int nalEnd;

    // STAP-A being built in scratch
    private int stapCount;
    private int stapLen;
    private int stapFirstOff;
    private int stapFirstLen;
    private int emitted;

    /** Mode 1 with STAP-A aggregation and the default budget. */
    public H264Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 1, true);
    }

    /**
     * @param maxPayloadSize largest payload in bytes, 4..65535 (STAP-A sizes are 16-bit)
     * @param packetizationMode 0 or 1 (RFC 6184 §6.2, §6.3)
     * @param aggregate in mode 1, whether small consecutive NAL units share a STAP-A
     */
    public H264Packetizer(int maxPayloadSize, int packetizationMode, boolean aggregate) {
        if (maxPayloadSize < 4 || maxPayloadSize > 0xFFFF) {
            throw new IllegalArgumentException("maxPayloadSize must be 4..65535: " + maxPayloadSize);
        }
        if (packetizationMode != 0 && packetizationMode != 1) {
            throw new IllegalArgumentException("packetization-mode must be 0 or 1: " + packetizationMode);
        }
        this.maxPayload = maxPayloadSize;
        this.mode = packetizationMode;
        this.aggregate = aggregate && packetizationMode == 1;
        this.scratch = new byte[maxPayloadSize];
    }

    @Override
    public String codec() {
        return "H264";
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    /** Index of the next {@code 00 00 01} at or after {@code from} (before {@code end}), or -1. */
    static int findStartCode(byte[] b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b[i + 2] == 1 && b[i + 1] == 0 && b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Advances to the next non-empty NAL unit; false when there is none. */
    private boolean nextNal(byte[] b, int end) {
        while (scan < end) {
            int sc = findStartCode(b, scan, end);
            if (sc < 0) {
                return false;
            }
            int s = sc + 3;
            int next = findStartCode(b, s, end);
            int e = next < 0 ? end : next;
            scan = e;
            while (e > s && b[e - 1] == 0) {
                e--;
            }
            if (e > s) {
                nalStart = s;
                nalEnd = e;
                return true;
            }
        }
        return false;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        int end = off + len;
        // Pass 1: validate (leading bytes must be zero, at least one NAL, mode-0 sizes) and count.
        int first = findStartCode(frame, off, end);
        for (int i = off; i < (first < 0 ? end : first); i++) {
            if (frame[i] != 0) {
                return INVALID_FRAME;
            }
        }
        int nals = 0;
        scan = off;
        while (nextNal(frame, end)) {
            if (mode == 0 && nalEnd - nalStart > maxPayload) {
                return INVALID_FRAME;
            }
            if ((frame[nalStart] & 0x1F) == 0 || (frame[nalStart] & 0x1F) >= STAP_A) {
                return INVALID_FRAME; // not a NAL unit type an encoder emits (§5.2)
            }
            nals++;
        }
        if (nals == 0) {
            return len == 0 || first < 0 && allZero(frame, off, end) ? 0 : INVALID_FRAME;
        }
        // Pass 2: emit.
        emitted = 0;
        stapCount = 0;
        scan = off;
        for (int k = 0; k < nals; k++) {
            nextNal(frame, end);
            boolean last = k == nals - 1;
            int n = nalEnd - nalStart;
            if (n > maxPayload) {
                flushStap(sink, false);
                fragment(frame, nalStart, n, last, sink);
            } else if (aggregate) {
                if (stapCount > 0 && stapLen + 2 + n > maxPayload) {
                    flushStap(sink, false);
                }
                if (stapCount == 0) {
                    stapLen = 1;
                    stapFirstOff = 3;
                    stapFirstLen = n;
                    scratch[0] = 0;
                }
                if (stapLen + 2 + n > maxPayload) { // fits alone but not as a STAP-A: send single
                    sink.accept(frame, nalStart, n, last);
                    emitted++;
                } else {
                    scratch[stapLen] = (byte) (n >>> 8);
                    scratch[stapLen + 1] = (byte) n;
                    System.arraycopy(frame, nalStart, scratch, stapLen + 2, n);
                    int h = frame[nalStart] & 0xFF;
                    int hdr = scratch[0] & 0xFF;
                    int nri = Math.max(hdr & 0x60, h & 0x60);
                    scratch[0] = (byte) ((hdr & 0x80) | (h & 0x80) | nri | STAP_A);
                    stapLen += 2 + n;
                    stapCount++;
                    if (last) {
                        flushStap(sink, true);
                    }
                }
            } else {
                System.arraycopy(frame, nalStart, scratch, 0, n);
                sink.accept(scratch, 0, n, last);
                emitted++;
            }
        }
        return emitted;
    }

    private static boolean allZero(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void flushStap(PayloadSink sink, boolean marker) {
        if (stapCount == 1) {
            sink.accept(scratch, stapFirstOff, stapFirstLen, marker); // lone NAL: single NAL packet
            emitted++;
        } else if (stapCount > 1) {
            sink.accept(scratch, 0, stapLen, marker);
            emitted++;
        }
        stapCount = 0;
    }

    /** FU-A (§5.8): the NAL header is folded into the FU indicator and FU header. */
    private void fragment(byte[] b, int s, int n, boolean lastNal, PayloadSink sink) {
        int h = b[s] & 0xFF;
        int body = n - 1;
        int room = maxPayload - 2;
        int count = (body + room - 1) / room;
        int base = body / count;
        int extra = body % count;
        int p = s + 1;
        for (int i = 0; i < count; i++) {
            int chunk = base + (i < extra ? 1 : 0);
            boolean end = i == count - 1;
            scratch[0] = (byte) ((h & 0xE0) | FU_A);
            scratch[1] = (byte) ((i == 0 ? 0x80 : 0) | (end ? 0x40 : 0) | (h & 0x1F));
            System.arraycopy(b, p, scratch, 2, chunk);
            p += chunk;
            sink.accept(scratch, 0, 2 + chunk, end && lastNal);
            emitted++;
        }
    }
}
