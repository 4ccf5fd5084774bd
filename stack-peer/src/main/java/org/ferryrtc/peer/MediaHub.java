package org.ferryrtc.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * The tracks of one connection, on its owner thread: our send tracks, the remote tracks the RTP
 * session discovered (by SSRC or mid, RFC 8843 §9.2), and the routing of frames, packets and
 * keyframe requests (RFC 4585 §6.3.1) between them and the application.
 */
final class MediaHub {
    private final PeerConnection pc;
    private final PacketPath path;
    private final Consumer<PeerEvent> emit;
    final List<LocalTrack> tracks = new ArrayList<>();
    private final Map<Long, RemoteTrack> remoteTracks = new HashMap<>();
    long notReadyDropped;

    MediaHub(PeerConnection pc, PacketPath path, Consumer<PeerEvent> emit) {
        this.pc = pc;
        this.path = path;
        this.emit = emit;
    }

    void onEvent(MediaEvent e, long now) {
        if (e instanceof MediaEvent.Frame f) {
            RemoteTrack t = remoteTracks.get(f.ssrc());
            if (t != null) {
                t.deliver(f);
            }
        } else if (e instanceof MediaEvent.Packet p) {
            RemoteTrack t = remoteTracks.get(p.ssrc());
            if (t != null) {
                t.deliver(p);
            }
        } else if (e instanceof MediaEvent.RemoteStreamStarted s) {
            RemoteTrack t = new RemoteTrack(pc, s.ssrc(), s.mid(), s.kind());
            remoteTracks.put(s.ssrc(), t);
            emit.accept(new PeerEvent.RemoteTrackAdded(t));
            if (s.kind() == RtpSessionConfig.Kind.VIDEO) {
                path.rtp.requestKeyframe(now, s.ssrc()); // DESIGN §6: the first keyframe is usually missed
            }
        } else if (e instanceof MediaEvent.RemoteStreamEnded s) {
            remoteTracks.remove(s.ssrc());
        } else if (e instanceof MediaEvent.KeyframeRequested k) {
            for (LocalTrack t : tracks) {
                if (t.trackId().equals(k.trackId())) {
                    emit.accept(new PeerEvent.KeyframeRequested(t));
                }
            }
        }
    }


    void sendFrame(LocalTrack t, byte[] frame, long rtpTimestamp) {
        if (path.rtp == null || t.mid() == null) {
            notReadyDropped++;
            return;
        }
        long now = System.nanoTime();
        path.rtp.sendFrame(now, t.trackId(), frame, 0, frame.length, rtpTimestamp);
        path.pumpRtp(now);
    }

    void sendRtp(LocalTrack t, byte[] packet) {
        if (path.rtp == null || t.mid() == null) {
            notReadyDropped++;
            return;
        }
        long now = System.nanoTime();
        path.rtp.sendRtp(now, t.trackId(), packet, 0, packet.length);
        path.pumpRtp(now);
    }

    void requestKeyframe(long ssrc) {
        if (path.rtp != null) {
            long now = System.nanoTime();
            path.rtp.requestKeyframe(now, ssrc);
            path.pumpRtp(now);
        }
    }
}
