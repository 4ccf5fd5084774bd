package org.ferryrtc.sdp;

import java.util.Objects;

/** The {@code b=} line (RFC 8866 §5.8): {@code b=<bwtype>:<bandwidth>}. */
public record Bandwidth(String type, long value) {
    public Bandwidth {
        Objects.requireNonNull(type);
    }
}
