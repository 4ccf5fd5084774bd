package org.ferryrtc.rtp.codec;

/**
 * Cuts one media frame into RTP payloads (the payload format of one codec).
 *
 * <p>Sans-IO and allocation-free per packet: every payload is written into a scratch buffer
 * owned by the packetizer and handed to a {@link PayloadSink}. The caller writes the RTP
 * header: all payloads of one video frame share one RTP timestamp; the sink's marker flag says
 * where the marker bit goes. Not thread-safe.
 *
 * <p>Bad frames (for example a malformed H.264 access unit, or a NAL unit larger than the
 * budget in packetization mode 0) are reported by returning {@link #INVALID_FRAME} before any
 * payload is emitted; they never throw. Exceptions are for API misuse only (null buffer, bounds
 * outside the array).
 */
public interface Packetizer {
    /** Returned by {@link #packetize} for a frame that cannot be packetized; nothing was emitted. */
    int INVALID_FRAME = -1;

    /** Room kept for RTP header extensions and the SRTP authentication tag. */
    int DEFAULT_HEADROOM = 48;

    /** Default payload budget: 1,200 bytes on the wire minus the 12-byte RTP header and headroom. */
    int DEFAULT_MAX_PAYLOAD = 1200 - 12 - DEFAULT_HEADROOM;

    /** Codec name as used by {@link Codecs}, e.g. "VP8". */
    String codec();

    /** The largest payload this packetizer emits, in bytes. */
    int maxPayloadSize();

    /**
     * Packetizes one frame.
     *
     * @param frame the frame bytes (format per codec: Annex-B access unit for H.264, a low-overhead
     *     temporal unit for AV1, a compressed frame for VP8/VP9/Opus, samples for G.711)
     * @return the number of payloads passed to {@code sink} (0 for an empty frame), or
     *     {@link #INVALID_FRAME}
     * @throws IllegalArgumentException if {@code frame} is null or the range is out of bounds
     * @throws NullPointerException if {@code sink} is null
     */
    int packetize(byte[] frame, int off, int len, PayloadSink sink);
}
