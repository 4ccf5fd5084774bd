package org.ferryrtc.rtp.codec;

/**
 * VP9 packetizer (RFC 9628 §4.2, non-flexible mode, one spatial layer). Every payload starts
 * with a 3-byte descriptor:
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z|  I=1, P=inter-predicted, L=0, F=0, B/E = first/last packet, V=0, Z=0
 *      +-+-+-+-+-+-+-+-+
 *      |M| PICTURE ID  |  M=1: 15-bit picture ID, incremented per frame
 *      | EXTENDED PID  |
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * P is 0 exactly when the frame's uncompressed header says KEY_FRAME (VP9 bitstream spec
 * §6.2: frame_marker, profile, show_existing_frame, frame_type). Marker on the last packet.
 */
public final class Vp9Packetizer implements Packetizer {
    static final int DESCRIPTOR = 3;

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

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        if (len == 0) {
            return 0;
        }
        int room = maxPayload - DESCRIPTOR;
        int count = (len + room - 1) / room;
        int base = len / count;
        int extra = len % count;
        int pid = pictureId;
        pictureId = (pictureId + 1) & 0x7FFF;
        int flags = 0x80 | (isKeyFrameHeader(frame[off] & 0xFF) ? 0 : 0x40);
        int p = off;
        for (int i = 0; i < count; i++) {
            int chunk = base + (i < extra ? 1 : 0);
            boolean last = i == count - 1;
            scratch[0] = (byte) (flags | (i == 0 ? 0x08 : 0) | (last ? 0x04 : 0));
            scratch[1] = (byte) (0x80 | (pid >>> 8));
            scratch[2] = (byte) pid;
            System.arraycopy(frame, p, scratch, DESCRIPTOR, chunk);
            p += chunk;
            sink.accept(scratch, 0, DESCRIPTOR + chunk, last);
        }
        return count;
    }
}
