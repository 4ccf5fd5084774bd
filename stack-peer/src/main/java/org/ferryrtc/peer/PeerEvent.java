package org.ferryrtc.peer;

import org.ferryrtc.ice.IceState;

/**
 * What a {@link PeerConnection} reports to its listener. Every event is delivered on the
 * connection's owner thread: the listener must not block (hand long work to another thread).
 */
public sealed interface PeerEvent {
    /**
     * A local ICE candidate to signal (trickle ICE, RFC 8838 §4), as the SDP attribute value
     * {@code candidate:...}, for the m-section {@code mid} (index {@code mLineIndex}).
     */
    record LocalCandidate(String candidate, String mid, int mLineIndex) implements PeerEvent {
    }

    /** All local candidates were emitted (RFC 8838 §4.4). */
    record GatheringComplete() implements PeerEvent {
    }

    /** The ICE connection state changed. */
    record IceStateChanged(IceState state) implements PeerEvent {
    }

    /** The DTLS handshake finished; {@code srtpProfile} is the negotiated {@code use_srtp} profile. */
    record DtlsConnected(String srtpProfile, boolean dtlsClient) implements PeerEvent {
    }

    /** The DTLS handshake failed (fingerprint mismatch, timeout, alert, ...); the connection fails. */
    record DtlsFailed(String reason) implements PeerEvent {
    }

    /** DTLS closed: by the peer (close_notify or a fatal alert, RFC 5246 §7.2) or by our {@code close()}. */
    record DtlsClosed(boolean byPeer, String reason) implements PeerEvent {
    }

    /** The aggregate connection state changed. */
    record ConnectionStateChanged(PeerConnectionState state) implements PeerEvent {
    }

    /** A DataChannel opened: one we created ({@code remote} false) or one the peer opened (DCEP, RFC 8832). */
    record DataChannelOpen(PeerDataChannel channel, boolean remote) implements PeerEvent {
    }

    /** A message on a DataChannel; {@code binary} false for a string message (PPID 51/56, RFC 8831 §8). */
    record DataChannelMessage(PeerDataChannel channel, byte[] data, boolean binary) implements PeerEvent {
        /** The message as UTF-8 text. */
        public String text() {
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The channel's buffered amount fell to its low-water mark. */
    record DataChannelBufferedAmountLow(PeerDataChannel channel) implements PeerEvent {
    }

    /** The channel closed (both stream directions reset, RFC 8831 §6.7, or the association ended). */
    record DataChannelClosed(PeerDataChannel channel) implements PeerEvent {
    }

    /** A remote stream started; attach frame/packet handlers to it in this callback. */
    record RemoteTrackAdded(RemoteTrack track) implements PeerEvent {
    }

    /** The peer asked for a keyframe of {@code track} (PLI/FIR, RFC 4585 §6.3.1, RFC 5104 §4.3.1). */
    record KeyframeRequested(LocalTrack track) implements PeerEvent {
    }
}
