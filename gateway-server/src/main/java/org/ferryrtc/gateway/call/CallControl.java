package org.ferryrtc.gateway.call;

/**
 * What the gateway asks of the WebRTC side. Every command arrives fully validated: the peer
 * exists and the token matched, every referenced {@code media_id}/{@code rtcp_id}/{@code data_id}
 * exists, is of the right kind and was free (the gateway has claimed it for this command), and
 * every redirect address is inside the allow-list.
 *
 * <p>Implementations must not block: enqueue the work on the session's own thread and answer
 * with an {@link Outcome}. If the answer is {@link Outcome.Refused}, the gateway releases the
 * claimed ports and sends the refusal to the REST client as {@code httpStatus} with a JSON error.
 * The gateway's own implementation drives PeerConnections ({@code Gateway.start(config)});
 * {@link #unavailable()} answers every command with 503 (a stand-in for tests).
 */
public interface CallControl extends AutoCloseable {

    /** {@code POST /media/connections}: call {@code targetId}. Accepted carries the new media_connection_id. */
    Outcome call(MediaCall command);

    /** {@code POST /media/connections/{id}/answer}. */
    Outcome answer(MediaAnswer command);

    /** {@code POST /media/connections/{id}/pli}: ask the remote sender for a keyframe. */
    Outcome pli(String mediaConnectionId);

    /** {@code DELETE /media/connections/{id}}. */
    Outcome closeMedia(String mediaConnectionId);

    /** {@code POST /data/connections}: open a DataChannel to {@code targetId}. */
    Outcome connect(DataConnect command);

    /** {@code PUT /data/connections/{id}}: set the feed port and/or the redirect. */
    Outcome updateData(DataUpdate command);

    /** {@code DELETE /data/connections/{id}}. */
    Outcome closeData(String dataConnectionId);

    /** A peer was deleted (or the gateway is shutting down): close everything it owns. */
    void peerClosed(String peerId);

    /** Graceful shutdown: close every PeerConnection. Never throws. */
    @Override
    void close();

    /** A stand-in that refuses every command with 503 (used by tests of the REST shell alone). */
    static CallControl unavailable() {
        return Unavailable.INSTANCE;
    }
}
