package org.ferryrtc.rtp.codec;

/**
 * Factory for packetizers and depacketizers by codec name (case-insensitive, as in SDP
 * {@code a=rtpmap}): "VP8", "VP9", "H264", "AV1", "opus", "PCMU", "PCMA". Defaults: payload
 * budget {@link Packetizer#DEFAULT_MAX_PAYLOAD}, H.264 packetization mode 1 with STAP-A, G.711
 * 20 ms packets, frames up to {@link Depacketizer#DEFAULT_MAX_FRAME}.
 */
public final class Codecs {
    private Codecs() {}

    /** Whether {@code name} is one of the supported codecs. */
    public static boolean isSupported(String name) {
        return Codec.of(name) != null;
    }

    /** Packetizer with the default payload budget. */
    public static Packetizer packetizer(String name) {
        return packetizer(name, Packetizer.DEFAULT_MAX_PAYLOAD);
    }

    /**
     * Packetizer for {@code name} with the given payload budget.
     *
     * @throws IllegalArgumentException for an unsupported name (check {@link #isSupported})
     */
    public static Packetizer packetizer(String name, int maxPayloadSize) {
        return require(name).packetizer(maxPayloadSize);
    }

    /**
     * Depacketizer for {@code name}, keeping frames up to the default maximum.
     *
     * @throws IllegalArgumentException for an unsupported name (check {@link #isSupported})
     */
    public static Depacketizer depacketizer(String name) {
        return require(name).depacketizer();
    }

    /**
     * Keyframe test on the first packet of a frame, dispatching to the codec's
     * {@code isKeyframe}; audio payloads always qualify. Per-packet callers resolve the
     * {@link Codec} once instead.
     *
     * @throws IllegalArgumentException for an unsupported name or a bad range
     */
    public static boolean isKeyframe(String name, byte[] payload, int off, int len) {
        return require(name).isKeyframe(payload, off, len);
    }

    private static Codec require(String name) {
        Codec c = Codec.of(name);
        if (c == null) {
            throw new IllegalArgumentException("unsupported codec: " + name);
        }
        return c;
    }
}
