package org.ferryrtc.dtls;

import org.ferryrtc.srtp.SrtpProfile;

/**
 * What a {@link DtlsSession} reports to its owner through {@link DtlsSession#pollEvent()}.
 */
public sealed interface DtlsEvent {

    /**
     * The handshake finished: SRTP keys are ready and application data may flow.
     *
     * @param keys the exported SRTP keying material and role
     * @param profile the negotiated {@code use_srtp} profile (RFC 5764 §4.1.2, RFC 7714 §14.2)
     * @param role our role
     * @param remoteFingerprintVerified true: the peer's certificate matched its SDP fingerprint
     *     (always true here, since a mismatch fails the handshake; kept explicit for callers)
     */
    record HandshakeComplete(DtlsSrtpKeys keys, SrtpProfile profile, DtlsRole role, boolean remoteFingerprintVerified)
            implements DtlsEvent {
    }

    /**
     * The handshake ended without success; the session is finished.
     *
     * @param reason a human-readable cause (fingerprint mismatch, timeout, alert, ...)
     */
    record HandshakeFailed(String reason) implements DtlsEvent {
    }

    /**
     * One decrypted DTLS application-data record (for WebRTC: one SCTP packet).
     *
     * @param data the plaintext, owned by the receiver of the event
     */
    record ApplicationData(byte[] data) implements DtlsEvent {
    }

    /**
     * The session is closed: by us ({@link DtlsSession#close()}), by a close_notify from the
     * peer, or by a fatal alert after the handshake.
     *
     * @param byPeer true if the peer closed it (close_notify or a fatal alert)
     * @param reason a short description
     */
    record Closed(boolean byPeer, String reason) implements DtlsEvent {
    }
}
