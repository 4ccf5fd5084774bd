package org.ferryrtc.rtp.codec;

/**
 * Depacketizer for audio formats where every RTP payload is one complete frame with no payload
 * header: Opus (RFC 7587 §4.2, one Opus packet per payload, 48 kHz clock) and G.711 PCMU/PCMA
 * (RFC 3551 §4.5.14, 8 kHz). Each non-empty payload is emitted as a frame; an empty one is
 * ignored like padding. A lost packet is counted in {@link #gaps()}; the next packet is still a
 * frame of its own, so {@link Result#FRAME} wins over {@link Result#GAP}. Every frame counts as
 * a keyframe (each one can be decoded on its own).
 */
public final class AudioDepacketizer extends AbstractDepacketizer {
    private final String codec;

    /**
     * @param codec "opus", "PCMU" or "PCMA" (case-insensitive)
     * @param maxFrame largest payload kept, in bytes
     */
    public AudioDepacketizer(String codec, int maxFrame) {
        super(maxFrame);
        String c = codec == null ? "" : codec;
        if (c.equalsIgnoreCase("opus")) {
            this.codec = "opus";
        } else if (c.equalsIgnoreCase("PCMU") || c.equalsIgnoreCase("PCMA")) {
            this.codec = c.toUpperCase(java.util.Locale.ROOT);
        } else {
            throw new IllegalArgumentException("not an audio codec handled here: " + codec);
        }
    }

    @Override
    public String codec() {
        return codec;
    }

    /** Audio frames are independently decodable; any non-empty payload qualifies. */
    public static boolean isKeyframe(byte[] p, int off, int len) {
        Checks.range(p, off, len);
        return len > 0;
    }

    @Override
    boolean positiveStart(byte[] p, int off, int len) {
        return true;
    }

    @Override
    boolean singlePacketFrames() {
        return true;
    }

    @Override
    void beginFrame() {
    }

    @Override
    boolean append(byte[] p, int off, int len, boolean first) {
        if (!first || len == 0) {
            return false;
        }
        asmKey = true;
        return put(p, off, len);
    }

    @Override
    boolean endFrame() {
        return pos > 0;
    }
}
