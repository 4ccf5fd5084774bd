package org.ferryrtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=ssrc-group:<semantics> *(SP <ssrc-id>)} (RFC 5576 §4.2): FID (RTX, RFC 4588 §8),
 * SIM, FEC-FR and others.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        Objects.requireNonNull(semantics);
        ssrcs = List.copyOf(ssrcs);
    }
}
