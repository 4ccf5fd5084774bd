package org.ferryrtc.sctp;

/** What an association reports through {@link SctpAssociation#pollEvent()}. */
public sealed interface SctpEvent {

    /** The association reached ESTABLISHED (RFC 9260 §5.1), or was restarted by the peer. */
    record Connected() implements SctpEvent {
    }

    /** A complete user message. */
    record Message(int stream, int ppid, byte[] data, boolean unordered) implements SctpEvent {
    }

    /** The stream's queued (not yet transmitted) bytes fell to or below its low-water mark. */
    record BufferedAmountLow(int stream) implements SctpEvent {
    }

    /** The peer reset its outgoing streams (RFC 6525 §5.2.2); their sequence numbers restart at 0. */
    record IncomingStreamsReset(int[] streams) implements SctpEvent {
    }

    /** Our outgoing stream reset request for these streams was performed by the peer. */
    record OutgoingStreamsReset(int[] streams) implements SctpEvent {
    }

    /** The peer refused our reset request for these streams. */
    record StreamResetFailed(int[] streams) implements SctpEvent {
    }

    /**
     * The association ended: {@code graceful} after a SHUTDOWN sequence (RFC 9260 §9.2), otherwise
     * by ABORT (§9.1) or a failure such as too many retransmissions; {@code byPeer} says who ended it.
     */
    record Closed(boolean graceful, boolean byPeer, String reason) implements SctpEvent {
    }
}
