package org.ferryrtc.datachannel;

import org.ferryrtc.sctp.SctpAssociation;
import org.ferryrtc.sctp.SendOptions;

/** One DataChannel: a bidirectional SCTP stream pair with a label (RFC 8831 §6). */
public final class DataChannel {
    private final SctpAssociation assoc;
    private final int id;
    private final String label;
    private final DataChannelOptions options;
    private final SendOptions sendOptions;
    DataChannelState state = DataChannelState.CONNECTING;
    boolean ackReceived;
    boolean incomingReset;
    boolean outgoingResetRequested;
    boolean outgoingReset;

    DataChannel(SctpAssociation assoc, int id, String label, DataChannelOptions options) {
        this.assoc = assoc;
        this.id = id;
        this.label = label;
        this.options = options;
        this.sendOptions = new SendOptions(!options.ordered(), options.maxRetransmits(), options.maxPacketLifeTime());
        this.ackReceived = options.negotiated();
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return options.protocol();
    }

    public DataChannelOptions options() {
        return options;
    }

    public DataChannelState state() {
        return state;
    }

    /** Bytes queued on this channel and not yet transmitted. */
    public long bufferedAmount() {
        return assoc.bufferedAmount(id);
    }

    /** A {@link DataChannelEvent.BufferedAmountLow} fires when the buffered amount falls to this value. */
    public void setBufferedAmountLowThreshold(long bytes) {
        assoc.setBufferedAmountLowThreshold(id, bytes);
    }

    /** RFC 8832 §6: until the peer's ACK (or any data) arrives, messages go ordered. */
    SendOptions sendOptions() {
        return ackReceived || !sendOptions.unordered() ? sendOptions
                : new SendOptions(false, sendOptions.maxRetransmits(), sendOptions.lifetimeMillis());
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "' " + state + "]";
    }
}
