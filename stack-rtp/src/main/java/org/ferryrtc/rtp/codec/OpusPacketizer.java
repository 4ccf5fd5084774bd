package org.ferryrtc.rtp.codec;

/**
 * Opus packetizer (RFC 7587 §4.2): exactly one Opus packet per RTP payload, no payload header.
 * The RTP clock is 48 kHz whatever the encoder's sampling rate (§4.1), so the caller advances
 * the timestamp by the frame duration x 48. A frame larger than the budget is
 * {@link #INVALID_FRAME} (Opus packets are never split, §4.2). The marker bit is left to the
 * caller (first packet after DTX/silence, RFC 3551 §4.1), so the sink always sees false.
 */
public final class OpusPacketizer implements Packetizer {
    /** RTP clock rate of Opus, RFC 7587 §4.1. */
    public static final int CLOCK_RATE = 48_000;

    private final int maxPayload;

    /** Packetizer with the default budget {@link #DEFAULT_MAX_PAYLOAD}. */
    public OpusPacketizer() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    /** @param maxPayloadSize largest payload in bytes (at least 1) */
    public OpusPacketizer(int maxPayloadSize) {
        if (maxPayloadSize < 1) {
            throw new IllegalArgumentException("maxPayloadSize too small: " + maxPayloadSize);
        }
        this.maxPayload = maxPayloadSize;
    }

    @Override
    public String codec() {
        return "opus";
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        if (len == 0) {
            return 0;
        }
        if (len > maxPayload) {
            return INVALID_FRAME;
        }
        sink.accept(frame, off, len, false);
        return 1;
    }
}
