package org.ferryrtc.gateway.call;

/**
 * How a {@link CallControl} reports back to the gateway. Thread-safe; never blocks.
 * Events reach the long polls and {@code /events/ws} subscribers.
 */
public interface CallEvents {

    /** A remote peer calls {@code peerId}: registers the connection and emits CALL on the peer. */
    void incomingCall(String peerId, String mediaConnectionId, String remoteId);

    /** A remote peer opens a DataChannel to {@code peerId}: registers it and emits CONNECTION. */
    void incomingConnection(String peerId, String dataConnectionId, String remoteId);

    /** READY, STREAM, CLOSE or ERROR on a media connection (CLOSE also releases its ports). */
    void mediaEvent(String mediaConnectionId, String event, String errorMessage);

    /** OPEN, CLOSE or ERROR on a data connection (CLOSE also releases its ports). */
    void dataEvent(String dataConnectionId, String event, String errorMessage);

    /** ERROR on a peer. */
    void peerError(String peerId, String message);
}
