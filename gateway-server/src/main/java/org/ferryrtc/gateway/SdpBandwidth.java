package org.ferryrtc.gateway;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.gateway.call.MediaConstraints;
import org.ferryrtc.gateway.call.MediaParams;
import org.ferryrtc.sdp.Bandwidth;
import org.ferryrtc.sdp.MediaDescription;
import org.ferryrtc.sdp.SdpParseException;
import org.ferryrtc.sdp.SessionDescription;

/**
 * {@code band_width} (kbit/s, SkyWay's unit) as a real limit: written into the SDP the gateway
 * sends (offer or answer), per audio/video m-section, as
 * <pre>
 * m=video 9 UDP/TLS/RTP/SAVPF 96 ...
 * c=IN IP4 0.0.0.0
 * b=AS:300          RFC 8866 §5.8: application-specific maximum, kbit/s (legacy peers)
 * b=TIAS:300000     RFC 3890 §6.2: transport-independent maximum, bit/s (preferred by browsers)
 * </pre>
 * A {@code b=} line in a description states what its writer is willing to <em>receive</em>
 * (RFC 3264 §5, RFC 8866 §5.8), so a browser's sender caps its encoder at that rate. The
 * gateway's own sending (plain RTP from a {@code /media} port) is not throttled: the local
 * program sets that rate.
 */
final class SdpBandwidth {
    private SdpBandwidth() {}

    /**
     * {@code sdp} with {@code b=AS}/{@code b=TIAS} set on every video m-section to
     * {@code video_params.band_width} and on every audio m-section to
     * {@code audio_params.band_width} (a value of 0 or absent params leave the section unchanged).
     * Returns {@code sdp} itself when nothing applies. {@code sdp} is the gateway's own
     * description: one that does not parse is a bug ({@link IllegalStateException}).
     */
    static String apply(String sdp, MediaConstraints k) {
        int video = kbps(k == null ? null : k.videoParams());
        int audio = kbps(k == null ? null : k.audioParams());
        if (video == 0 && audio == 0) return sdp;
        SessionDescription d;
        try {
            d = SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new IllegalStateException("the gateway's own SDP does not parse: " + e.getMessage(), e);
        }
        List<MediaDescription> media = new ArrayList<>(d.media().size());
        for (MediaDescription m : d.media()) {
            int cap = m.kind().equals("video") ? video : m.kind().equals("audio") ? audio : 0;
            media.add(cap == 0 || m.port() == 0 ? m : m.toBuilder().bandwidths(lines(m.bandwidths(), cap)).build());
        }
        return d.toBuilder().media(media).build().write();
    }

    private static int kbps(MediaParams p) {
        return p == null ? 0 : p.bandWidthKbps();
    }

    /** Existing {@code b=} lines of other types kept, AS and TIAS replaced. */
    static List<Bandwidth> lines(List<Bandwidth> existing, int kbps) {
        List<Bandwidth> out = new ArrayList<>();
        for (Bandwidth b : existing) {
            if (!b.type().equalsIgnoreCase("AS") && !b.type().equalsIgnoreCase("TIAS")) out.add(b);
        }
        out.add(new Bandwidth("AS", kbps));
        out.add(new Bandwidth("TIAS", kbps * 1000L));
        return out;
    }
}
