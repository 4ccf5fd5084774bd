package org.ferryrtc.rtp.codec;

import java.util.Locale;

/**
 * The codecs this package packetizes, resolved once from an SDP {@code a=rtpmap} name
 * (case-insensitive) so per-packet code never compares strings.
 */
public enum Codec {
    VP8, VP9, H264, AV1, OPUS, PCMU, PCMA;

    /** The codec named {@code name} in any case, or null if unsupported. */
    public static Codec of(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "VP8" -> VP8;
            case "VP9" -> VP9;
            case "H264" -> H264;
            case "AV1" -> AV1;
            case "OPUS" -> OPUS;
            case "PCMU" -> PCMU;
            case "PCMA" -> PCMA;
            default -> null;
        };
    }

    /** True for the video codecs. */
    public boolean isVideo() {
        return this == VP8 || this == VP9 || this == H264 || this == AV1;
    }

    /**
     * Packetizer with the given payload budget: H.264 packetization mode 1 with STAP-A, G.711
     * 20 ms packets.
     */
    public Packetizer packetizer(int maxPayloadSize) {
        return switch (this) {
            case VP8 -> new Vp8Packetizer(maxPayloadSize, 0);
            case VP9 -> new Vp9Packetizer(maxPayloadSize, 0);
            case H264 -> new H264Packetizer(maxPayloadSize, 1, true);
            case AV1 -> new Av1Packetizer(maxPayloadSize);
            case OPUS -> new OpusPacketizer(maxPayloadSize);
            case PCMU -> new G711Packetizer("PCMU", 20, maxPayloadSize);
            case PCMA -> new G711Packetizer("PCMA", 20, maxPayloadSize);
        };
    }

    /** Depacketizer keeping frames up to {@link Depacketizer#DEFAULT_MAX_FRAME}. */
    public Depacketizer depacketizer() {
        int max = Depacketizer.DEFAULT_MAX_FRAME;
        return switch (this) {
            case VP8 -> new Vp8Depacketizer(max);
            case VP9 -> new Vp9Depacketizer(max);
            case H264 -> new H264Depacketizer(max, false);
            case AV1 -> new Av1Depacketizer(max);
            case OPUS -> new AudioDepacketizer("opus", max);
            case PCMU -> new AudioDepacketizer("PCMU", max);
            case PCMA -> new AudioDepacketizer("PCMA", max);
        };
    }

    /** Keyframe test on the first packet of a frame; audio payloads always qualify. */
    public boolean isKeyframe(byte[] payload, int off, int len) {
        return switch (this) {
            case VP8 -> Vp8Depacketizer.isKeyframe(payload, off, len);
            case VP9 -> Vp9Depacketizer.isKeyframe(payload, off, len);
            case H264 -> H264Depacketizer.isKeyframe(payload, off, len);
            case AV1 -> Av1Depacketizer.isKeyframe(payload, off, len);
            case OPUS, PCMU, PCMA -> AudioDepacketizer.isKeyframe(payload, off, len);
        };
    }
}
