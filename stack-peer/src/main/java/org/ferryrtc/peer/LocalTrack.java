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

    /** Ingest ring: {@link #sendRtp} copies into it, the owner thread sends in order. */
    static final int RING_SLOTS = 128;
    private final HandoffRing ring;

    LocalTrack(PeerConnection pc, RtpSessionConfig.Kind kind, String codec, String trackId, long ssrc, long rtxSsrc) {
        this.pc = pc;
        this.kind = kind;
        this.codec = codec;
        this.trackId = trackId;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.ring = new HandoffRing(RING_SLOTS, org.ferryrtc.peer.media.RtpSession.MAX_PACKET, pc::run,
                (buf, len) -> pc.media.sendRtp(this, buf, len));
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

    /**
     * Sends an RTP packet: SSRC, payload type and sequence number are rewritten to ours. The
     * bytes are copied into a pre-allocated ring slot (the caller may reuse its buffer at once);
     * nothing is allocated per packet. Dropped (counted) before SRTP is ready.
     *
     * @return false if the packet was dropped because the ring is full ({@link #RING_SLOTS}
     *         packets not yet sent by the owner thread) or longer than {@code RtpSession.MAX_PACKET}
     * @throws IllegalArgumentException if the range lies outside {@code packet} (API misuse)
     */
    public boolean sendRtp(byte[] packet, int off, int len) {
        if (packet == null || off < 0 || len < 0 || off > packet.length - len) {
            throw new IllegalArgumentException("range outside the buffer");
        }
        return ring.offer(packet, off, len);
    }

    /** Packets {@link #sendRtp} refused because the ring was full or the packet too long. */
    public long ringDroppedCount() {
        return ring.refused();
    }

    @Override
    public String toString() {
        return "LocalTrack[" + kind + " " + codec + " ssrc " + ssrc + " mid " + mid + "]";
    }
}
