package org.ferryrtc.gateway;

import java.net.InetSocketAddress;
import java.util.List;
import org.ferryrtc.gateway.call.MediaConstraints;
import org.ferryrtc.gateway.call.MediaParams;
import org.ferryrtc.gateway.call.MediaRedirects;
import org.ferryrtc.gateway.call.Redirect;
import org.ferryrtc.peer.LocalTrack;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.PeerException;
import org.ferryrtc.peer.RemoteTrack;
import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.sdp.CodecCapability;

/**
 * A media connection: plain RTP from {@code /media} ports goes out on the WebRTC connection
 * ({@link LocalTrack#sendRtp}: SSRC, payload type and sequence numbers become the negotiated
 * ones), and RTP received from the browser goes out as plain RTP to the redirect addresses
 * (the browser's SSRC and the negotiated payload type, unchanged). Keyframe requests from the
 * browser become an RTCP PLI (RFC 4585 §6.3.1) towards the ingest program.
 */
final class MediaSession extends Session {
    private volatile MediaConstraints constraints;
    private volatile MediaRedirects redirects = MediaRedirects.NONE;
    private volatile InetSocketAddress videoTo, audioTo, videoRtcpTo, audioRtcpTo; // resolved once, not per packet
    private final java.util.concurrent.atomic.LongAdder rtcpOut = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder rtcpOutSkipped = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder rtcpIn = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder keyframeRequestsIn = new java.util.concurrent.atomic.LongAdder();
    private final String remoteOffer;
    private volatile LocalTrack videoOut;
    private volatile LocalTrack audioOut;
    private volatile RemoteTrack videoIn;
    private volatile RemoteTrack audioIn;
    private volatile UdpPort videoPort, videoRtcp, audioPort, audioRtcp;
    private volatile String answerSdp;
    private volatile boolean streamSeen;
    /** Redirected media and RTCP leave from the owner thread through this connection's own socket. */
    private final RedirectSender redirectOut;

    /** Outgoing (the gateway calls the browser) when {@code remoteOffer} is null. */
    MediaSession(PeerCalls calls, String id, String peerId, String browserId, String remoteOffer) {
        super(calls, id, peerId, browserId, remoteOffer != null);
        this.remoteOffer = remoteOffer;
        this.redirectOut = new RedirectSender(calls.iceAddress);
    }

    @Override
    String kind() {
        return "media";
    }

    @Override
    void event(String event, String message) {
        calls.events.mediaEvent(id, event, message);
    }

    /** Sets constraints and redirects and hooks the ingest ports (caller's thread: only field writes). */
    void configure(MediaConstraints k, MediaRedirects r) {
        constraints = k;
        redirects = r == null ? MediaRedirects.NONE : r;
        videoTo = address(redirects.video());
        audioTo = address(redirects.audio());
        videoRtcpTo = address(redirects.videoRtcp());
        audioRtcpTo = address(redirects.audioRtcp());
        if (k.videoParams() != null) {
            videoPort = calls.port(k.videoParams().mediaId());
            videoRtcp = calls.port(k.videoParams().rtcpId());
            hook(videoPort, true, k.videoParams().payloadType());
            hookRtcp(videoRtcp, true);
        }
        if (k.audioParams() != null) {
            audioPort = calls.port(k.audioParams().mediaId());
            audioRtcp = calls.port(k.audioParams().rtcpId());
            hook(audioPort, false, k.audioParams().payloadType());
            hookRtcp(audioRtcp, false);
        }
    }

    /**
     * Ingest: only packets with the declared {@code payload_type} are sent (others, e.g. RTCP
     * sent to the RTP port, are counted as dropped); the track rewrites the payload type to the
     * negotiated one.
     */
    static InetSocketAddress address(Redirect r) {
        return r == null ? null : new InetSocketAddress(r.ipV4(), r.port());
    }

    private void hook(UdpPort p, boolean video, int payloadType) {
        if (p == null) return;
        p.sink = (b, off, len) -> {
            LocalTrack t = video ? videoOut : audioOut;
            PeerConnection c = pc;
            if (t == null || c == null || c.state() != PeerConnectionState.CONNECTED || (b[off + 1] & 0x7F) != payloadType) {
                calls.ingestDropped.increment();
                return;
            }
            if (t.sendRtp(b, off, len)) { // copied into the track's ring: no allocation per packet
                calls.ingested.increment();
            } else {
                calls.ingestDropped.increment(); // the owner thread is 128 packets behind
            }
        };
    }

    /**
     * RTCP from the ingest program on its {@code /media/rtcp} port (parsed and counted by the
     * port, see {@link UdpPort#rtcpStatus}): informational, except a PLI or FIR (RFC 4585
     * §6.3.1, RFC 5104 §4.3.1) on the video port, which asks the remote sender for a keyframe.
     */
    private void hookRtcp(UdpPort p, boolean video) {
        if (p == null) return;
        p.sink = (b, off, len) -> {
            rtcpIn.increment();
            calls.rtcpFromIngest.increment();
        };
        p.onKeyframeRequest = video ? () -> {
            RemoteTrack t = videoIn;
            if (t != null) {
                t.requestKeyframe();
                keyframeRequestsIn.increment();
                calls.keyframeRequestsFromIngest.increment();
            }
        } : null;
    }

    @Override
    void unhook() {
        redirectOut.close();
        for (UdpPort p : new UdpPort[] {videoPort, audioPort, videoRtcp, audioRtcp}) {
            if (p != null) {
                p.sink = null;
                p.onKeyframeRequest = null;
            }
        }
    }

    /** RTCP counters for the connection's status. */
    void status(com.fasterxml.jackson.databind.node.ObjectNode o) {
        var r = o.putObject("rtcp");
        r.put("redirected", rtcpOut.sum());
        r.put("redirect_skipped", rtcpOutSkipped.sum());
        r.put("from_ingest", rtcpIn.sum());
        r.put("keyframe_requests_from_ingest", keyframeRequestsIn.sum());
        UdpPort v = videoRtcp, a = audioRtcp;
        if (v != null) r.set("video_port", v.rtcpStatus());
        if (a != null) r.set("audio_port", a.rtcpStatus());
    }

    private PeerConfig config() {
        MediaConstraints k = constraints;
        PeerConfig.Builder b = PeerConfig.server(calls.endpoint);
        return b.deliverPackets(true)
                .videoCodecs(List.of(videoCodec(k.videoParams())))
                .audioCodecs(List.of(audioCodec(k.audioParams())))
                .build();
    }

    static CodecCapability videoCodec(MediaParams p) {
        String c = p == null ? "VP8" : p.codec();
        return switch (c) {
            case "VP9" -> CodecCapability.vp9(0);
            case "H264" -> CodecCapability.h264("42e01f", 1);
            case "AV1" -> CodecCapability.av1();
            default -> CodecCapability.vp8();
        };
    }

    static CodecCapability audioCodec(MediaParams p) {
        String c = p == null ? "OPUS" : p.codec();
        return switch (c) {
            case "PCMU" -> CodecCapability.pcmu();
            case "PCMA" -> CodecCapability.pcma();
            default -> CodecCapability.opus();
        };
    }

    private static String trackCodec(CodecCapability c) {
        return c.name();
    }

    /** The gateway is the offerer: tracks, offer, to the browser (serial thread). */
    void startOutgoing() {
        try {
            MediaConstraints k = constraints;
            PeerConfig cfg = config();
            pc = PeerConnection.create(cfg, this::onEvent);
            // a track is added for every kind sent or received: the offer only carries m-lines for
            // tracks, so a receive-only kind gets a track that never sends
            if (k.video() || k.videoReceiveEnabled()) videoOut = pc.addTrack(RtpSessionConfig.Kind.VIDEO, trackCodec(cfg.videoCodecs().get(0)));
            if (k.audio() || k.audioReceiveEnabled()) audioOut = pc.addTrack(RtpSessionConfig.Kind.AUDIO, trackCodec(cfg.audioCodecs().get(0)));
            String offer = SdpBandwidth.apply(pc.createOffer(), k); // band_width: b=AS / b=TIAS
            pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            sendDescription("offer", offer);
        } catch (PeerException | RuntimeException e) {
            fail("cannot call " + browserId + ": " + e.getMessage());
        }
    }

    /** Answers the browser's offer (serial thread). */
    void answer() {
        try {
            MediaConstraints k = constraints;
            PeerConfig cfg = config();
            pc = PeerConnection.create(cfg, this::onEvent);
            pc.setRemoteDescription(PeerConnection.SdpType.OFFER, remoteOffer);
            flushBrowserCandidates(); // before the answer starts ICE: an agent with no remote candidate fails at once
            if (k.video()) videoOut = pc.addTrack(RtpSessionConfig.Kind.VIDEO, trackCodec(cfg.videoCodecs().get(0)));
            if (k.audio()) audioOut = pc.addTrack(RtpSessionConfig.Kind.AUDIO, trackCodec(cfg.audioCodecs().get(0)));
            String answer = SdpBandwidth.apply(pc.createAnswer(), k); // band_width: b=AS / b=TIAS
            pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            negotiated(answer);
            sendDescription("answer", answer);
        } catch (PeerException | RuntimeException e) {
            calls.browserError(browserId, "sdp", "the gateway could not answer: " + e.getMessage());
            fail("cannot answer " + browserId + ": " + e.getMessage());
        }
    }

    @Override
    void negotiated(String sdp) {
        answerSdp = sdp;
    }

    /** The ffmpeg/GStreamer SDP file for the redirected media, or null before negotiation. */
    String sdpFile() {
        String a = answerSdp;
        return a == null ? null : SdpFile.forRedirects(a, redirects, calls.iceAddress.getHostAddress());
    }

    /** {@code POST .../pli}: false if no remote video exists yet. */
    boolean requestKeyframe() {
        RemoteTrack t = videoIn;
        if (t == null) return false;
        t.requestKeyframe();
        return true;
    }

    @Override
    void onPeerEvent(PeerEvent e) {
        if (e instanceof PeerEvent.ConnectionStateChanged s && s.state() == PeerConnectionState.CONNECTED) {
            event("READY", null);
        } else if (e instanceof PeerEvent.RemoteTrackAdded a) {
            RemoteTrack t = a.track();
            boolean video = t.kind() == RtpSessionConfig.Kind.VIDEO;
            if (video) videoIn = t;
            else audioIn = t;
            t.onPacket(this::redirect);
            t.onRtcp(this::redirectRtcp);
            if (!streamSeen) {
                streamSeen = true;
                event("STREAM", null);
            }
        } else if (e instanceof PeerEvent.KeyframeRequested k && k.track() == videoOut && videoOut != null) {
            forwardPli(k.track());
        }
    }

    /** Owner thread: one received RTP packet out as one plain datagram. */
    private void redirect(RemoteTrack t, MediaEvent.Packet p) {
        MediaConstraints k = constraints;
        boolean video = t.kind() == RtpSessionConfig.Kind.VIDEO;
        InetSocketAddress r = video ? videoTo : audioTo;
        if (r == null || (video ? !k.videoReceiveEnabled() : !k.audioReceiveEnabled())) {
            calls.redirectSkipped.increment();
            return;
        }
        send(p.buffer(), 0, p.length(), r);
    }

    /** Owner thread: one datagram through the connection's own non-blocking socket, counted. */
    private boolean send(byte[] b, int off, int len, InetSocketAddress to) {
        if (redirectOut.send(b, off, len, to)) {
            calls.redirected.increment();
            calls.redirectBytes.add(len);
            return true;
        }
        calls.redirectFailed.increment();
        return false;
    }

    /**
     * Owner thread: the remote side's RTCP about a received stream (its SR, SDES, BYE; RFC 3550
     * §6) out unchanged as one plain datagram to the kind's RTCP redirect ({@code a=rtcp} of the
     * SDP file). No allocation per compound.
     */
    private void redirectRtcp(RemoteTrack t, byte[] b, int off, int len) {
        MediaConstraints k = constraints;
        boolean video = t.kind() == RtpSessionConfig.Kind.VIDEO;
        InetSocketAddress r = video ? videoRtcpTo : audioRtcpTo;
        if (r == null || (video ? !k.videoReceiveEnabled() : !k.audioReceiveEnabled())) {
            rtcpOutSkipped.increment();
            return;
        }
        if (send(b, off, len, r)) {
            rtcpOut.increment();
            calls.rtcpRedirected.increment();
        }
    }

    /** PLI (RFC 4585 §6.3.1) to the ingest program: its RTCP port if it sent from one, else RTP port + 1. */
    private void forwardPli(LocalTrack t) {
        UdpPort media = videoPort;
        if (media == null || media.lastSsrc < 0) return;
        byte[] pli = Rtcp.pli(t.ssrc(), media.lastSsrc);
        UdpPort rtcp = videoRtcp;
        if (rtcp != null && rtcp.lastSender != null) {
            rtcp.send(pli, 0, pli.length, rtcp.lastSender);
        } else if (media.lastSender != null) {
            InetSocketAddress s = media.lastSender;
            media.send(pli, 0, pli.length, new InetSocketAddress(s.getAddress(), s.getPort() + 1));
        } else {
            return;
        }
        calls.pliForwarded.increment();
    }
}
