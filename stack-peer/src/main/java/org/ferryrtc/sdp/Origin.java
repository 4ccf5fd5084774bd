package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * The {@code o=} line (RFC 8866 §5.2):
 * {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}.
 * The session id and version are kept as digit strings (they may exceed a signed long).
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType,
        String addrType, String address) {
    public Origin {
        Objects.requireNonNull(username);
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(sessionVersion);
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addrType);
        Objects.requireNonNull(address);
    }
}
