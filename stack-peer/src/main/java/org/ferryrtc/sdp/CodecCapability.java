package org.ferryrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A codec FerryRTC can send and receive, as used to build offers and answers (RFC 8829 §5.2.1,
 * §5.3.1): encoding name, clock rate, channels, the fmtp parameters we want to receive with,
 * the RTCP feedback we support (payload type field ignored) and the payload type to use in our
 * own offers ({@code preferredPayloadType}; -1 picks a free dynamic one).
 *
 * <p>RTX (RFC 4588) is not listed here; {@link LocalCapabilities#rtx()} adds it to every video
 * codec. RED (RFC 2198) and ulpfec are accepted only when listed.
 */
public record CodecCapability(String name, int clockRate, int channels, Map<String, String> fmtp,
        List<RtcpFb> feedback, int preferredPayloadType) {
    public CodecCapability {
        Objects.requireNonNull(name);
        fmtp = Fmtp.orderedCopy(fmtp);
        feedback = List.copyOf(feedback);
    }

    private static final List<RtcpFb> VIDEO_FB = List.of(
            new RtcpFb("*", "goog-remb", null), new RtcpFb("*", "transport-cc", null),
            new RtcpFb("*", "ccm", "fir"), new RtcpFb("*", "nack", null),
            new RtcpFb("*", "nack", "pli"));

    /** Opus 48 kHz stereo (RFC 7587) with in-band FEC, transport-cc feedback. */
    public static CodecCapability opus() {
        return new CodecCapability("opus", 48000, 2, Fmtp.parseParameters("minptime=10;useinbandfec=1"),
                List.of(new RtcpFb("*", "transport-cc", null)), 111);
    }

    /** G.711 mu-law, static payload type 0. */
    public static CodecCapability pcmu() {
        return new CodecCapability("PCMU", 8000, 1, Map.of(), List.of(), 0);
    }

    /** G.711 A-law, static payload type 8. */
    public static CodecCapability pcma() {
        return new CodecCapability("PCMA", 8000, 1, Map.of(), List.of(), 8);
    }

    /** DTMF events (RFC 4733) at {@code clockRate}. */
    public static CodecCapability telephoneEvent(int clockRate) {
        return new CodecCapability("telephone-event", clockRate, 1, Map.of(), List.of(),
                clockRate == 8000 ? 126 : 110);
    }

    /** Audio RED (RFC 2198); its fmtp is derived from the primary codec when offering. */
    public static CodecCapability audioRed() {
        return new CodecCapability("red", 48000, 2, Map.of(), List.of(), 63);
    }

    /** VP8 (RFC 7741) with the usual video feedback. */
    public static CodecCapability vp8() {
        return new CodecCapability("VP8", 90000, 1, Map.of(), VIDEO_FB, 96);
    }

    /** VP9 with {@code profile-id} (0 or 2). */
    public static CodecCapability vp9(int profileId) {
        return new CodecCapability("VP9", 90000, 1, Map.of("profile-id", Integer.toString(profileId)),
                VIDEO_FB, profileId == 0 ? 98 : 100);
    }

    /**
     * H.264 (RFC 6184) with {@code profile-level-id} (six hex digits, e.g. {@code 42e01f} =
     * Constrained Baseline 3.1), {@code packetization-mode} and level asymmetry allowed.
     */
    public static CodecCapability h264(String profileLevelId, int packetizationMode) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("level-asymmetry-allowed", "1");
        p.put("packetization-mode", Integer.toString(packetizationMode));
        p.put("profile-level-id", profileLevelId);
        return new CodecCapability("H264", 90000, 1, p, VIDEO_FB, -1);
    }

    /** AV1 with {@code profile} 0 (Main). */
    public static CodecCapability av1() {
        return new CodecCapability("AV1", 90000, 1, Map.of(), VIDEO_FB, 45);
    }

    /** True if the encoding name is {@code n}, ignoring case. */
    public boolean is(String n) {
        return name.equalsIgnoreCase(n);
    }
}
