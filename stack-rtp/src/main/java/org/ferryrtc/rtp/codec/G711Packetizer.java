package org.ferryrtc.rtp.codec;

/**
 * G.711 PCMU / PCMA packetizer (RFC 3551 §4.5.14): one byte per sample at 8 kHz, no payload
 * header. A frame of samples is cut into packets of {@code ptime} milliseconds (8 x ptime bytes,
 * 20 ms = 160 bytes by default, RFC 3551 §4.5), the last one possibly shorter, each also capped
 * by the payload budget. The caller advances the RTP timestamp by the payload length (one tick
 * per sample). The marker bit is the caller's (talkspurt start), so the sink always sees false.
 */
public final class G711Packetizer implements Packetizer {
    /** RTP clock rate of PCMU/PCMA, RFC 3551 §4.5.14. */
    public static final int CLOCK_RATE = 8_000;

    private final String codec;
    private final int maxPayload;
    private final int chunk;

    /** PCMU, 20 ms packets, default budget. */
    public G711Packetizer() {
        this("PCMU", 20, DEFAULT_MAX_PAYLOAD);
    }

    /**
     * @param codec "PCMU" or "PCMA" (case-insensitive)
     * @param ptimeMs packet duration in milliseconds, 1..1000
     * @param maxPayloadSize largest payload in bytes (at least 1)
     */
    public G711Packetizer(String codec, int ptimeMs, int maxPayloadSize) {
        if (!"PCMU".equalsIgnoreCase(codec) && !"PCMA".equalsIgnoreCase(codec)) {
            throw new IllegalArgumentException("not a G.711 codec: " + codec);
        }
        if (ptimeMs < 1 || ptimeMs > 1000 || maxPayloadSize < 1) {
            throw new IllegalArgumentException("bad ptime/budget: " + ptimeMs + "/" + maxPayloadSize);
        }
        this.codec = "PCMU".equalsIgnoreCase(codec) ? "PCMU" : "PCMA";
        this.maxPayload = maxPayloadSize;
        this.chunk = Math.min(ptimeMs * (CLOCK_RATE / 1000), maxPayloadSize);
    }

    @Override
    public String codec() {
        return codec;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    /** Bytes (= samples) per full packet. */
    public int samplesPerPacket() {
        return chunk;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        int n = 0;
        for (int p = 0; p < len; p += chunk) {
            sink.accept(frame, off + p, Math.min(chunk, len - p), false);
            n++;
        }
        return n;
    }
}
