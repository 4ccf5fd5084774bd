package org.ferryrtc.datachannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.ferryrtc.sctp.SctpAssociation;
import org.ferryrtc.sctp.SctpEvent;
import org.ferryrtc.sctp.SctpState;
import org.ferryrtc.sctp.SendOptions;
import org.ferryrtc.sctp.SendStatus;

/**
 * WebRTC DataChannels (RFC 8831) over one {@link SctpAssociation}, with in-band set-up by DCEP
 * (RFC 8832) or pre-negotiated ids. Stream ids follow the DTLS role (RFC 8832 §6): the DTLS client
 * uses even ids, the server odd ids. A channel closes by resetting its outgoing stream (RFC 6525);
 * the peer answers by resetting its own, and the channel is closed once both are reset.
 *
 * <p>This object takes over the association's event queue: poll events here, not on the
 * association. Sans-IO like the association; single-threaded.
 */
public final class DataChannels {
    private static final byte[] EMPTY_MARKER = {0};

    private final SctpAssociation assoc;
    private final boolean dtlsClient;
    private final HashMap<Integer, DataChannel> channels = new HashMap<>();
    private final ArrayDeque<DataChannelEvent> events = new ArrayDeque<>();
    private final List<DataChannel> waitingForAssociation = new ArrayList<>();
    private long malformedDcep;
    private long orphanMessages;

    public DataChannels(SctpAssociation association, boolean dtlsClient) {
        this.assoc = Objects.requireNonNull(association, "association");
        this.dtlsClient = dtlsClient;
    }

    public SctpAssociation association() {
        return assoc;
    }

    /**
     * Creates a channel. In-band channels get the lowest free id of our parity and send DCEP OPEN
     * as soon as the association is established.
     *
     * @throws IllegalStateException if no stream id is free, a negotiated id is in use, or the
     *         association has ended
     */
    public DataChannel open(String label, DataChannelOptions options) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(options, "options");
        if (assoc.state() == SctpState.TERMINATED) {
            throw new IllegalStateException("the association has ended");
        }
        if (label.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw new IllegalArgumentException("label too long");
        }
        int id;
        if (options.negotiated()) {
            id = options.id();
            if (channels.containsKey(id)) {
                throw new IllegalStateException("stream id " + id + " in use");
            }
        } else {
            id = freeId();
        }
        DataChannel ch = new DataChannel(assoc, id, label, options);
        channels.put(id, ch);
        if (assoc.state() == SctpState.ESTABLISHED) {
            start(ch);
        } else {
            waitingForAssociation.add(ch);
        }
        return ch;
    }

    private int freeId() {
        int limit = assoc.state() == SctpState.ESTABLISHED
                ? Math.min(assoc.outboundStreams(), assoc.inboundStreams()) : 65535;
        for (int id = dtlsClient ? 0 : 1; id < limit; id += 2) {
            if (!channels.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free stream id");
    }

    private void start(DataChannel ch) {
        if (!ch.options().negotiated()) {
            SendStatus s = assoc.send(ch.id(), Dcep.PPID_DCEP, Dcep.open(ch.label(), ch.options()),
                    SendOptions.RELIABLE_ORDERED);
            if (s != SendStatus.OK) {
                closed(ch);
                return;
            }
        }
        ch.state = DataChannelState.OPEN;
        events.add(new DataChannelEvent.Open(ch));
    }

    public SendStatus send(DataChannel ch, byte[] data) {
        Objects.requireNonNull(data, "data");
        return data.length == 0 ? sendRaw(ch, Dcep.PPID_BINARY_EMPTY, EMPTY_MARKER)
                : sendRaw(ch, Dcep.PPID_BINARY, data);
    }

    public SendStatus send(DataChannel ch, String text) {
        Objects.requireNonNull(text, "text");
        return text.isEmpty() ? sendRaw(ch, Dcep.PPID_STRING_EMPTY, EMPTY_MARKER)
                : sendRaw(ch, Dcep.PPID_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    private SendStatus sendRaw(DataChannel ch, int ppid, byte[] data) {
        if (ch.state != DataChannelState.OPEN || channels.get(ch.id()) != ch) {
            return SendStatus.NOT_CONNECTED;
        }
        return assoc.send(ch.id(), ppid, data, ch.sendOptions());
    }

    /** Starts closing: queued data is sent, then the outgoing stream is reset (RFC 8831 §6.7). */
    public void close(DataChannel ch) {
        if (ch.state == DataChannelState.CLOSING || ch.state == DataChannelState.CLOSED) {
            return;
        }
        ch.state = DataChannelState.CLOSING;
        events.add(new DataChannelEvent.Closing(ch));
        waitingForAssociation.remove(ch);
        requestOutgoingReset(ch);
    }

    private void requestOutgoingReset(DataChannel ch) {
        if (ch.outgoingResetRequested) {
            return;
        }
        ch.outgoingResetRequested = true;
        if (assoc.state() != SctpState.ESTABLISHED || !assoc.resetStreams(ch.id())) {
            closed(ch);
        }
    }

    public DataChannel channel(int id) {
        return channels.get(id);
    }

    public Collection<DataChannel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    /** DCEP messages that could not be parsed, and messages for unknown streams. */
    public long malformedDcepMessages() {
        return malformedDcep;
    }

    public long orphanMessages() {
        return orphanMessages;
    }

    /** The next event, after taking in everything the association reported. */
    public DataChannelEvent pollEvent() {
        SctpEvent e;
        while (events.isEmpty() && (e = assoc.pollEvent()) != null) {
            handle(e);
        }
        return events.poll();
    }

    private void handle(SctpEvent e) {
        if (e instanceof SctpEvent.Message m) {
            onMessage(m);
        } else if (e instanceof SctpEvent.Connected) {
            events.add(new DataChannelEvent.AssociationConnected());
            List<DataChannel> waiting = new ArrayList<>(waitingForAssociation);
            waitingForAssociation.clear();
            for (DataChannel ch : waiting) {
                start(ch);
            }
        } else if (e instanceof SctpEvent.BufferedAmountLow b) {
            DataChannel ch = channels.get(b.stream());
            if (ch != null) {
                events.add(new DataChannelEvent.BufferedAmountLow(ch));
            }
        } else if (e instanceof SctpEvent.IncomingStreamsReset r) {
            for (int id : r.streams()) {
                DataChannel ch = channels.get(id);
                if (ch == null) {
                    continue;
                }
                ch.incomingReset = true;
                if (ch.state == DataChannelState.OPEN || ch.state == DataChannelState.CONNECTING) {
                    ch.state = DataChannelState.CLOSING;
                    events.add(new DataChannelEvent.Closing(ch));
                }
                requestOutgoingReset(ch);
                maybeClosed(ch);
            }
        } else if (e instanceof SctpEvent.OutgoingStreamsReset r) {
            for (int id : r.streams()) {
                DataChannel ch = channels.get(id);
                if (ch != null) {
                    ch.outgoingReset = true;
                    maybeClosed(ch);
                }
            }
        } else if (e instanceof SctpEvent.StreamResetFailed r) {
            for (int id : r.streams()) {
                DataChannel ch = channels.get(id);
                if (ch != null) {
                    closed(ch);
                }
            }
        } else if (e instanceof SctpEvent.Closed c) {
            for (DataChannel ch : new ArrayList<>(channels.values())) {
                closed(ch);
            }
            events.add(new DataChannelEvent.AssociationClosed(c));
        }
    }

    private void maybeClosed(DataChannel ch) {
        if (ch.incomingReset && ch.outgoingReset) {
            closed(ch);
        }
    }

    private void closed(DataChannel ch) {
        if (ch.state == DataChannelState.CLOSED) {
            return;
        }
        ch.state = DataChannelState.CLOSED;
        if (channels.get(ch.id()) == ch) {
            channels.remove(ch.id());
        }
        events.add(new DataChannelEvent.Closed(ch));
    }

    private void onMessage(SctpEvent.Message m) {
        DataChannel ch = channels.get(m.stream());
        if (m.ppid() == Dcep.PPID_DCEP) {
            onDcep(m, ch);
            return;
        }
        if (ch == null || ch.state == DataChannelState.CLOSED) {
            orphanMessages++;
            return;
        }
        ch.ackReceived = true; // RFC 8832 §6: any data implies the peer saw our OPEN
        switch (m.ppid()) {
            case Dcep.PPID_STRING, Dcep.PPID_STRING_PARTIAL ->
                    events.add(new DataChannelEvent.Message(ch, m.data(), false));
            case Dcep.PPID_BINARY, Dcep.PPID_BINARY_PARTIAL ->
                    events.add(new DataChannelEvent.Message(ch, m.data(), true));
            case Dcep.PPID_STRING_EMPTY -> events.add(new DataChannelEvent.Message(ch, new byte[0], false));
            case Dcep.PPID_BINARY_EMPTY -> events.add(new DataChannelEvent.Message(ch, new byte[0], true));
            default -> orphanMessages++;
        }
    }

    private void onDcep(SctpEvent.Message m, DataChannel existing) {
        byte[] d = m.data();
        if (d.length == 1 && d[0] == Dcep.ACK) {
            if (existing != null) {
                existing.ackReceived = true;
            } else {
                malformedDcep++;
            }
            return;
        }
        Dcep.Open open = Dcep.parseOpen(d);
        if (open == null || existing != null) {
            malformedDcep++;
            return;
        }
        DataChannel ch = new DataChannel(assoc, m.stream(), open.label(), open.options(m.stream()));
        ch.ackReceived = true;
        channels.put(m.stream(), ch);
        assoc.send(m.stream(), Dcep.PPID_DCEP, Dcep.ack(), SendOptions.RELIABLE_ORDERED);
        ch.state = DataChannelState.OPEN;
        events.add(new DataChannelEvent.Open(ch));
    }
}
