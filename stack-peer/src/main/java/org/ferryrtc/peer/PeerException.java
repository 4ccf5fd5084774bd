package org.ferryrtc.peer;

/**
 * A description or candidate the connection cannot use: malformed SDP (the message names the
 * line and the reason, RFC 8866), an offer/answer that does not fit JSEP (RFC 8829), or a call
 * in the wrong signaling state. The connection stays usable.
 */
public final class PeerException extends Exception {
    private static final long serialVersionUID = 1L;

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
