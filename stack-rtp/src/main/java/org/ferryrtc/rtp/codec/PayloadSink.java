package org.ferryrtc.rtp.codec;

/**
 * Receives the RTP payloads a {@link Packetizer} produces, one call per packet.
 *
 * <p>The bytes are only valid during the call: packetizers reuse one scratch buffer, so a sink
 * that keeps a payload must copy it (typically straight into the packet buffer after a
 * {@link org.ferryrtc.rtp.RtpPacket#writeFixedHeader fixed RTP header}). The RTP header, the
 * sequence number and the timestamp are the caller's job; {@code marker} is the value the RTP
 * marker bit must take for this packet (last packet of a video frame, RFC 3550 §5.1).
 */
@FunctionalInterface
public interface PayloadSink {
    /**
     * One payload.
     *
     * @param buf bytes, valid only during this call
     * @param off first payload byte
     * @param len payload length, at most the packetizer's {@link Packetizer#maxPayloadSize()}
     * @param marker whether the RTP marker bit must be set on this packet
     */
    void accept(byte[] buf, int off, int len, boolean marker);
}
