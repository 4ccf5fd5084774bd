package org.ferryrtc.sctp;

/** Association states (RFC 9260 §4), plus {@link #TERMINATED} once an association has ended for good. */
public enum SctpState {
    CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
    SHUTDOWN_ACK_SENT,
    /** Shut down or aborted; the association ignores all further input. */
    TERMINATED
}
