package org.ferryrtc.sdp;

/** Media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1). */
public enum Direction {
    SENDRECV("sendrecv", true, true),
    SENDONLY("sendonly", true, false),
    RECVONLY("recvonly", false, true),
    INACTIVE("inactive", false, false);

    private final String token;
    private final boolean sends;
    private final boolean receives;

    Direction(String token, boolean sends, boolean receives) {
        this.token = token;
        this.sends = sends;
        this.receives = receives;
    }

    /** The attribute name as written in SDP. */
    public String token() {
        return token;
    }

    /** True if the side that wrote this direction sends media. */
    public boolean sends() {
        return sends;
    }

    /** True if the side that wrote this direction receives media. */
    public boolean receives() {
        return receives;
    }

    /** The direction seen from the other side (sendonly <-> recvonly). */
    public Direction reverse() {
        return of(receives, sends);
    }

    /** The direction with the given send and receive flags. */
    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named {@code token}, or null if it is not a direction attribute. */
    public static Direction fromToken(String token) {
        for (Direction d : values()) {
            if (d.token.equals(token)) {
                return d;
            }
        }
        return null;
    }
}
