package org.ferryrtc.sdp;

import java.util.Objects;

/** {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2); {@code trackId} null when absent. */
public record Msid(String streamId, String trackId) {
    public Msid {
        Objects.requireNonNull(streamId);
    }

    /** The attribute value. */
    public String text() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
