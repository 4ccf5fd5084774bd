package org.ferryrtc.rtp;

import java.util.HashMap;
import java.util.Map;

/**
 * The header extensions FerryRTC understands, each with its SDP {@code a=extmap} URI
 * (RFC 8285 §5). The ordinal indexes {@link ExtensionMap}'s O(1) id table.
 */
public enum KnownExtension {
    /** Media identification, RFC 8843 §15.2 / RFC 9143; accessor {@link SdesIdentifier}. */
    MID(ExtensionMap.MID),
    /** RtpStreamId (rid), RFC 8852; accessor {@link SdesIdentifier}. */
    RTP_STREAM_ID(ExtensionMap.RTP_STREAM_ID),
    /** RepairedRtpStreamId, RFC 8852; accessor {@link SdesIdentifier}. */
    REPAIRED_RTP_STREAM_ID(ExtensionMap.REPAIRED_RTP_STREAM_ID),
    /** Absolute send time, 6.18 fixed point; accessor {@link AbsSendTime}. */
    ABS_SEND_TIME(ExtensionMap.ABS_SEND_TIME),
    /** Transport-wide sequence number; accessor {@link TransportCc}. */
    TRANSPORT_CC(ExtensionMap.TRANSPORT_CC),
    /** Client-to-mixer audio level, RFC 6464; accessor {@link AudioLevel}. */
    AUDIO_LEVEL(ExtensionMap.AUDIO_LEVEL),
    /** Coordination of video orientation, 3GPP TS 26.114 §7.4.5; accessor {@link VideoOrientation}. */
    VIDEO_ORIENTATION(ExtensionMap.VIDEO_ORIENTATION),
    /** Playout delay limits; accessor {@link PlayoutDelay}. */
    PLAYOUT_DELAY(ExtensionMap.PLAYOUT_DELAY);

    private static final Map<String, KnownExtension> BY_URI = new HashMap<>();

    static {
        for (KnownExtension e : values()) {
            BY_URI.put(e.uri, e);
        }
    }

    private final String uri;

    KnownExtension(String uri) {
        this.uri = uri;
    }

    /** The extension's URI as written in {@code a=extmap}. */
    public String uri() {
        return uri;
    }

    /** The known extension with this URI (exact match), or null. */
    public static KnownExtension fromUri(String uri) {
        return uri == null ? null : BY_URI.get(uri);
    }
}
