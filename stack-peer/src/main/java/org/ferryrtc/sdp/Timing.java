package org.ferryrtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * A {@code t=} line and its {@code r=} lines (RFC 8866 §5.9, §5.10). Times are NTP seconds as
 * digit strings; repeat lines are kept verbatim.
 */
public record Timing(String start, String stop, List<String> repeats) {
    public Timing {
        Objects.requireNonNull(start);
        Objects.requireNonNull(stop);
        repeats = List.copyOf(repeats);
    }

    /** {@code t=0 0}, the unbounded session every WebRTC peer writes. */
    public static Timing unbounded() {
        return new Timing("0", "0", List.of());
    }
}
