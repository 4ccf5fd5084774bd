package org.ferryrtc.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ferryrtc.peer.LocalTrack;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.PeerException;
import org.ferryrtc.peer.RemoteTrack;
import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * {@code POST /echo}: a PeerConnection on the shared ICE port that sends every received audio and
 * video stream back on a track of the same kind (the payload, with our SSRC, payload type and
 * sequence numbers), passes the sender's keyframe requests on to it, and echoes every
 * DataChannel message on the channel it came from, text as text and binary as binary.
 */
final class EchoSession {
    final String id;
    private final PeerCalls calls;
    private volatile PeerConnection pc;
    private final Map<RtpSessionConfig.Kind, LocalTrack> out = new ConcurrentHashMap<>();
    private final Map<RtpSessionConfig.Kind, RemoteTrack> in = new ConcurrentHashMap<>();
    private volatile boolean closed;

    EchoSession(PeerCalls calls, String id) {
        this.calls = calls;
        this.id = id;
    }

    /** Answers {@code offer} with a complete answer (candidates included: no trickle). */
    String answer(String offer) throws PeerException {
        pc = PeerConnection.create(PeerConfig.server(calls.endpoint).deliverPackets(true).build(), this::onEvent);
        pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
        for (SdpFile.Section s : SdpFile.sections(offer)) {
            boolean video = s.kind().equals("video");
            RtpSessionConfig.Kind k = video ? RtpSessionConfig.Kind.VIDEO : RtpSessionConfig.Kind.AUDIO;
            out.put(k, pc.addTrack(k, video ? "VP8" : "opus"));
        }
        String answer = pc.createAnswer();
        pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
        return answer;
    }

    private void onEvent(PeerEvent e) {
        if (e instanceof PeerEvent.RemoteTrackAdded a) {
            in.put(a.track().kind(), a.track());
            a.track().onPacket((t, p) -> {
                LocalTrack back = out.get(t.kind());
                if (back != null) {
                    back.sendRtp(p.buffer(), 0, p.length());
                    calls.echoed.increment();
                }
            });
        } else if (e instanceof PeerEvent.KeyframeRequested k) {
            RemoteTrack v = in.get(k.track().kind());
            if (v != null) v.requestKeyframe();
        } else if (e instanceof PeerEvent.DataChannelMessage m) {
            boolean sent = m.binary() ? m.channel().send(m.data().clone()) : m.channel().send(m.text());
            if (sent) calls.echoed.increment();
        } else if (e instanceof PeerEvent.ConnectionStateChanged s
                && (s.state() == PeerConnectionState.FAILED || s.state() == PeerConnectionState.CLOSED)) {
            calls.execute(this::close);
        }
    }

    void close() {
        if (closed) return;
        closed = true;
        PeerConnection p = pc;
        if (p != null) p.close();
        calls.forgetEcho(this);
    }
}
