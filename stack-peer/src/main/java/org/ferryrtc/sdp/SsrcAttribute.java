package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 §4.1), e.g. {@code cname:...} or
 * {@code msid:...}. The SSRC is an unsigned 32-bit value; {@code value} is null when absent.
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {
    public SsrcAttribute {
        Objects.requireNonNull(attribute);
    }
}
