package org.ferryrtc.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ferryrtc.dtls.DtlsCertificate;
import org.ferryrtc.dtls.DtlsFingerprint;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.ice.IceCandidate;
import org.ferryrtc.ice.IceCredentials;
import org.ferryrtc.ice.IceSession;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.rtp.ExtensionMap;
import org.ferryrtc.sdp.Candidate;
import org.ferryrtc.sdp.Codec;
import org.ferryrtc.sdp.Direction;
import org.ferryrtc.sdp.Fingerprint;
import org.ferryrtc.sdp.LocalCapabilities;
import org.ferryrtc.sdp.LocalStream;
import org.ferryrtc.sdp.NegotiatedMedia;
import org.ferryrtc.sdp.RtcpFb;
import org.ferryrtc.sdp.SdpParseException;
import org.ferryrtc.sdp.SessionDescription;
import org.ferryrtc.sdp.Setup;

/** Our capabilities for offer/answer, negotiated m-lines into an {@link RtpSessionConfig}, candidates between SDP and ICE. */
final class MediaSetup {
    private MediaSetup() {
    }

    /**
     * Our side for {@link org.ferryrtc.sdp.OfferAnswer}: ICE credentials and host candidates,
     * our fingerprint, the configured codecs and answer role, one stream per local track. A kind
     * with a track is sendrecv; without one it is recvonly in answers and not offered.
     */
    static LocalCapabilities capabilities(IceSession ice, DtlsCertificate certificate, PeerConfig config,
            List<LocalTrack> tracks, String sessionId, long sessionVersion, boolean offer) {
        return capabilities(ice, certificate, config, tracks, sessionId, sessionVersion, offer, null);
    }

    /** As above; a non-null {@code answerSetup} overrides the configured answer role (a re-answer keeps the current one). */
    static LocalCapabilities capabilities(IceSession ice, DtlsCertificate certificate, PeerConfig config,
            List<LocalTrack> tracks, String sessionId, long sessionVersion, boolean offer, Setup answerSetup) {
        IceCredentials cred = ice.localCredentials();
        String[] fp = certificate.sdpFingerprint().split(" ", 2);
        LocalCapabilities.Builder b = LocalCapabilities.builder(cred.ufrag(), cred.password(), new Fingerprint(fp[0], fp[1]))
                .audioCodecs(config.audioCodecs()).videoCodecs(config.videoCodecs())
                .answerSetup(answerSetup != null ? answerSetup
                        : config.answerDtlsRole() == DtlsRole.CLIENT ? Setup.ACTIVE : Setup.PASSIVE)
                .endOfCandidates(config.iceServers().isEmpty()).sessionId(sessionId, sessionVersion);
        boolean audio = false;
        boolean video = false;
        for (LocalTrack t : tracks) {
            boolean isAudio = t.kind() == RtpSessionConfig.Kind.AUDIO;
            audio |= isAudio;
            video |= !isAudio;
            b.addStream(new LocalStream(isAudio ? "audio" : "video", t.ssrc(), t.rtxSsrc() < 0 ? null : t.rtxSsrc(),
                    sessionId, "ferry-" + sessionId, t.trackId()));
        }
        Direction recvOnly = offer ? null : Direction.RECVONLY;
        b.audioDirection(audio ? Direction.SENDRECV : recvOnly).videoDirection(video ? Direction.SENDRECV : recvOnly);
        List<Candidate> cands = new ArrayList<>();
        for (IceCandidate c : ice.localCandidates()) {
            cands.add(toSdp(c));
        }
        return b.candidates(cands).build();
    }

    /** Parses SDP text; malformed SDP is a {@link PeerException} naming the line. */
    static SessionDescription parse(String sdp) throws PeerException {
        if (sdp == null) {
            throw new PeerException("no SDP");
        }
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new PeerException("malformed SDP: " + e.getMessage(), e);
        }
    }

    /** The remote fingerprints DTLS can check (RFC 8122 §5); at least one. */
    static List<DtlsFingerprint> dtlsFingerprints(NegotiatedMedia t) throws PeerException {
        List<DtlsFingerprint> fps = new ArrayList<>();
        for (Fingerprint f : t.remoteFingerprints()) {
            DtlsFingerprint.parse(f.algorithm() + " " + f.value()).ifPresent(fps::add);
        }
        if (fps.isEmpty()) {
            throw new PeerException("no usable remote DTLS fingerprint");
        }
        return fps;
    }

    static RtpSessionConfig.Kind kind(String sdpKind) {
        return sdpKind.equals("audio") ? RtpSessionConfig.Kind.AUDIO : RtpSessionConfig.Kind.VIDEO;
    }

    static boolean isMedia(NegotiatedMedia m) {
        return !m.rejected() && (m.kind().equals("audio") || m.kind().equals("video"));
    }

    /**
     * The RTP session config for the accepted audio/video m-lines. Our tracks go, per kind and in
     * order, to the m-lines where we send (the same order {@code OfferAnswer} wrote their SSRCs);
     * each track's {@code mid}/{@code codec} is set to what was negotiated.
     */
    static RtpSessionConfig build(List<NegotiatedMedia> media, List<LocalTrack> tracks, boolean deliverPackets,
            long rtcpSsrc, String cname, long seed) {
        RtpSessionConfig.Builder b = RtpSessionConfig.builder().deliverPackets(deliverPackets)
                .rtcpSsrc(rtcpSsrc, cname).seed(seed).ntpOffsetNanos(System.currentTimeMillis() * 1_000_000L - System.nanoTime());
        ExtensionMap ext = new ExtensionMap();
        boolean[] used = new boolean[tracks.size()];
        boolean rsize = true;
        boolean mixed = true;
        for (NegotiatedMedia m : media) {
            if (!isMedia(m)) {
                continue;
            }
            RtpSessionConfig.Kind kind = kind(m.kind());
            rsize &= m.rtcpRsize();
            mixed &= m.extmapAllowMixed();
            for (Map.Entry<Integer, String> e : m.extensions().entrySet()) {
                ext.put(e.getKey(), e.getValue()); // a conflicting id is ignored: the first m-line wins
            }
            b.receiveMid(m.mid());
            for (Map.Entry<Integer, Codec> e : m.payloadTypes().entrySet()) {
                Codec c = e.getValue();
                boolean nack = false;
                for (RtcpFb fb : c.feedback()) {
                    nack |= fb.type().equalsIgnoreCase("nack") && fb.subtype() == null;
                }
                b.receiveCodec(new RtpSessionConfig.ReceiveCodec(e.getKey(), c.name(), c.clockRate(), kind,
                        m.rtxPayloadTypeFor(e.getKey()), nack));
            }
            for (long ssrc : m.remoteSsrcs()) {
                if (!m.remoteRtxSsrcs().containsValue(ssrc)) {
                    b.remoteSsrc(new RtpSessionConfig.RemoteSsrc(ssrc, m.mid(), m.remoteRtxSsrcs().getOrDefault(ssrc, -1L)));
                }
            }
            if (!m.direction().sends()) {
                continue;
            }
            for (int i = 0; i < tracks.size(); i++) {
                LocalTrack t = tracks.get(i);
                if (used[i] || t.kind() != kind) {
                    continue;
                }
                used[i] = true;
                int pt = m.payloadTypeOf(t.codec());
                if (pt < 0) {
                    pt = firstPrimary(m);
                }
                if (pt < 0) {
                    break;
                }
                Codec c = m.payloadTypes().get(pt);
                int rtxPt = m.rtxPayloadTypeFor(pt);
                boolean rtx = rtxPt >= 0 && t.rtxSsrc() >= 0;
                t.codec = c.name();
                t.mid = m.mid();
                b.sendTrack(new RtpSessionConfig.SendTrack(t.trackId(), kind, m.mid(), c.name(), pt, c.clockRate(),
                        t.ssrc(), rtx ? t.rtxSsrc() : -1, rtx ? rtxPt : -1, cname));
                break;
            }
        }
        ext.setAllowMixed(mixed);
        return b.sendExtensions(ext).receiveExtensions(ext).reducedSizeRtcp(rsize).build();
    }

    private static int firstPrimary(NegotiatedMedia m) {
        for (Map.Entry<Integer, Codec> e : m.payloadTypes().entrySet()) {
            String n = e.getValue().name();
            if (!n.equalsIgnoreCase("red") && !n.equalsIgnoreCase("ulpfec") && !n.equalsIgnoreCase("telephone-event")
                    && !n.equalsIgnoreCase("cn")) {
                return e.getKey();
            }
        }
        return -1;
    }

    static Candidate toSdp(IceCandidate c) {
        return new Candidate(c.foundation(), c.component(), c.transport(), c.priority(), c.address(), c.port(),
                c.type(), c.relatedAddress(), c.relatedPort() < 0 ? null : c.relatedPort(), Map.of());
    }

    static IceCandidate toIce(Candidate c) {
        return new IceCandidate(c.foundation(), c.component(), c.transport().toLowerCase(java.util.Locale.ROOT),
                c.priority(), c.address(), c.port(), c.type(), c.relatedAddress(),
                c.relatedPort() == null ? -1 : c.relatedPort());
    }

    /**
     * Parses {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
     * [raddr <a>] [rport <p>] ...} (RFC 8839 §5.1; the {@code a=} and {@code candidate:} prefixes are optional).
     *
     * @return the candidate, or null if the text is malformed
     */
    static IceCandidate parseCandidate(String text) {
        String s = text.trim();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        String[] f = s.split("\\s+");
        if (f.length < 8 || !f[6].equals("typ")) {
            return null;
        }
        try {
            String raddr = null;
            int rport = -1;
            List<String> rest = new ArrayList<>(List.of(f).subList(8, f.length));
            if (rest.size() % 2 != 0) {
                return null; // extensions come as name/value pairs
            }
            for (int i = 0; i + 1 < rest.size(); i += 2) {
                if (rest.get(i).equals("raddr")) {
                    raddr = rest.get(i + 1);
                } else if (rest.get(i).equals("rport")) {
                    rport = Integer.parseInt(rest.get(i + 1));
                }
            }
            return new IceCandidate(f[0], Integer.parseInt(f[1]), f[2].toLowerCase(java.util.Locale.ROOT),
                    Long.parseLong(f[3]), f[4], Integer.parseInt(f[5]), f[7], raddr, rport);
        } catch (RuntimeException e) { // NumberFormatException, or a range the record rejects
            return null;
        }
    }
}
