package org.ferryrtc.datachannel;

import java.nio.charset.StandardCharsets;
import org.ferryrtc.sctp.SctpEvent;

/** What {@link DataChannels#pollEvent()} reports. */
public sealed interface DataChannelEvent {

    /** The channel is open: sent or received DCEP OPEN (RFC 8832 §6), or negotiated. */
    record Open(DataChannel channel) implements DataChannelEvent {
    }

    /** A message; {@code binary} is false for string PPIDs (51, 56). */
    record Message(DataChannel channel, byte[] data, boolean binary) implements DataChannelEvent {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {
    }

    /** Closing began (locally or by the peer's stream reset). */
    record Closing(DataChannel channel) implements DataChannelEvent {
    }

    /** Both directions of the channel's stream were reset (RFC 8831 §6.7), or the association ended. */
    record Closed(DataChannel channel) implements DataChannelEvent {
    }

    /** The underlying association is established. */
    record AssociationConnected() implements DataChannelEvent {
    }

    /** The underlying association ended; all channels are closed. */
    record AssociationClosed(SctpEvent.Closed cause) implements DataChannelEvent {
    }
}
