package org.ferryrtc.srtp;

/**
 * Per-context limits.
 *
 * @param replayWindow size of the replay window in packets (RFC 3711 §3.3.2); a power of two,
 *     at least 64
 * @param maxStreams how many SSRCs the context keeps state for; a packet of a further SSRC is
 *     refused with {@link SrtpResult#UNKNOWN_SSRC} (state for a new SSRC is only created after
 *     its first packet authenticated, so forged packets cannot fill the table)
 */
public record SrtpPolicy(int replayWindow, int maxStreams) {
    /** A 1024-packet replay window (enough for video reordering) and up to 64 streams. */
    public static final SrtpPolicy DEFAULT = new SrtpPolicy(1024, 64);

    public SrtpPolicy {
        if (replayWindow < 64 || Integer.bitCount(replayWindow) != 1 || replayWindow > (1 << 20)) {
            throw new IllegalArgumentException("replay window must be a power of two in 64..2^20: " + replayWindow);
        }
        if (maxStreams < 1 || maxStreams > (1 << 20)) {
            throw new IllegalArgumentException("maxStreams " + maxStreams);
        }
    }
}
