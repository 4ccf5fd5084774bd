package org.ferryrtc.rtp.codec;

/**
 * Reassembles frames from RTP payloads (the receive side of one codec's payload format).
 *
 * <p>Push payloads in arrival order with {@link #push}. After {@link Result#FRAME} the frame is
 * in {@link #frameBuffer()} ({@link #frameLength()} bytes from index 0) until the next push: the
 * buffer is reused, so copy what you keep. Frames grow the buffer up to a bounded maximum (default
 * {@link #DEFAULT_MAX_FRAME}); a larger frame is dropped and reported as {@link Result#INVALID}.
 *
 * <p><b>Loss.</b> A frame is only assembled from a run of consecutive sequence numbers. A missing
 * sequence number drops the frame in progress (it is never emitted) and returns
 * {@link Result#GAP}; the depacketizer then waits for a packet it knows starts a frame (a codec
 * start mark, or the packet after a marker bit / timestamp change) and resumes there. The very
 * first packet is treated the same way: VP8, VP9 and audio start at once, H.264 at an access unit
 * delimiter or SPS, AV1 at N=1; otherwise the stream is picked up after the first marker bit.
 *
 * <p><b>Reordering is the caller's job</b> (a jitter buffer in front): a packet older than the
 * newest one seen, or a duplicate, is ignored and counted in {@link #discarded()}, so
 * duplicates never corrupt a frame, but a reordered packet shows up as a gap. If the sender's
 * sequence numbers jump backwards for good (16 consecutive "late" packets in sequence), the
 * depacketizer follows the new sequence as after a loss; call {@link #reset()} on an SSRC change.
 *
 * <p><b>Frame ends.</b> A frame ends at the RTP marker bit; if a sender omits it, a timestamp
 * change (with no loss) also ends the frame. When one push completes two frames (a frame closed
 * by a timestamp change followed by a one-packet frame with the marker set) the second one is
 * returned by the next push.
 *
 * <p><b>Empty payloads</b> (padding-only packets, RFC 3550 §5.1) consume their sequence number
 * and are otherwise ignored ({@link Result#NEED_MORE}).
 *
 * <p>Sans-IO, not thread-safe, allocation-free once the buffers have grown. Malformed payloads
 * never throw; they return {@link Result#INVALID} and are counted.
 */
public interface Depacketizer {
    /** Largest frame kept by default: 4 MiB. */
    int DEFAULT_MAX_FRAME = 4 << 20;

    /** What one {@link #push} did. */
    enum Result {
        /** Payload accepted (or ignored as a duplicate / while resynchronising); no frame yet. */
        NEED_MORE,
        /** A complete frame is ready in {@link #frameBuffer()}. */
        FRAME,
        /** Loss detected: a frame was lost or broken and is not emitted. */
        GAP,
        /** Malformed payload (or oversized frame): counted, frame in progress dropped. */
        INVALID
    }

    /** Codec name as used by {@link Codecs}. */
    String codec();

    /**
     * Pushes one RTP payload (the bytes after the RTP header, padding removed).
     *
     * @param seq RTP sequence number, 0..65535
     * @param timestamp RTP timestamp, unsigned 32-bit held in a long
     * @param marker the RTP marker bit
     * @throws IllegalArgumentException on API misuse (null buffer, range out of bounds, seq or
     *     timestamp out of range); never for malformed payload bytes
     */
    Result push(int seq, long timestamp, boolean marker, byte[] payload, int off, int len);

    /** The buffer holding the last frame returned with {@link Result#FRAME}, starting at index 0. */
    byte[] frameBuffer();

    /** Length of the last frame. */
    int frameLength();

    /** RTP timestamp of the last frame. */
    long frameTimestamp();

    /** Whether the last frame is a keyframe (a decoder can start from it). */
    boolean isKeyframe();

    /** Frames emitted so far. */
    long frames();

    /** Loss events seen (each one lost or broke at least one frame). */
    long gaps();

    /** Malformed payloads and oversized frames. */
    long invalid();

    /** Duplicate or late (older than the newest) packets ignored. */
    long discarded();

    /** Forgets all state (sequence numbers, frame in progress); counters are kept. */
    void reset();
}
