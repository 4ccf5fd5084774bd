package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * {@code a=rtcp-fb:<pt or *> <type> [<subtype>]} (RFC 4585 §4.2), e.g. {@code nack pli},
 * {@code ccm fir}, {@code transport-cc}, {@code goog-remb}. {@code payloadType} is "*" for the
 * wildcard; {@code subtype} is null when absent (anything after the type is kept in it).
 */
public record RtcpFb(String payloadType, String type, String subtype) {
    public RtcpFb {
        Objects.requireNonNull(payloadType);
        Objects.requireNonNull(type);
    }

    /** True for {@code a=rtcp-fb:*}. */
    public boolean isWildcard() {
        return payloadType.equals("*");
    }

    /** True if type and subtype are the same as {@code other}'s (payload type ignored). */
    public boolean sameFeedback(RtcpFb other) {
        return type.equalsIgnoreCase(other.type) && Objects.equals(subtype, other.subtype);
    }

    /** This feedback for another payload type. */
    public RtcpFb withPayloadType(String pt) {
        return new RtcpFb(pt, type, subtype);
    }
}
