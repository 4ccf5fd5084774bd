package org.ferryrtc.ice;

import java.util.Objects;

/** ICE username fragment and password (RFC 8445 §5.3; in SDP a=ice-ufrag / a=ice-pwd). */
public record IceCredentials(String ufrag, String password) {
    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.length() < 4 || ufrag.length() > 256) {
            throw new IllegalArgumentException("ice-ufrag must be 4..256 characters (RFC 8839 §5.4)");
        }
        if (password.length() < 22 || password.length() > 256) {
            throw new IllegalArgumentException("ice-pwd must be 22..256 characters (RFC 8839 §5.4)");
        }
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=<redacted>]";
    }
}
