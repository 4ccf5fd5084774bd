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
    CLOSED;

    /** The aggregate of the parts, first match wins: closed, failed, closed by peer, disconnected, connected. */
    static PeerConnectionState of(boolean closed, boolean dtlsFailed, boolean closedByPeer,
            org.ferryrtc.ice.IceState ice, boolean dtlsConnected, boolean negotiated) {
        if (closed) {
            return CLOSED;
        } else if (dtlsFailed || ice == org.ferryrtc.ice.IceState.FAILED) {
            return FAILED;
        } else if (closedByPeer) {
            return CLOSED;
        } else if (ice == org.ferryrtc.ice.IceState.DISCONNECTED) {
            return DISCONNECTED;
        } else if (dtlsConnected && (ice == org.ferryrtc.ice.IceState.CONNECTED || ice == org.ferryrtc.ice.IceState.COMPLETED)) {
            return CONNECTED;
        }
        return negotiated ? CONNECTING : NEW;
    }
}
