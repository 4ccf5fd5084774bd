package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}
 * (RFC 8866 §6.6). The encoding name is kept as written; compare it case-insensitively.
 * {@code channels} is null when the third field is absent.
 */
public record RtpMap(int payloadType, String encoding, int clockRate, Integer channels) {
    public RtpMap {
        Objects.requireNonNull(encoding);
    }

    /** The channel count, 1 when absent. */
    public int channelCount() {
        return channels == null ? 1 : channels;
    }
}
