package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * An attribute FerryRTC does not interpret (RFC 8866 §5.13), kept verbatim so it round-trips:
 * {@code a=<name>} (value null) or {@code a=<name>:<value>}.
 */
public record Attribute(String name, String value) {
    public Attribute {
        Objects.requireNonNull(name);
    }

    /** The attribute text after {@code a=}. */
    public String text() {
        return value == null ? name : name + ":" + value;
    }
}
