package org.ferryrtc.peer;

/**
 * The aggregate state of a {@link PeerConnection}, shaped like W3C {@code RTCPeerConnectionState}:
 * from the ICE state (RFC 8445, consent freshness RFC 7675) and the DTLS state (RFC 6347).
 */
public enum PeerConnectionState {
    /** Nothing negotiated or started yet. */
    NEW,
    /** ICE checks or the DTLS handshake are running. */
    CONNECTING,
    /** ICE connected and DTLS established. */
    CONNECTED,
    /** Consent (RFC 7675) lapsed for a while; may recover. */
    DISCONNECTED,
    /** ICE failed, consent was lost for good, or the DTLS handshake failed. */
    FAILED,
    /** Closed locally, or the peer sent close_notify / ended the association. */
    CLOSED
}
