package org.ferryrtc.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A STUN server (RFC 8489) for server-reflexive candidates, or a TURN server (RFC 8656, UDP)
 * for relayed candidates with long-term credentials.
 */
public sealed interface IceServer {
    InetSocketAddress address();

    record Stun(InetSocketAddress address) implements IceServer {
        public Stun {
            Objects.requireNonNull(address, "address");
        }
    }

    record Turn(InetSocketAddress address, String username, String password) implements IceServer {
        public Turn {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Turn[" + address + ", username=" + username + ", password=<redacted>]";
        }
    }
}
