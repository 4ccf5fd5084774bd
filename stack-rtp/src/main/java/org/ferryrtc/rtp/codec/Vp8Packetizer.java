package org.ferryrtc.rtp.codec;

/**
 * VP8 packetizer (RFC 7741 §4). Every payload starts with a 4-byte payload descriptor carrying a
 * 15-bit PictureID that increments per frame:
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |1|0|0|S|0|0 0 0|  X=1, N=0, S=1 on the first packet of the frame, PID=0
 *      +-+-+-+-+-+-+-+-+
 *      |1|0|0|0| 0 0 0 0|  I=1 (PictureID present), no L/T/K
 *      +-+-+-+-+-+-+-+-+
 *      |1| PictureID    |  M=1: 15-bit PictureID (RFC 7741 §4.2)
 *      |   PictureID    |
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The frame is cut into equal-sized pieces (not at partition boundaries, so PID stays 0,
 * §4.4); the marker bit goes on the last one (§4.1).
 */
public final class Vp8Packetizer implements Packetizer {
    static final int DESCRIPTOR = 4;

    private final int maxPayload;
    private final byte[] scratch;
    private int pictureId;

    /** Packetizer with the default budget, starting at PictureID 0. */
    public Vp8Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    /**
     * @param maxPayloadSize largest payload in bytes (at least 5)
     * @param initialPictureId first PictureID, 0..32767 (RFC 7741 suggests a random start)
     */
    public Vp8Packetizer(int maxPayloadSize, int initialPictureId) {
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
        return "VP8";
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    /** PictureID the next frame will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        if (len == 0) {
            return 0;
        }
        int room = maxPayload - DESCRIPTOR;
        int count = (len + room - 1) / room;
        int base = len / count;
        int extra = len % count; // the first `extra` packets carry one more byte
        int pid = pictureId;
        pictureId = (pictureId + 1) & 0x7FFF;
        int p = off;
        for (int i = 0; i < count; i++) {
            int chunk = base + (i < extra ? 1 : 0);
            scratch[0] = (byte) (i == 0 ? 0x90 : 0x80);
            scratch[1] = (byte) 0x80;
            scratch[2] = (byte) (0x80 | (pid >>> 8));
            scratch[3] = (byte) pid;
            System.arraycopy(frame, p, scratch, DESCRIPTOR, chunk);
            p += chunk;
            sink.accept(scratch, 0, DESCRIPTOR + chunk, i == count - 1);
        }
        return count;
    }
}
