package org.ferryrtc.peer.media;

import java.nio.charset.StandardCharsets;
import org.ferryrtc.rtp.AbsSendTime;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.SdesIdentifier;
import org.ferryrtc.rtp.TransportCc;
import org.ferryrtc.rtp.codec.Codec;
import org.ferryrtc.rtp.codec.Packetizer;
import org.ferryrtc.rtp.codec.PayloadSink;

/**
 * One local send stream: writes RTP packets (RFC 3550 §5.1) with continuous sequence numbers,
 * the track's SSRC and payload type, and the negotiated header extensions (mid, RFC 8843 §15.2;
 * abs-send-time; transport-wide sequence number), stores each one for retransmission and queues
 * it. Also keeps what RTCP needs for its SR (RFC 3550 §6.4.1) and what the remote receiver
 * reported about it (RR blocks, NACK/PLI/FIR counts).
 */
final class SendStream implements PayloadSink {
    final RtpSessionConfig.SendTrack track;
    private final RtpSession session;
    private final Packetizer packetizer;
    private final byte[] mid;
    private final RtpPacket view = new RtpPacket();
    int seq;
    int rtxSeq;

    // current frame, for the PayloadSink callback
    private long frameNow;
    private long frameTs;
    private boolean firstOfFrame;

    long packets;
    long octets;
    long frames;
    long keyframes;
    long lastRtpTimestamp;
    long lastSendNanos;
    long retransmissions;
    long nacksReceived;
    long nackedPackets;
    long plisReceived;
    long firsReceived;
    long rttNanos = -1;
    int fractionLost;
    long cumulativeLost;
    long remoteJitter;

    /** The track's codec, resolved once (null: the app sends its own RTP only). */
    private final Codec codec;

    SendStream(RtpSession session, RtpSessionConfig.SendTrack track, int initialSeq, int initialRtxSeq) {
        this.session = session;
        this.track = track;
        this.codec = Codec.of(track.codec());
        this.packetizer = codec == null ? null : codec.packetizer(Packetizer.DEFAULT_MAX_PAYLOAD);
        this.mid = track.mid() == null || track.mid().isEmpty() ? null : track.mid().getBytes(StandardCharsets.US_ASCII);
        this.seq = initialSeq;
        this.rtxSeq = initialRtxSeq;
    }

    /**
     * Packetizes a frame with the track's codec.
     *
     * @return packets queued, or -1 if the codec cannot packetize the frame (or has no packetizer)
     */
    int sendFrame(long now, byte[] frame, int off, int len, long rtpTimestamp) {
        if (packetizer == null) {
            return -1;
        }
        frameNow = now;
        frameTs = rtpTimestamp & 0xFFFF_FFFFL;
        firstOfFrame = true;
        int n = packetizer.packetize(frame, off, len, this);
        if (n > 0) {
            frames++;
        }
        return n;
    }

    @Override
    public void accept(byte[] buf, int off, int len, boolean marker) {
        if (firstOfFrame) {
            firstOfFrame = false;
            if (track.kind() == RtpSessionConfig.Kind.VIDEO && len > 0 && codec.isKeyframe(buf, off, len)) {
                keyframes++;
            }
        }
        write(frameNow, marker, frameTs, buf, off, len);
    }

    /**
     * Re-sends an application's RTP packet as this track: SSRC, payload type and sequence number
     * become the track's, the marker, timestamp and payload are kept; the app's CSRCs, header
     * extensions and padding are dropped and the negotiated extensions written instead.
     */
    boolean sendRtp(long now, RtpPacket app) {
        return write(now, app.marker(), app.timestamp(), app.buffer(), app.payloadOffset(), app.payloadLength());
    }

    private boolean write(long now, boolean marker, long ts, byte[] payload, int off, int len) {
        byte[] b = session.tx.claim();
        if (b == null) {
            return false;
        }
        RtpPacket.writeFixedHeader(b, 0, marker, track.payloadType(), seq, ts, track.ssrc());
        view.wrap(b, 0, RtpPacket.FIXED_HEADER);
        boolean mixed = session.sendMixed;
        if (session.sendMidId > 0 && mid != null) {
            SdesIdentifier.set(view, session.sendMidId, mid, mixed);
        }
        stampTransport(now, view);
        int h = view.length();
        if (h + len > RtpSession.MAX_PACKET) {
            session.oversizeDropped++;
            return false;
        }
        System.arraycopy(payload, off, b, h, len);
        view.wrap(b, 0, h + len);
        session.rtxBuffer.store(now, view);
        session.tx.commit(h + len, false);
        seq = (seq + 1) & 0xFFFF;
        packets++;
        octets += len;
        lastRtpTimestamp = ts;
        lastSendNanos = now;
        return true;
    }

    /** Writes abs-send-time and a fresh transport-wide sequence number, when negotiated. */
    void stampTransport(long now, RtpPacket p) {
        boolean mixed = session.sendMixed;
        if (session.sendAbsId > 0) {
            AbsSendTime.set(p, session.sendAbsId, AbsSendTime.fromNanos(now + session.config.ntpOffsetNanos()), mixed);
        }
        if (session.sendTwccId > 0) {
            TransportCc.set(p, session.sendTwccId, session.transportSeq, mixed);
            session.transportSeq = (session.transportSeq + 1) & 0xFFFF;
        }
    }

    /**
     * Answers one NACKed sequence number (RFC 4585 §6.2.1) from the retransmission buffer, as RTX
     * (RFC 4588 §4) if negotiated, else as the original packet.
     */
    void retransmit(long now, int lostSeq, RtpPacket stored) {
        long rtt = Math.max(0, rttNanos);
        if (session.rtxBuffer.get(now, track.ssrc(), lostSeq, rtt, stored) != org.ferryrtc.rtp.RetransmissionBuffer.Lookup.FOUND) {
            return;
        }
        byte[] b = session.tx.claim();
        if (b == null) {
            return;
        }
        int len;
        if (track.hasRtx()) {
            len = org.ferryrtc.rtp.Rtx.wrap(stored, track.rtxSsrc(), track.rtxPayloadType(), rtxSeq, b, 0);
            if (len < 0 || len > RtpSession.MAX_PACKET) {
                return;
            }
            rtxSeq = (rtxSeq + 1) & 0xFFFF;
        } else {
            len = stored.length();
            System.arraycopy(stored.buffer(), stored.offset(), b, 0, len);
        }
        if (view.wrap(b, 0, len)) {
            stampTransport(now, view); // same-length elements: replaced in place
            len = view.length();
        }
        session.tx.commit(len, false);
        retransmissions++;
    }
}
