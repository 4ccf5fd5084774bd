package org.ferryrtc.gateway;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.gateway.call.MediaRedirects;
import org.ferryrtc.gateway.call.Redirect;

/**
 * The SDP file (RFC 8866) a receiver such as ffmpeg or GStreamer needs for the redirected media:
 * one {@code m=} line per redirected kind, plain {@code RTP/AVP} on the redirect address and port,
 * with the negotiated payload type, {@code a=rtpmap} and {@code a=fmtp} copied from the
 * negotiated answer, and {@code a=rtcp} (RFC 3605) when an RTCP redirect is set.
 *
 * <pre>
 * v=0 / o=- 0 0 IN IP4 addr / s=FerryRTC redirect / t=0 0
 * m=video PORT RTP/AVP PT / c=IN IP4 ADDR / a=rtpmap:PT VP8/90000 / a=recvonly
 * </pre>
 */
final class SdpFile {
    private SdpFile() {}

    /** One negotiated m-section: kind, the payload type used, its rtpmap and fmtp values (fmtp may be null). */
    record Section(String kind, int payloadType, String rtpmap, String fmtp) {}

    /** The first non-rejected audio and video sections of {@code sdp}, with their first payload type. */
    static List<Section> sections(String sdp) {
        List<Section> out = new ArrayList<>();
        String kind = null;
        int pt = -1;
        String rtpmap = null, fmtp = null;
        for (String line : (sdp + "\nm=end 0 x\n").split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (kind != null && pt >= 0 && rtpmap != null && noneOf(out, kind)) {
                    out.add(new Section(kind, pt, rtpmap, fmtp));
                }
                String[] f = line.substring(2).trim().split(" +");
                kind = f.length >= 4 && !f[1].equals("0") && (f[0].equals("audio") || f[0].equals("video")) ? f[0] : null;
                pt = -1;
                rtpmap = null;
                fmtp = null;
                if (kind != null) {
                    try {
                        pt = Integer.parseInt(f[3]);
                    } catch (NumberFormatException e) {
                        kind = null;
                    }
                }
            } else if (kind != null && line.startsWith("a=rtpmap:" + pt + " ")) {
                rtpmap = line.substring(("a=rtpmap:" + pt + " ").length()).trim();
            } else if (kind != null && line.startsWith("a=fmtp:" + pt + " ")) {
                fmtp = line.substring(("a=fmtp:" + pt + " ").length()).trim();
            }
        }
        return out;
    }

    private static boolean noneOf(List<Section> out, String kind) {
        for (Section s : out) {
            if (s.kind().equals(kind)) return false;
        }
        return true;
    }

    /** The receiver's SDP for the redirects of a negotiated {@code answerSdp}; no m-line for a kind not redirected. */
    static String forRedirects(String answerSdp, MediaRedirects r, String origin) {
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\n");
        sb.append("o=- 0 0 IN IP4 ").append(origin).append("\r\n");
        sb.append("s=FerryRTC redirect\r\n");
        sb.append("t=0 0\r\n");
        for (Section s : sections(answerSdp)) {
            boolean video = s.kind().equals("video");
            Redirect media = video ? r.video() : r.audio();
            Redirect rtcp = video ? r.videoRtcp() : r.audioRtcp();
            if (media == null) continue;
            sb.append("m=").append(s.kind()).append(' ').append(media.port()).append(" RTP/AVP ").append(s.payloadType()).append("\r\n");
            sb.append("c=IN IP4 ").append(media.ipV4().getHostAddress()).append("\r\n");
            sb.append("a=rtpmap:").append(s.payloadType()).append(' ').append(s.rtpmap()).append("\r\n");
            if (s.fmtp() != null) sb.append("a=fmtp:").append(s.payloadType()).append(' ').append(s.fmtp()).append("\r\n");
            if (rtcp != null) sb.append("a=rtcp:").append(rtcp.port()).append(" IN IP4 ").append(rtcp.ipV4().getHostAddress()).append("\r\n");
            sb.append("a=recvonly\r\n");
        }
        return sb.toString();
    }
}
