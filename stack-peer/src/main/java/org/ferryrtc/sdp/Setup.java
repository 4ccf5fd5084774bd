package org.ferryrtc.sdp;

/** The {@code a=setup} attribute (RFC 4145 §4, RFC 8842 §5): which side opens DTLS. */
public enum Setup {
    ACTPASS("actpass"),
    ACTIVE("active"),
    PASSIVE("passive"),
    HOLDCONN("holdconn");

    private final String token;

    Setup(String token) {
        this.token = token;
    }

    /** The value as written in SDP. */
    public String token() {
        return token;
    }

    /** The value named {@code token} (case-insensitive), or null. */
    public static Setup fromToken(String token) {
        for (Setup s : values()) {
            if (s.token.equalsIgnoreCase(token)) {
                return s;
            }
        }
        return null;
    }
}
