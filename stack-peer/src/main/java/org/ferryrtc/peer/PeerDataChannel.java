package org.ferryrtc.peer;

import java.nio.charset.StandardCharsets;
import org.ferryrtc.datachannel.DataChannel;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.datachannel.DataChannelState;

/**
 * A WebRTC DataChannel (RFC 8831) of a {@link PeerConnection}. Methods may be called from any
 * thread; they are handed to the connection's owner thread. A channel created before the SCTP
 * association exists is opened once it does.
 */
public final class PeerDataChannel {
    private final PeerConnection pc;
    private final String label;
    private final DataChannelOptions options;
    volatile DataChannel channel;
    volatile DataChannelState state = DataChannelState.CONNECTING;

    PeerDataChannel(PeerConnection pc, String label, DataChannelOptions options) {
        this.pc = pc;
        this.label = label;
        this.options = options;
    }

    PeerDataChannel(PeerConnection pc, DataChannel bound) {
        this(pc, bound.label(), bound.options());
        this.channel = bound;
    }

    public String label() {
        return label;
    }

    public DataChannelOptions options() {
        return options;
    }

    /** The SCTP stream id, or -1 before the channel is bound to the association. */
    public int id() {
        DataChannel c = channel;
        return c == null ? -1 : c.id();
    }

    public DataChannelState state() {
        return state;
    }

    /** Sends a string message (PPID 51). False if the channel is not open. */
    public boolean send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Sends a binary message (PPID 53); the array is not copied: do not modify it afterwards. */
    public boolean send(byte[] data) {
        return send(data, true);
    }

    private boolean send(byte[] data, boolean binary) {
        if (state != DataChannelState.OPEN) {
            return false;
        }
        pc.dataChannelSend(this, data, binary);
        return true;
    }

    /** Bytes queued and not yet sent (read on the owner thread). */
    public long bufferedAmount() {
        return pc.bufferedAmount(this);
    }

    /** Sets the low-water mark for {@link PeerEvent.DataChannelBufferedAmountLow}. */
    public void setBufferedAmountLowThreshold(long bytes) {
        pc.run(() -> {
            DataChannel c = channel;
            if (c != null) {
                c.setBufferedAmountLowThreshold(bytes);
            }
        });
    }

    /** Closes the channel (outgoing stream reset, RFC 8831 §6.7). */
    public void close() {
        pc.dataChannelClose(this);
    }

    @Override
    public String toString() {
        return "PeerDataChannel[" + label + ", id " + id() + ", " + state + "]";
    }
}
