package org.ferryrtc.peer.media;

import org.ferryrtc.rtcp.TwccFeedback;

/**
 * What an {@link RtpSession} reports to the application, polled with {@link RtpSession#pollEvent()}.
 *
 * <p>{@link Frame} and {@link Packet} are reused: their bytes (and the objects themselves) are
 * valid only until the next {@link RtpSession#pollEvent()} call. Copy what you keep. The other
 * events are immutable records.
 */
public sealed interface MediaEvent permits MediaEvent.RemoteStreamStarted, MediaEvent.RemoteStreamEnded,
        MediaEvent.Frame, MediaEvent.Packet, MediaEvent.KeyframeRequested, MediaEvent.Remb,
        MediaEvent.TransportFeedback {

    /** The first packet of a remote SSRC arrived (routed by an SDP announcement or by its mid). */
    record RemoteStreamStarted(long ssrc, String mid, RtpSessionConfig.Kind kind, boolean byMid)
            implements MediaEvent {
    }

    /** The remote source left (RTCP BYE, RFC 3550 §6.6). */
    record RemoteStreamEnded(long ssrc, String mid) implements MediaEvent {
    }

    /**
     * The remote receiver asked for a keyframe of our track (PLI, RFC 4585 §6.3.1, or FIR,
     * RFC 5104 §4.3.1): tell the encoder.
     */
    record KeyframeRequested(String trackId, long ssrc, boolean fir) implements MediaEvent {
    }

    /** Receiver estimated maximum bitrate (REMB, draft-alvestrand-rmcat-remb) for later bandwidth estimation. */
    record Remb(long bitrate, long[] ssrcs) implements MediaEvent {
    }

    /** Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    record TransportFeedback(TwccFeedback feedback) implements MediaEvent {
    }

    /**
     * One reassembled media frame of a remote stream. Reused: valid until the next poll.
     */
    final class Frame implements MediaEvent {
        byte[] data = new byte[2048];
        int length;
        long ssrc;
        String mid;
        int payloadType;
        long rtpTimestamp;
        boolean keyframe;

        Frame() {
        }

        void set(long ssrc, String mid, int pt, long ts, boolean key, byte[] src, int len) {
            if (data.length < len) {
                data = new byte[Math.max(len, data.length * 2)];
            }
            System.arraycopy(src, 0, data, 0, len);
            this.length = len;
            this.ssrc = ssrc;
            this.mid = mid;
            this.payloadType = pt;
            this.rtpTimestamp = ts;
            this.keyframe = key;
        }

        /** Frame bytes from index 0 (shared, reused). */
        public byte[] buffer() {
            return data;
        }

        public int length() {
            return length;
        }

        public long ssrc() {
            return ssrc;
        }

        public String mid() {
            return mid;
        }

        public int payloadType() {
            return payloadType;
        }

        public long rtpTimestamp() {
            return rtpTimestamp;
        }

        /** Whether a decoder can start from this frame. */
        public boolean keyframe() {
            return keyframe;
        }

        @Override
        public String toString() {
            return "Frame[ssrc=" + ssrc + ", ts=" + rtpTimestamp + ", len=" + length + ", key=" + keyframe + "]";
        }
    }

    /**
     * One RTP packet of a remote stream, in sequence order (RTX already unwrapped), for apps that
     * asked for packets ({@link RtpSessionConfig#deliverPackets()}). Reused: valid until the next poll.
     */
    final class Packet implements MediaEvent {
        /** Owned copy, allocated on first need (a packet from the reorder ring or off offset 0). */
        private byte[] own;
        /** Where the packet is: {@link #own}, or (no copy) the buffer the session read it from. */
        byte[] data;
        int length;
        int payloadOffset;
        long ssrc;
        String mid;
        boolean keyframe;

        Packet() {
        }

        /** Points this event at {@code b} (from index 0) without a copy. */
        void wrap(byte[] b, int len) {
            data = b;
            length = len;
        }

        /** Copies {@code len} bytes of {@code b} at {@code off} into this event's own buffer. */
        void copy(byte[] b, int off, int len) {
            byte[] o = own;
            if (o == null) {
                o = new byte[RtpSession.MAX_PACKET];
                own = o;
            }
            System.arraycopy(b, off, o, 0, len);
            data = o;
            length = len;
        }

        /**
         * The whole RTP packet from index 0 (shared, reused). An in-order packet that was read from
         * offset 0 of the buffer given to {@link RtpSession#handleRtp} is not copied: this is then
         * that buffer, valid until the next poll and as long as its owner does not reuse it
         * ({@code PacketPath} polls before it reads the next datagram into it).
         */
        public byte[] buffer() {
            return data;
        }

        public int length() {
            return length;
        }

        /** Where the payload starts in {@link #buffer()}. */
        public int payloadOffset() {
            return payloadOffset;
        }

        public long ssrc() {
            return ssrc;
        }

        public String mid() {
            return mid;
        }

        public int sequenceNumber() {
            return ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        }

        public long rtpTimestamp() {
            return ((long) (data[4] & 0xFF) << 24) | ((data[5] & 0xFF) << 16) | ((data[6] & 0xFF) << 8) | (data[7] & 0xFF);
        }

        public boolean marker() {
            return (data[1] & 0x80) != 0;
        }

        public int payloadType() {
            return data[1] & 0x7F;
        }

        /** Whether the payload starts a keyframe (codec's own test). */
        public boolean keyframe() {
            return keyframe;
        }
    }
}
