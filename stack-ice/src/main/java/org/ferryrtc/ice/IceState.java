package org.ferryrtc.ice;

/** The ICE connection state of one session (the RTCIceConnectionState shape, RFC 8445 §6.1.3, RFC 7675). */
public enum IceState {
    NEW,
    CHECKING,
    CONNECTED,
    COMPLETED,
    /** Consent (RFC 7675) was not refreshed recently; may recover. */
    DISCONNECTED,
    FAILED,
    CLOSED
}
