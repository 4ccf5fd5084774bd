package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * A stream we send on one m-line kind ("audio" or "video"): its SSRC, optional RTX SSRC (null
 * when none) and the ids written as {@code a=msid} and {@code a=ssrc ... cname/msid}
 * (RFC 8830, RFC 5576). DESIGN §6: we always write {@code a=ssrc} for what we send, and
 * {@code a=ssrc-group:FID} when RTX is negotiated.
 */
public record LocalStream(String kind, long ssrc, Long rtxSsrc, String cname, String streamId,
        String trackId) {
    public LocalStream {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(cname);
        Objects.requireNonNull(streamId);
        Objects.requireNonNull(trackId);
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL || (rtxSsrc != null && (rtxSsrc < 0 || rtxSsrc > 0xFFFFFFFFL))) {
            throw new IllegalArgumentException("SSRC out of range");
        }
    }
}
