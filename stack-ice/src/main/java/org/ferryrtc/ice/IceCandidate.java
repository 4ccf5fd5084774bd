package org.ferryrtc.ice;

import java.util.Objects;

/**
 * One ICE candidate (RFC 8445 §5.1, attributes as in RFC 8839 §5.1), independent of ice4j
 * and of SDP text. {@code type} is one of host, srflx, prflx, relay; {@code transport} is
 * "udp" or "tcp" (a UDP-only agent ignores TCP candidates); {@code relatedAddress} is null
 * and {@code relatedPort} -1 for host candidates.
 */
public record IceCandidate(
        String foundation,
        int component,
        String transport,
        long priority,
        String address,
        int port,
        String type,
        String relatedAddress,
        int relatedPort) {

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component " + component);
        }
    }

    /** True for a UDP candidate, the only transport this agent uses. */
    public boolean isUdp() {
        return "udp".equalsIgnoreCase(transport);
    }
}
