package org.ferryrtc.peer.media;

import java.nio.charset.StandardCharsets;
import org.ferryrtc.rtp.AbsSendTime;
import org.ferryrtc.rtp.HeaderExtensions;
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

    /**
     * The header every packet of this stream starts with: the fixed header (SSRC set, sequence
     * number and timestamp 0) and the negotiated extensions (mid, and abs-send-time / transport
     * sequence number with zero data), built once on the first packet by the same
     * {@link HeaderExtensions} edits as before; per packet it is copied and four fields patched
     * instead of two or three extension-block edits.
     */
    private byte[] template;
    private int absAt = -1;
    private int twccAt = -1;

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
        byte[] t = template;
        if (t == null) {
            t = buildTemplate();
        }
        int h = t.length;
        if (h + len > RtpSession.MAX_PACKET) {
            session.oversizeDropped++;
            return false;
        }
        System.arraycopy(t, 0, b, 0, h);
        // RFC 3550 §5.1: M and PT, sequence number, timestamp (the SSRC is in the template)
        b[1] = (byte) ((marker ? 0x80 : 0) | track.payloadType());
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (ts >>> 24);
        b[5] = (byte) (ts >>> 16);
        b[6] = (byte) (ts >>> 8);
        b[7] = (byte) ts;
        if (absAt >= 0) {
            AbsSendTime.write(b, absAt, AbsSendTime.fromNanos(now + session.config.ntpOffsetNanos()));
        }
        if (session.sendTwccId > 0) {
            if (twccAt >= 0) {
                TransportCc.write(b, twccAt, session.transportSeq);
            }
            session.transportSeq = (session.transportSeq + 1) & 0xFFFF;
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

    private byte[] buildTemplate() {
        byte[] t = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        RtpPacket.writeFixedHeader(t, 0, false, track.payloadType(), 0, 0, track.ssrc());
        RtpPacket p = new RtpPacket();
        p.wrap(t, 0, RtpPacket.FIXED_HEADER);
        boolean mixed = session.sendMixed;
        if (session.sendMidId > 0 && mid != null) {
            SdesIdentifier.set(p, session.sendMidId, mid, mixed);
        }
        if (session.sendAbsId > 0) {
            AbsSendTime.set(p, session.sendAbsId, 0, mixed);
        }
        if (session.sendTwccId > 0) {
            TransportCc.set(p, session.sendTwccId, 0, mixed);
        }
        absAt = session.sendAbsId > 0 ? HeaderExtensions.find(p, session.sendAbsId) : -1;
        twccAt = session.sendTwccId > 0 ? HeaderExtensions.find(p, session.sendTwccId) : -1;
        template = java.util.Arrays.copyOf(t, p.length());
        return template;
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
