package org.ferryrtc.peer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * Test helper: a PeerConnection that relays every RTP packet (or, when it delivers frames, every
 * reassembled frame) it receives on its own send track of the same kind, and passes keyframe requests for its video track on to
 * the remote video sender. Handlers are attached in the listener, on the owner thread, so no
 * packet is missed.
 */
final class RelayPeer implements AutoCloseable {
    final Peers peers;
    final PeerConnection pc;
    private volatile LocalTrack audio;
    private volatile LocalTrack video;
    private final Map<RtpSessionConfig.Kind, RemoteTrack> remote = new ConcurrentHashMap<>();

    RelayPeer(PeerConfig config) {
        peers = new Peers(config, this::hook);
        pc = peers.pc;
    }

    void addTracks(String audioCodec, String videoCodec) {
        audio = pc.addTrack(RtpSessionConfig.Kind.AUDIO, audioCodec);
        video = pc.addTrack(RtpSessionConfig.Kind.VIDEO, videoCodec);
    }

    private void hook(PeerEvent e) {
        if (e instanceof PeerEvent.RemoteTrackAdded a) {
            remote.put(a.track().kind(), a.track());
            a.track().onPacket((t, p) -> {
                LocalTrack out = t.kind() == RtpSessionConfig.Kind.AUDIO ? audio : video;
                if (out != null) {
                    out.sendRtp(p.buffer(), 0, p.length());
                }
            });
            a.track().onFrame((t, f) -> { // when the connection delivers frames: depacketized, re-packetized
                LocalTrack out = t.kind() == RtpSessionConfig.Kind.AUDIO ? audio : video;
                if (out != null) {
                    out.sendFrame(java.util.Arrays.copyOf(f.buffer(), f.length()), f.rtpTimestamp());
                }
            });
        } else if (e instanceof PeerEvent.KeyframeRequested k && k.track() == video) {
            RemoteTrack v = remote.get(RtpSessionConfig.Kind.VIDEO);
            if (v != null) {
                v.requestKeyframe();
            }
        }
    }

    <T extends PeerEvent> T await(Class<T> type, Predicate<T> p, long seconds) throws InterruptedException {
        return peers.await(type, p, seconds);
    }

    void awaitState(PeerConnectionState s, long seconds) throws InterruptedException {
        peers.awaitState(s, seconds);
    }

    @Override
    public void close() {
        pc.close();
    }
}
