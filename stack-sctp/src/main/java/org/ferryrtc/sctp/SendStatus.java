package org.ferryrtc.sctp;

/** Outcome of {@link SctpAssociation#send}. Only {@link #OK} means the message was queued. */
public enum SendStatus {
    OK,
    /** Not (or no longer) in a state that accepts new user data. */
    NOT_CONNECTED,
    /** Larger than the configured maximum message size. */
    MESSAGE_TOO_LARGE,
    /** The send buffer limit would be exceeded; retry after a buffered-amount-low event. */
    BUFFER_FULL,
    /** The stream id is outside the negotiated outbound stream count. */
    INVALID_STREAM,
    /** The stream is being reset (closed) and accepts no new messages. */
    STREAM_RESETTING
}
