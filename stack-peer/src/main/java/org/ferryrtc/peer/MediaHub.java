package org.ferryrtc.peer;

import java.util.ArrayList;
import java.util.List;
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
    /** By SSRC, scanned linearly (a handful of entries; no boxed key per packet). */
    private final List<RemoteTrack> remoteTracks = new ArrayList<>();
    long notReadyDropped;

    MediaHub(PeerConnection pc, PacketPath path, Consumer<PeerEvent> emit) {
        this.pc = pc;
        this.path = path;
        this.emit = emit;
        path.media = this;
    }

    private RemoteTrack remote(long ssrc) {
        for (int i = 0; i < remoteTracks.size(); i++) {
            RemoteTrack t = remoteTracks.get(i);
            if (t.ssrc() == ssrc) {
                return t;
            }
        }
        return null;
    }

    /**
     * One unprotected RTCP compound from the remote side: handed, whole, to each remote track
     * that is the sender SSRC of one of its packets (RFC 3550 §6.4.1 SR, §6.5 SDES chunk, §6.6
     * BYE, RFC 4585 §6.1 feedback: the SSRC at bytes 4..7 of every packet). Walks the packet
     * headers only; a malformed compound is still offered up to its first bad length.
     */
    void onRtcp(byte[] buf, int off, int len) {
        for (int i = 0; i < remoteTracks.size(); i++) {
            RemoteTrack t = remoteTracks.get(i);
            if (mentions(buf, off, len, t.ssrc())) {
                t.deliverRtcp(buf, off, len);
            }
        }
    }

    static boolean mentions(byte[] b, int off, int len, long ssrc) {
        int p = off;
        int end = off + len;
        while (end - p >= 8) {
            long s = ((b[p + 4] & 0xFFL) << 24) | ((b[p + 5] & 0xFF) << 16) | ((b[p + 6] & 0xFF) << 8) | (b[p + 7] & 0xFF);
            if (s == ssrc) {
                return true;
            }
            int words = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            p += 4 * (words + 1);
        }
        return false;
    }

    void onEvent(MediaEvent e, long now) {
        if (e instanceof MediaEvent.Frame f) {
            RemoteTrack t = remote(f.ssrc());
            if (t != null) {
                t.deliver(f);
            }
        } else if (e instanceof MediaEvent.Packet p) {
            RemoteTrack t = remote(p.ssrc());
            if (t != null) {
                t.deliver(p);
            }
        } else if (e instanceof MediaEvent.RemoteStreamStarted s) {
            RemoteTrack t = new RemoteTrack(pc, s.ssrc(), s.mid(), s.kind());
            remoteTracks.removeIf(o -> o.ssrc() == s.ssrc());
            remoteTracks.add(t);
            emit.accept(new PeerEvent.RemoteTrackAdded(t));
            if (s.kind() == RtpSessionConfig.Kind.VIDEO) {
                path.rtp.requestKeyframe(now, s.ssrc()); // DESIGN §6: the first keyframe is usually missed
            }
        } else if (e instanceof MediaEvent.RemoteStreamEnded s) {
            remoteTracks.removeIf(o -> o.ssrc() == s.ssrc());
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

    /** Owner thread: the first {@code len} bytes of {@code packet} (not kept) out as {@code t}. */
    void sendRtp(LocalTrack t, byte[] packet, int len) {
        if (path.rtp == null || t.mid() == null) {
            notReadyDropped++;
            return;
        }
        long now = System.nanoTime();
        path.rtp.sendRtp(now, t.trackId(), packet, 0, len);
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
