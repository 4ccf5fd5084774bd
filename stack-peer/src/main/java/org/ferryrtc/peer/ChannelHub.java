package org.ferryrtc.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ferryrtc.datachannel.DataChannel;
import org.ferryrtc.datachannel.DataChannelEvent;
import org.ferryrtc.datachannel.DataChannelState;
import org.ferryrtc.datachannel.DataChannels;
import org.ferryrtc.sctp.SctpAssociation;
import org.ferryrtc.sctp.SctpConfig;
import org.ferryrtc.sctp.SendStatus;

/**
 * The DataChannels of one connection (RFC 8831/8832), on its owner thread: channels created
 * before the SCTP association exists wait here; once DTLS is up the association starts
 * (both sides send INIT, RFC 9260 §5.2.1 handles the collision) and they are opened.
 */
final class ChannelHub {
    private final PacketPath path;
    private final Consumer<PeerEvent> emit;
    private final Runnable onAssociationClosedByPeer;
    private final List<PeerDataChannel> pending = new ArrayList<>();
    private final Map<DataChannel, PeerDataChannel> byChannel = new IdentityHashMap<>();
    long sendFailures;

    ChannelHub(PacketPath path, Consumer<PeerEvent> emit, Runnable onAssociationClosedByPeer) {
        this.path = path;
        this.emit = emit;
        this.onAssociationClosedByPeer = onAssociationClosedByPeer;
    }

    /** Starts the association over the established DTLS session (RFC 8261) and opens waiting channels. */
    void start(long now, int remotePort, boolean dtlsClient) {
        SctpConfig d = SctpConfig.defaults();
        // one SCTP packet goes in one DTLS record (RFC 8261), which refuses more than its send limit;
        // SctpAssociation keeps every packet (padding included) within any MTU it is given
        int mtu = Math.max(576, Math.min(d.mtu(), path.dtls.sendLimit()));
        SctpConfig c = new SctpConfig(d.localPort(), remotePort, mtu, d.maxMessageSize(), d.receiveBufferSize(),
                d.sendBufferSize(), d.maxStreams(), d.rtoInitialMillis(), d.rtoMinMillis(), d.rtoMaxMillis(),
                d.delayedAckMillis(), d.maxInitRetransmits(), d.maxRetransmits(), d.cookieLifetimeMillis(),
                d.random(), d.interleaving(), d.heartbeatIntervalMillis());
        path.sctp = new SctpAssociation(c);
        path.dtls.setApplicationDataHandler(path::onApplicationData);
        path.channels = new DataChannels(path.sctp, dtlsClient);
        path.sctp.connect(now);
        for (PeerDataChannel p : pending) {
            bind(p);
        }
        pending.clear();
        path.pumpSctp(now);
    }

    void add(PeerDataChannel p) {
        if (path.channels != null) {
            bind(p);
            path.pumpSctp(System.nanoTime());
        } else {
            pending.add(p);
        }
    }

    private void bind(PeerDataChannel p) {
        try {
            DataChannel ch = path.channels.open(p.label(), p.options());
            p.channel = ch;
            byChannel.put(ch, p);
        } catch (IllegalStateException e) {
            p.state = DataChannelState.CLOSED; // no free stream id, or the association ended
            emit.accept(new PeerEvent.DataChannelClosed(p));
        }
    }

    void send(PeerDataChannel p, byte[] data, boolean binary) {
        DataChannel ch = p.channel;
        if (ch == null || path.channels == null) {
            sendFailures++;
            return;
        }
        SendStatus s = binary ? path.channels.send(ch, data)
                : path.channels.send(ch, new String(data, StandardCharsets.UTF_8));
        if (s != SendStatus.OK) {
            sendFailures++;
        }
        path.pumpSctp(System.nanoTime());
    }

    void close(PeerDataChannel p) {
        DataChannel ch = p.channel;
        if (ch == null) {
            pending.remove(p);
            p.state = DataChannelState.CLOSED;
            return;
        }
        path.channels.close(ch);
        path.pumpSctp(System.nanoTime());
    }

    void closeAll() {
        for (PeerDataChannel p : byChannel.values()) {
            p.state = DataChannelState.CLOSED;
        }
        for (PeerDataChannel p : pending) {
            p.state = DataChannelState.CLOSED;
        }
    }

    void onEvent(DataChannelEvent e) {
        if (e instanceof DataChannelEvent.Open o) {
            PeerDataChannel p = byChannel.get(o.channel());
            boolean remote = p == null;
            if (remote) {
                p = new PeerDataChannel(path.pc, o.channel());
                byChannel.put(o.channel(), p);
            }
            p.state = DataChannelState.OPEN;
            emit.accept(new PeerEvent.DataChannelOpen(p, remote));
        } else if (e instanceof DataChannelEvent.Message m) {
            PeerDataChannel p = byChannel.get(m.channel());
            if (p != null) {
                emit.accept(new PeerEvent.DataChannelMessage(p, m.data(), m.binary()));
            }
        } else if (e instanceof DataChannelEvent.BufferedAmountLow b) {
            PeerDataChannel p = byChannel.get(b.channel());
            if (p != null) {
                emit.accept(new PeerEvent.DataChannelBufferedAmountLow(p));
            }
        } else if (e instanceof DataChannelEvent.Closing c) {
            PeerDataChannel p = byChannel.get(c.channel());
            if (p != null) {
                p.state = DataChannelState.CLOSING;
            }
        } else if (e instanceof DataChannelEvent.Closed c) {
            PeerDataChannel p = byChannel.remove(c.channel());
            if (p != null) {
                p.state = DataChannelState.CLOSED;
                emit.accept(new PeerEvent.DataChannelClosed(p));
            }
        } else if (e instanceof DataChannelEvent.AssociationClosed ac && ac.cause().byPeer()) {
            onAssociationClosedByPeer.run();
        }
    }
}
