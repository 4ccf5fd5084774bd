package org.ferryrtc.rtp;

/**
 * Coordination of video orientation header extension (3GPP TS 26.114 §7.4.5, URI
 * {@link ExtensionMap#VIDEO_ORIENTATION}, 2-bit rotation granularity): 1 data byte.
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |0 0 0 0|C|F|R R|     C camera (0 front, 1 back), F horizontal flip,
 * +-+-+-+-+-+-+-+-+     R1 R0 rotation: 0, 90, 180, 270 degrees
 * </pre>
 * The reserved upper bits are written as zero and ignored when read. The higher-granularity
 * variant ({@code urn:3gpp:video-orientation:6}) is not handled here.
 */
public final class VideoOrientation {
    /** Data length in bytes. */
    public static final int LENGTH = 1;

    private VideoOrientation() {}

    /** True for the back-facing camera (C bit). */
    public static boolean backCamera(int packed) {
        return (packed & 0x08) != 0;
    }

    /** True if the image is flipped horizontally (F bit). */
    public static boolean flip(int packed) {
        return (packed & 0x04) != 0;
    }

    /** Rotation in degrees: 0, 90, 180 or 270. */
    public static int rotationDegrees(int packed) {
        return (packed & 0x03) * 90;
    }

    /**
     * Packs the fields into the data byte.
     *
     * @throws IllegalArgumentException unless rotation is 0, 90, 180 or 270
     */
    public static int pack(boolean backCamera, boolean flip, int rotationDegrees) {
        if (rotationDegrees < 0 || rotationDegrees > 270 || rotationDegrees % 90 != 0) {
            throw new IllegalArgumentException("rotation " + rotationDegrees);
        }
        return (backCamera ? 0x08 : 0) | (flip ? 0x04 : 0) | rotationDegrees / 90;
    }

    /** The data byte under {@code id} (upper reserved bits cleared), or -1 if absent or not 1 byte. */
    public static int get(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        return at >= 0 && HeaderExtensions.dataLength(p, at) == LENGTH ? p.buffer()[at] & 0x0F : -1;
    }

    /** Adds or replaces the element; returns as {@link HeaderExtensions#reserve}. */
    public static int set(RtpPacket p, int id, boolean backCamera, boolean flip, int rotationDegrees,
            boolean allowMixed) {
        int packed = pack(backCamera, flip, rotationDegrees);
        int at = HeaderExtensions.reserve(p, id, LENGTH, allowMixed);
        if (at >= 0) {
            p.buffer()[at] = (byte) packed;
        }
        return at;
    }
}
