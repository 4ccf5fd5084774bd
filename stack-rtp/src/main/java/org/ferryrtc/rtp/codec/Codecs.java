package org.ferryrtc.rtp.codec;

import java.util.Locale;

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
        return canonical(name) != null;
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
        return switch (require(name)) {
            case "VP8" -> new Vp8Packetizer(maxPayloadSize, 0);
            case "VP9" -> new Vp9Packetizer(maxPayloadSize, 0);
            case "H264" -> new H264Packetizer(maxPayloadSize, 1, true);
            case "AV1" -> new Av1Packetizer(maxPayloadSize);
            case "OPUS" -> new OpusPacketizer(maxPayloadSize);
            case "PCMU" -> new G711Packetizer("PCMU", 20, maxPayloadSize);
            default -> new G711Packetizer("PCMA", 20, maxPayloadSize);
        };
    }

    /**
     * Depacketizer for {@code name}, keeping frames up to the default maximum.
     *
     * @throws IllegalArgumentException for an unsupported name (check {@link #isSupported})
     */
    public static Depacketizer depacketizer(String name) {
        int max = Depacketizer.DEFAULT_MAX_FRAME;
        return switch (require(name)) {
            case "VP8" -> new Vp8Depacketizer(max);
            case "VP9" -> new Vp9Depacketizer(max);
            case "H264" -> new H264Depacketizer(max, false);
            case "AV1" -> new Av1Depacketizer(max);
            case "OPUS" -> new AudioDepacketizer("opus", max);
            case "PCMU" -> new AudioDepacketizer("PCMU", max);
            default -> new AudioDepacketizer("PCMA", max);
        };
    }

    /**
     * Keyframe test on the first packet of a frame, dispatching to the codec's
     * {@code isKeyframe}; audio payloads always qualify.
     *
     * @throws IllegalArgumentException for an unsupported name or a bad range
     */
    public static boolean isKeyframe(String name, byte[] payload, int off, int len) {
        return switch (require(name)) {
            case "VP8" -> Vp8Depacketizer.isKeyframe(payload, off, len);
            case "VP9" -> Vp9Depacketizer.isKeyframe(payload, off, len);
            case "H264" -> H264Depacketizer.isKeyframe(payload, off, len);
            case "AV1" -> Av1Depacketizer.isKeyframe(payload, off, len);
            default -> AudioDepacketizer.isKeyframe(payload, off, len);
        };
    }

    private static String canonical(String name) {
        if (name == null) {
            return null;
        }
        String u = name.toUpperCase(Locale.ROOT);
        return switch (u) {
            case "VP8", "VP9", "H264", "AV1", "OPUS", "PCMU", "PCMA" -> u;
            default -> null;
        };
    }

    private static String require(String name) {
        String c = canonical(name);
        if (c == null) {
            throw new IllegalArgumentException("unsupported codec: " + name);
        }
        return c;
    }
}
