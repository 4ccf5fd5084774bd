package org.ferryrtc.sdp;

import java.util.Objects;

/** The {@code c=} line (RFC 8866 §5.7): {@code c=<nettype> <addrtype> <connection-address>}. */
public record Connection(String netType, String addrType, String address) {
    public Connection {
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addrType);
        Objects.requireNonNull(address);
    }

    /** {@code IN IP4 0.0.0.0}, the placeholder JSEP writes when no candidate is known. */
    public static Connection placeholder() {
        return new Connection("IN", "IP4", "0.0.0.0");
    }
}
