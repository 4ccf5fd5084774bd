package org.ferryrtc.gateway;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import org.ferryrtc.gateway.call.DcInit;
import org.ferryrtc.gateway.call.MediaConstraints;
import org.ferryrtc.gateway.call.MediaParams;
import org.ferryrtc.gateway.call.MediaRedirects;
import org.ferryrtc.gateway.call.Redirect;

/** Shape checks for the connection commands' nested objects (field names as in the SkyWay gateway). */
final class Validate {
    static final Set<String> VIDEO_CODECS = Set.of("VP8", "VP9", "H264", "AV1");
    static final Set<String> AUDIO_CODECS = Set.of("OPUS", "PCMU", "PCMA", "G722");

    private Validate() {}

    static String targetId(Fields f) {
        String t = f.requiredString("target_id", 64);
        if (t != null && !PeerApi.PEER_ID.matcher(t).matches()) {
            f.error("target_id", "target_id may only contain letters, digits, '_', '.' and '-'");
        }
        return t;
    }

    /** {@code constraints}; null (receive-only audio and video) when absent. */
    static MediaConstraints constraints(Fields c) {
        if (c == null) return new MediaConstraints(false, true, false, true, null, null);
        Fields vp = c.optionalObject("video_params");
        Fields ap = c.optionalObject("audio_params");
        boolean video = c.bool("video", vp != null);
        boolean audio = c.bool("audio", ap != null);
        boolean videoRecv = c.bool("videoReceiveEnabled", true);
        boolean audioRecv = c.bool("audioReceiveEnabled", true);
        MediaParams v = null, a = null;
        if (video && vp == null && !c.has("video_params")) c.error("video_params", "video_params is required when video is true");
        if (!video && vp != null) c.error("video_params", "video_params given but video is false");
        if (audio && ap == null && !c.has("audio_params")) c.error("audio_params", "audio_params is required when audio is true");
        if (!audio && ap != null) c.error("audio_params", "audio_params given but audio is false");
        if (video && vp != null) v = params(vp, true);
        if (audio && ap != null) a = params(ap, false);
        if (v != null && a != null && v.mediaId() != null && v.mediaId().equals(a.mediaId())) {
            c.error("audio_params.media_id", "audio and video cannot share one media_id");
        }
        if (v != null && a != null && v.rtcpId() != null && v.rtcpId().equals(a.rtcpId())) {
            c.error("audio_params.rtcp_id", "audio and video cannot share one rtcp_id");
        }
        return new MediaConstraints(video, videoRecv, audio, audioRecv, v, a);
    }

    private static MediaParams params(Fields p, boolean video) {
        long bw = p.optionalInt("band_width", 0, 100_000, 0);
        String codec = p.requiredString("codec", 16);
        if (codec != null) {
            codec = codec.toUpperCase(Locale.ROOT);
            Set<String> allowed = video ? VIDEO_CODECS : AUDIO_CODECS;
            if (!allowed.contains(codec)) p.error("codec", "codec must be one of " + new java.util.TreeSet<>(allowed));
        }
        String mediaId = p.requiredString("media_id", 128);
        String rtcpId = p.optionalString("rtcp_id", 128);
        long pt = p.requiredInt("payload_type", 0, 127);
        if (pt >= 72 && pt <= 76) p.error("payload_type", "payload_type 72..76 collides with RTCP packet types (RFC 5761 §4)");
        long dflt = video ? 90_000 : "OPUS".equals(codec) ? 48_000 : 8_000;
        long rate = p.optionalInt("sampling_rate", 1, 192_000, dflt);
        if (video && rate != Long.MIN_VALUE && rate != 90_000) p.error("sampling_rate", "video uses a 90000 Hz RTP clock");
        return new MediaParams((int) bw, codec, mediaId, rtcpId, (int) pt, (int) rate);
    }

    /** {@code redirect_params} of a media connection. */
    static MediaRedirects mediaRedirects(Fields r) {
        if (r == null) return MediaRedirects.NONE;
        return new MediaRedirects(redirect(r.optionalObject("video")), redirect(r.optionalObject("video_rtcp")),
                redirect(r.optionalObject("audio")), redirect(r.optionalObject("audio_rtcp")));
    }

    /** {@code {ip_v4, port}}; null when absent or invalid (errors recorded). */
    static Redirect redirect(Fields r) {
        if (r == null) return null;
        String ip = r.requiredString("ip_v4", 15);
        long port = r.requiredInt("port", 1, 65535);
        if (ip != null && Cidr.parseIpv4(ip) < 0) {
            r.error("ip_v4", "ip_v4 must be a dotted-quad IPv4 address");
            return null;
        }
        if (ip == null || port == Long.MIN_VALUE) return null;
        try {
            return new Redirect((Inet4Address) InetAddress.getByName(ip), (int) port);
        } catch (UnknownHostException | ClassCastException e) {
            r.error("ip_v4", "ip_v4 must be a dotted-quad IPv4 address");
            return null;
        }
    }

    /** {@code options.dcInit} (W3C RTCDataChannelInit). */
    static DcInit dcInit(Fields d) {
        if (d == null) return DcInit.DEFAULT;
        boolean ordered = d.bool("ordered", true);
        long life = d.optionalInt("maxPacketLifeTime", 0, 65535, -1);
        long retr = d.optionalInt("maxRetransmits", 0, 65535, -1);
        if (d.has("maxPacketLifeTime") && d.has("maxRetransmits")) {
            d.error("maxRetransmits", "maxPacketLifeTime and maxRetransmits cannot both be set");
        }
        String protocol = d.optionalText("protocol", 255);
        boolean negotiated = d.bool("negotiated", false);
        long id = d.optionalInt("id", 0, 65534, -1);
        if (negotiated && !d.has("id")) d.error("id", "id is required when negotiated is true");
        if (!negotiated && d.has("id")) d.error("id", "id is only allowed when negotiated is true");
        return new DcInit(ordered, (int) life, (int) retr, protocol == null ? "" : protocol, negotiated, (int) id);
    }
}
