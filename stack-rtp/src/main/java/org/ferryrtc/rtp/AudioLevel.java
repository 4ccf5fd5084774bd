package org.ferryrtc.rtp;

/**
 * Client-to-mixer audio level header extension (RFC 6464 §3, URI
 * {@link ExtensionMap#AUDIO_LEVEL}): 1 data byte, the voice-activity flag V and the level in
 * -dBov, 0 (loudest) .. 127 (silence).
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | len=0 |V| level       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The packed byte (V in bit 7) is what {@link #get} returns and {@link #set} takes apart.
 */
public final class AudioLevel {
    /** Data length in bytes. */
    public static final int LENGTH = 1;
    /** Largest level value (-127 dBov, silence). */
    public static final int MAX_LEVEL = 127;

    private AudioLevel() {}

    /** The voice-activity flag of a packed byte. */
    public static boolean voiceActivity(int packed) {
        return (packed & 0x80) != 0;
    }

    /** The level (0..127, in -dBov) of a packed byte. */
    public static int level(int packed) {
        return packed & 0x7F;
    }

    /**
     * Packs V and the level into the data byte.
     *
     * @throws IllegalArgumentException for a level outside 0..127
     */
    public static int pack(boolean voice, int level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("audio level " + level);
        }
        return (voice ? 0x80 : 0) | level;
    }

    /** The packed byte under {@code id} (0..255), or -1 if absent or not 1 byte. */
    public static int get(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        return at >= 0 && HeaderExtensions.dataLength(p, at) == LENGTH ? p.buffer()[at] & 0xFF : -1;
    }

    /** Adds or replaces the element; returns as {@link HeaderExtensions#reserve}. */
    public static int set(RtpPacket p, int id, boolean voice, int level, boolean allowMixed) {
        int packed = pack(voice, level);
        int at = HeaderExtensions.reserve(p, id, LENGTH, allowMixed);
        if (at >= 0) {
            p.buffer()[at] = (byte) packed;
        }
        return at;
    }
}
