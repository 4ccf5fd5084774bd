package org.ferryrtc.peer;

import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * A track we send. Created by {@link PeerConnection#addTrack}; its SSRCs and ids go into the
 * SDP ({@code a=msid}, {@code a=ssrc}, {@code a=ssrc-group:FID}, RFC 5576). Frames are
 * packetized with the negotiated codec; packets given to {@link #sendRtp} get our SSRC,
 * payload type and sequence numbers. Callable from any thread (handed to the owner thread).
 */
public final class LocalTrack {
    private final PeerConnection pc;
    private final RtpSessionConfig.Kind kind;
    private final String trackId;
    private final long ssrc;
    private final long rtxSsrc;
    volatile String codec;
    volatile String mid;

    LocalTrack(PeerConnection pc, RtpSessionConfig.Kind kind, String codec, String trackId, long ssrc, long rtxSsrc) {
        this.pc = pc;
        this.kind = kind;
        this.codec = codec;
        this.trackId = trackId;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
    }

    public RtpSessionConfig.Kind kind() {
        return kind;
    }

    public String trackId() {
        return trackId;
    }

    public long ssrc() {
        return ssrc;
    }

    long rtxSsrc() {
        return rtxSsrc;
    }

    /** The codec asked for, or after negotiation the one negotiated. */
    public String codec() {
        return codec;
    }

    /** The m-section carrying this track, null until negotiated (or if no section sends it). */
    public String mid() {
        return mid;
    }

    /** Packetizes and sends one encoded frame (copied). Dropped (counted) before SRTP is ready. */
    public void sendFrame(byte[] frame, long rtpTimestamp) {
        byte[] copy = frame.clone();
        pc.run(() -> pc.media.sendFrame(this, copy, rtpTimestamp));
    }

    /** Sends an RTP packet (copied): SSRC, payload type and sequence number are rewritten to ours. */
    public void sendRtp(byte[] packet, int off, int len) {
        byte[] copy = java.util.Arrays.copyOfRange(packet, off, off + len);
        pc.run(() -> pc.media.sendRtp(this, copy));
    }

    @Override
    public String toString() {
        return "LocalTrack[" + kind + " " + codec + " ssrc " + ssrc + " mid " + mid + "]";
    }
}
