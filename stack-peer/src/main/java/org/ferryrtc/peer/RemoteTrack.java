package org.ferryrtc.peer;

import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * A stream the peer sends. Set handlers in the {@link PeerEvent.RemoteTrackAdded} callback.
 * Handlers run on the connection's owner thread and the frame/packet objects are only valid
 * during the call (their buffers are reused): copy what you keep, and never block.
 */
public final class RemoteTrack {
    /** Receives reassembled frames (when the connection delivers frames). */
    public interface FrameHandler {
        void onFrame(RemoteTrack track, MediaEvent.Frame frame);
    }

    /** Receives in-order RTP packets (when the connection delivers packets). */
    public interface PacketHandler {
        void onPacket(RemoteTrack track, MediaEvent.Packet packet);
    }

    /**
     * Receives the remote side's RTCP about this stream after SRTCP unprotect: every compound
     * (RFC 3550 §6.1; or reduced-size packet, RFC 5506) in which a packet's sender SSRC is this
     * track's, e.g. its SR, SDES and BYE. The bytes are valid only during the call (the receive
     * buffer is reused, nothing is allocated per packet): {@code len} bytes from {@code off}.
     */
    public interface RtcpHandler {
        void onRtcp(RemoteTrack track, byte[] buf, int off, int len);
    }

    private final PeerConnection pc;
    private final long ssrc;
    private final String mid;
    private final RtpSessionConfig.Kind kind;
    private volatile FrameHandler frames;
    private volatile PacketHandler packets;
    private volatile RtcpHandler rtcp;

    RemoteTrack(PeerConnection pc, long ssrc, String mid, RtpSessionConfig.Kind kind) {
        this.pc = pc;
        this.ssrc = ssrc;
        this.mid = mid;
        this.kind = kind;
    }

    public long ssrc() {
        return ssrc;
    }

    public String mid() {
        return mid;
    }

    public RtpSessionConfig.Kind kind() {
        return kind;
    }

    public void onFrame(FrameHandler h) {
        frames = h;
    }

    public void onPacket(PacketHandler h) {
        packets = h;
    }

    /** Sets (or with null clears) the handler of the remote side's RTCP about this stream. */
    public void onRtcp(RtcpHandler h) {
        rtcp = h;
    }

    /** Asks the sender for a keyframe now (PLI, RFC 4585 §6.3.1). */
    public void requestKeyframe() {
        pc.run(() -> pc.media.requestKeyframe(ssrc));
    }

    void deliver(MediaEvent e) {
        if (e instanceof MediaEvent.Frame f) {
            FrameHandler h = frames;
            if (h != null) {
                h.onFrame(this, f);
            }
        } else if (e instanceof MediaEvent.Packet p) {
            PacketHandler h = packets;
            if (h != null) {
                h.onPacket(this, p);
            }
        }
    }

    void deliverRtcp(byte[] buf, int off, int len) {
        RtcpHandler h = rtcp;
        if (h != null) {
            h.onRtcp(this, buf, off, len);
        }
    }

    @Override
    public String toString() {
        return "RemoteTrack[" + kind + " ssrc " + ssrc + " mid " + mid + "]";
    }
}
