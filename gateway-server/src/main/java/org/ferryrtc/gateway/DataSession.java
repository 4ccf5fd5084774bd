package org.ferryrtc.gateway;

import java.util.Arrays;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.gateway.call.DcInit;
import org.ferryrtc.gateway.call.Redirect;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerDataChannel;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.PeerException;

/**
 * A data connection: each datagram arriving at the {@code /data} feed port becomes one binary
 * DataChannel message, and each message received goes out as one datagram to the redirect
 * address. A message larger than a UDP datagram can carry ({@value #MAX_DATAGRAM} bytes over
 * IPv4) is dropped, counted, and reported as an ERROR event: never truncated.
 */
final class DataSession extends Session {
    /** 65,535 minus the IPv4 (20) and UDP (8) headers. */
    static final int MAX_DATAGRAM = 65_507;
    /** The label of the gateway's channels (a negotiated channel's label is not sent on the wire). */
    static final String LABEL = "ferry";

    private final String remoteOffer;
    private final DcInit init;
    private volatile PeerDataChannel channel;
    private volatile UdpPort feed;
    private volatile java.net.InetSocketAddress redirect;

    /** Outgoing (the gateway opens the channel) when {@code remoteOffer} is null. */
    DataSession(PeerCalls calls, String id, String peerId, String browserId, String remoteOffer, DcInit init) {
        super(calls, id, peerId, browserId, remoteOffer != null);
        this.remoteOffer = remoteOffer;
        this.init = init == null ? DcInit.DEFAULT : init;
    }

    @Override
    String kind() {
        return "data";
    }

    @Override
    void event(String event, String message) {
        calls.events.dataEvent(id, event, message);
    }

    /** Sets the feed port and/or the redirect (null leaves it unchanged). Field writes only. */
    void update(String dataId, Redirect r) {
        if (r != null) redirect = MediaSession.address(r);
        if (dataId != null) {
            UdpPort old = feed;
            UdpPort p = calls.port(dataId);
            if (old != null && old != p) old.sink = null;
            feed = p;
            if (p != null) p.sink = this::feed;
        }
    }

    /** Event-loop thread: one datagram, one message. */
    private void feed(byte[] b, int off, int len) {
        PeerDataChannel ch = channel;
        if (ch == null || !ch.send(Arrays.copyOfRange(b, off, off + len))) {
            calls.dataDropped.increment();
            return;
        }
        calls.dataToChannel.increment();
    }

    @Override
    void unhook() {
        UdpPort p = feed;
        if (p != null) p.sink = null;
    }

    static DataChannelOptions options(DcInit i) {
        DataChannelOptions o = DataChannelOptions.DEFAULT.withOrdered(i.ordered()).withProtocol(i.protocol() == null ? "" : i.protocol());
        if (i.maxRetransmits() >= 0) o = o.withMaxRetransmits(i.maxRetransmits());
        if (i.maxPacketLifeTime() >= 0) o = o.withMaxPacketLifeTime(i.maxPacketLifeTime());
        if (i.negotiated() && i.id() >= 0) o = o.withNegotiatedId(i.id());
        return o;
    }

    /**
     * Our offer names the channel's RTCDataChannelInit ({@code dcInit}, SkyWay's field names) and
     * label, so that the browser creates a negotiated channel itself (ferry.js does).
     */
    @Override
    void describeOffer(com.fasterxml.jackson.databind.node.ObjectNode m) {
        var d = m.put("label", LABEL).putObject("dcInit");
        d.put("ordered", init.ordered());
        if (init.maxPacketLifeTime() >= 0) d.put("maxPacketLifeTime", init.maxPacketLifeTime());
        if (init.maxRetransmits() >= 0) d.put("maxRetransmits", init.maxRetransmits());
        d.put("protocol", init.protocol() == null ? "" : init.protocol());
        d.put("negotiated", init.negotiated());
        if (init.negotiated()) d.put("id", init.id());
    }

    /** The gateway is the offerer (serial thread). */
    void startOutgoing() {
        try {
            pc = PeerConnection.create(PeerConfig.server(calls.endpoint).build(), this::onEvent);
            pc.createDataChannel(LABEL, options(init));
            String offer = pc.createOffer();
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            sendDescription("offer", offer);
        } catch (PeerException | RuntimeException e) {
            fail("cannot connect to " + browserId + ": " + e.getMessage());
        }
    }

    /** Answers the browser's offer at once (a data connection needs no REST answer). */
    void answer() {
        try {
            pc = PeerConnection.create(PeerConfig.server(calls.endpoint).build(), this::onEvent);
            pc.setRemoteDescription(PeerConnection.SdpType.OFFER, remoteOffer);
            // the browser's channel is negotiated (no DCEP open message will come): open our half
            if (init.negotiated()) pc.createDataChannel(LABEL, options(init));
            flushBrowserCandidates(); // before the answer starts ICE: an agent with no remote candidate fails at once
            String answer = pc.createAnswer();
            pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            sendDescription("answer", answer);
        } catch (PeerException | RuntimeException e) {
            calls.browserError(browserId, "sdp", "the gateway could not answer: " + e.getMessage());
            fail("cannot answer " + browserId + ": " + e.getMessage());
        }
    }

    @Override
    void onPeerEvent(PeerEvent e) {
        if (e instanceof PeerEvent.DataChannelOpen o) {
            if (channel == null) {
                channel = o.channel();
                event("OPEN", null);
            }
        } else if (e instanceof PeerEvent.DataChannelMessage m && m.channel() == channel) {
            int len = m.data().length;
            if (len > MAX_DATAGRAM) {
                calls.dataDropped.increment();
                event("ERROR", "a message of " + len + " bytes is larger than a UDP datagram (" + MAX_DATAGRAM + "); dropped");
                return;
            }
            java.net.InetSocketAddress r = redirect;
            if (r == null) {
                calls.redirectSkipped.increment();
                return;
            }
            calls.redirect(m.data(), 0, len, r);
            calls.dataToRedirect.increment();
        } else if (e instanceof PeerEvent.DataChannelClosed c && c.channel() == channel) {
            serial.execute(() -> close(true));
        }
    }
}
