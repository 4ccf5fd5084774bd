package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSEP offer/answer (RFC 8829 §5.2, §5.3, §5.10, §5.11) as pure functions: no I/O, no clock,
 * no randomness (ids, SSRCs and credentials come in through {@link LocalCapabilities}).
 *
 * <ul>
 * <li>{@link #createOffer}: audio, video and DataChannel m-lines from our capabilities,
 *     {@code setup:actpass}, BUNDLE over all of them, rtcp-mux, rtcp-rsize.
 * <li>{@link #createAnswer}: the answer to a remote offer: same m-lines in order and the same
 *     mids; port 0 (and no BUNDLE membership) for what we do not support; codecs, rtcp-fb and
 *     header extensions intersected keeping the offerer's order and numbers; direction per
 *     RFC 3264 §6.1; our setup role in answer to actpass/active/passive (RFC 8842 §5.2).
 * <li>{@link #applyAnswer} / {@link #negotiatedAsAnswerer}: the {@link NegotiatedMedia} per
 *     m-line once both descriptions are known.
 * </ul>
 */
public final class OfferAnswer {
    private OfferAnswer() {
    }

    /** Builds our offer (RFC 8829 §5.2.1). */
    public static SessionDescription createOffer(LocalCapabilities caps) {
        Map<String, Integer> extIds = new LinkedHashMap<>();
        boolean[] used = new boolean[caps.streams().size()];
        List<MediaDescription> media = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        for (String kind : List.of("audio", "video")) {
            Direction dir = caps.direction(kind);
            if (dir == null || caps.codecs(kind).isEmpty()) {
                continue;
            }
            String mid = Integer.toString(media.size());
            MediaDescription.Builder b = MediaDescription.builder(kind, 9, "UDP/TLS/RTP/SAVPF");
            transport(b, caps, Setup.ACTPASS, media.isEmpty());
            b.mid(mid);
            for (String uri : caps.extensions(kind)) {
                Integer id = extIds.get(uri);
                if (id == null) {
                    id = extIds.size() + 1 >= 15 ? extIds.size() + 2 : extIds.size() + 1;
                    extIds.put(uri, id);
                }
                b.addExtmap(new Extmap(id, null, uri, null));
            }
            b.direction(dir).rtcpMux(true).rtcpRsize(true);
            List<Codec> codecs = offerCodecs(caps.codecs(kind), caps.rtx() && kind.equals("video"));
            boolean hasRtx = false;
            List<String> formats = new ArrayList<>();
            for (Codec c : codecs) {
                formats.add(Integer.toString(c.payloadType()));
                hasRtx |= c.isRtx();
                addCodec(b, c);
            }
            b.formats(formats);
            if (dir.sends()) {
                addStream(b, caps, kind, hasRtx, used);
            }
            media.add(b.build());
            mids.add(mid);
        }
        if (caps.sctp()) {
            String mid = Integer.toString(media.size());
            MediaDescription.Builder b = MediaDescription.builder("application", 9, "UDP/DTLS/SCTP");
            b.formats(List.of("webrtc-datachannel"));
            transport(b, caps, Setup.ACTPASS, media.isEmpty());
            b.mid(mid).sctpPort(caps.sctpPort()).maxMessageSize(caps.maxMessageSize());
            media.add(b.build());
            mids.add(mid);
        }
        SessionDescription.Builder s = SessionDescription.builder(origin(caps));
        if (!mids.isEmpty()) {
            s.addGroup(new Group("BUNDLE", mids));
        }
        return s.extmapAllowMixed(true).msidSemantic("WMS").media(media).build();
    }

    /**
     * Builds our answer to {@code offer} (RFC 8829 §5.3.1).
     *
     * @throws SdpNegotiationException if the offer repeats a mid, or a section we accept has no
     *     ICE credentials or no fingerprint
     */
    public static SessionDescription createAnswer(SessionDescription offer, LocalCapabilities caps)
            throws SdpNegotiationException {
        Set<String> seen = new HashSet<>();
        for (MediaDescription m : offer.media()) {
            if (m.mid() != null && !seen.add(m.mid())) {
                throw new SdpNegotiationException("offer repeats mid '" + m.mid() + "'");
            }
        }
        Group offeredBundle = offer.bundleGroup();
        // Pass 1: which sections we accept, and with which codecs.
        List<List<Codec>> accepted = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            List<Codec> codecs = null;
            if (!m.isRejected()) {
                if (m.isRtp() && caps.direction(m.kind()) != null && secureProfile(m)) {
                    codecs = CodecMatcher.negotiate(m, caps.codecs(m.kind()), caps.rtx());
                    codecs = codecs.isEmpty() ? null : codecs;
                } else if (m.kind().equals("application") && m.isDataChannel() && caps.sctp()) {
                    codecs = List.of();
                }
            }
            accepted.add(codecs);
        }
        // The answerer's BUNDLE tag: the first accepted mid in the offer's group order (RFC 8843 §7.3.1).
        List<String> acceptedBundled = new ArrayList<>();
        if (offeredBundle != null) {
            for (String mid : offeredBundle.mids()) {
                for (int i = 0; i < offer.media().size(); i++) {
                    if (mid.equals(offer.media().get(i).mid()) && accepted.get(i) != null && !acceptedBundled.contains(mid)) {
                        acceptedBundled.add(mid);
                    }
                }
            }
        }
        boolean[] used = new boolean[caps.streams().size()];
        List<MediaDescription> out = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            List<Codec> codecs = accepted.get(i);
            if (codecs == null) {
                out.add(rejected(m));
                continue;
            }
            String where = "m-line " + (i + 1) + (m.mid() == null ? "" : " (mid " + m.mid() + ")");
            boolean bundled = offeredBundle != null && m.mid() != null && offeredBundle.mids().contains(m.mid());
            // A bundled section may leave its transport attributes to the BUNDLE-tagged one (RFC 8843 §7.2).
            MediaDescription owner = bundled ? offer.mediaByMid(offeredBundle.mids().get(0)) : null;
            MediaDescription t = owner != null && offer.iceUfragOf(m) == null ? owner : m;
            if (offer.iceUfragOf(t) == null || offer.icePwdOf(t) == null) {
                throw new SdpNegotiationException(where + ": no ICE credentials");
            }
            if (offer.fingerprintsOf(m).isEmpty() && (owner == null || offer.fingerprintsOf(owner).isEmpty())) {
                throw new SdpNegotiationException(where + ": no DTLS fingerprint");
            }
            Setup offeredSetup = offer.setupOf(m) != null || owner == null ? offer.setupOf(m) : offer.setupOf(owner);
            MediaDescription.Builder b = MediaDescription.builder(m.kind(), 9, m.proto());
            transport(b, caps, answerSetup(offeredSetup, caps), !bundled || m.mid().equals(acceptedBundled.get(0)));
            b.mid(m.mid());
            if (m.isRtp()) {
                answerRtp(b, offer, m, caps, codecs, used);
            } else {
                b.formats(m.formats()).sctpPort(caps.sctpPort()).maxMessageSize(caps.maxMessageSize());
            }
            out.add(b.build());
        }
        SessionDescription.Builder s = SessionDescription.builder(origin(caps));
        if (!acceptedBundled.isEmpty()) {
            s.addGroup(new Group(offeredBundle.semantics(), acceptedBundled));
        }
        return s.extmapAllowMixed(offer.extmapAllowMixed()).msidSemantic("WMS").media(out).build();
    }

    /**
     * The negotiated parameters per m-line after the remote {@code answer} to our {@code offer}.
     *
     * @throws SdpNegotiationException if the answer does not fit the offer (m-line count, kind
     *     or mid differ, a payload type that was not offered, actpass in an answer, missing ICE
     *     credentials for an accepted section)
     */
    public static List<NegotiatedMedia> applyAnswer(SessionDescription offer, SessionDescription answer)
            throws SdpNegotiationException {
        return NegotiationReader.read(offer, answer, true);
    }

    /** The negotiated parameters per m-line when we answered the remote {@code offer}. */
    public static List<NegotiatedMedia> negotiatedAsAnswerer(SessionDescription offer,
            SessionDescription answer) throws SdpNegotiationException {
        return NegotiationReader.read(offer, answer, false);
    }

    /**
     * True for the DTLS-SRTP profiles JSEP accepts (RFC 8829 §5.1.2, §5.1.3): UDP/TLS/RTP/SAVPF,
     * TCP/DTLS/RTP/SAVPF, RTP/SAVPF and their SAVP forms. Plain RTP/AVP is rejected.
     */
    static boolean secureProfile(MediaDescription m) {
        String p = m.proto().toUpperCase(java.util.Locale.ROOT);
        return p.endsWith("RTP/SAVPF") || p.endsWith("RTP/SAVP");
    }

    /** Our role in answer to the offerer's (RFC 4145 §4.1: absent means active). */
    static Setup answerSetup(Setup offered, LocalCapabilities caps) {
        if (offered == null || offered == Setup.ACTIVE) {
            return Setup.PASSIVE;
        }
        if (offered == Setup.PASSIVE) {
            return Setup.ACTIVE;
        }
        return caps.answerSetup();
    }

    private static Origin origin(LocalCapabilities caps) {
        return new Origin("-", caps.sessionId(), Long.toString(caps.sessionVersion()), "IN", "IP4", "127.0.0.1");
    }

    private static MediaDescription rejected(MediaDescription m) {
        MediaDescription.Builder b = MediaDescription.builder(m.kind(), 0, m.proto());
        b.formats(m.formats()).connection(Connection.placeholder());
        return b.mid(m.mid()).build();
    }

    /** ICE, DTLS and (for the section owning the transport) candidates and address. */
    private static void transport(MediaDescription.Builder b, LocalCapabilities caps, Setup setup,
            boolean owner) {
        Connection c = Connection.placeholder();
        if (owner) {
            for (Candidate cand : caps.candidates()) {
                if (cand.isUdp() && cand.component() == 1) {
                    b.port(cand.port());
                    c = new Connection("IN", cand.address().indexOf(':') >= 0 ? "IP6" : "IP4", cand.address());
                    break;
                }
            }
            b.candidates(caps.candidates()).endOfCandidates(caps.endOfCandidates());
        }
        b.connection(c).iceUfrag(caps.iceUfrag()).icePwd(caps.icePwd()).iceOptions(caps.iceOptions())
                .fingerprints(caps.fingerprints()).setup(setup);
    }

    private static void answerRtp(MediaDescription.Builder b, SessionDescription offer,
            MediaDescription m, LocalCapabilities caps, List<Codec> codecs, boolean[] used) {
        List<String> supported = caps.extensions(m.kind());
        List<Extmap> offered = new ArrayList<>(m.extmaps());
        offered.addAll(offer.extmaps());
        Set<Integer> ids = new HashSet<>();
        for (Extmap e : offered) {
            if (supported.contains(e.uri()) && ids.add(e.id())) {
                b.addExtmap(new Extmap(e.id(), e.direction() == null ? null : e.direction().reverse(), e.uri(), null));
            }
        }
        b.extmapAllowMixed(m.extmapAllowMixed());
        Direction theirs = offer.directionOf(m);
        Direction intent = caps.direction(m.kind());
        Direction dir = Direction.of(intent.sends() && theirs.receives(), intent.receives() && theirs.sends());
        b.direction(dir).rtcpMux(m.rtcpMux()).rtcpRsize(m.rtcpRsize());
        List<String> formats = new ArrayList<>();
        boolean hasRtx = false;
        for (Codec c : codecs) {
            formats.add(Integer.toString(c.payloadType()));
            hasRtx |= c.isRtx();
            addCodec(b, c);
        }
        b.formats(formats);
        if (dir.sends()) {
            addStream(b, caps, m.kind(), hasRtx, used);
        }
    }

    private static void addCodec(MediaDescription.Builder b, Codec c) {
        b.addRtpMap(new RtpMap(c.payloadType(), c.name(), c.clockRate(),
                c.channels() == 1 ? null : c.channels()));
        c.feedback().forEach(b::addRtcpFb);
        if (!c.fmtp().isEmpty()) {
            b.addFmtp(new Fmtp(c.payloadType(), c.fmtp()));
        }
    }

    /**
     * msid, ssrc-group:FID and ssrc lines for the next unused stream of {@code kind}: each
     * sending m-line gets its own stream, in order (DESIGN §6: always write a=ssrc).
     */
    private static void addStream(MediaDescription.Builder b, LocalCapabilities caps, String kind, boolean rtx,
            boolean[] used) {
        for (int i = 0; i < caps.streams().size(); i++) {
            LocalStream s = caps.streams().get(i);
            if (used[i] || !s.kind().equals(kind)) {
                continue;
            }
            used[i] = true;
            Msid msid = new Msid(s.streamId(), s.trackId());
            b.addMsid(msid);
            List<Long> ssrcs = new ArrayList<>(List.of(s.ssrc()));
            if (rtx && s.rtxSsrc() != null) {
                ssrcs.add(s.rtxSsrc());
                b.addSsrcGroup(new SsrcGroup("FID", ssrcs));
            }
            for (long ssrc : ssrcs) {
                b.addSsrc(new SsrcAttribute(ssrc, "cname", s.cname()));
                b.addSsrc(new SsrcAttribute(ssrc, "msid", msid.text()));
            }
            return;
        }
    }

    /** Our codecs with payload types: preferred ones first-come, others from 96-127, 35-63. */
    private static List<Codec> offerCodecs(List<CodecCapability> caps, boolean rtx) {
        Set<Integer> used = new HashSet<>();
        int[] chosen = new int[caps.size()];
        for (int i = 0; i < caps.size(); i++) {
            int p = caps.get(i).preferredPayloadType();
            chosen[i] = p >= 0 && p <= 127 && used.add(p) ? p : -1;
        }
        List<Codec> out = new ArrayList<>();
        int firstPrimary = -1;
        for (int i = 0; i < caps.size(); i++) {
            CodecCapability cap = caps.get(i);
            int pt = chosen[i] >= 0 ? chosen[i] : freePt(used);
            if (pt < 0) {
                break;
            }
            Map<String, String> fmtp = cap.fmtp();
            boolean redOrFec = CodecMatcher.isRedOrFec(cap.name());
            if (cap.is("red") && fmtp.isEmpty() && firstPrimary >= 0 && cap.clockRate() != 90000) {
                fmtp = Map.of(firstPrimary + "/" + firstPrimary, "");
            }
            if (!redOrFec && firstPrimary < 0) {
                firstPrimary = pt;
            }
            out.add(new Codec(pt, cap.name(), cap.clockRate(), cap.channels(), fmtp,
                    redOrFec ? List.of() : cap.feedback().stream().map(f -> f.withPayloadType(Integer.toString(pt))).toList()));
            if (rtx && !CodecMatcher.isRtx(cap.name()) && !cap.is("ulpfec") && !cap.is("flexfec-03")) {
                int rtxPt = freePt(used);
                if (rtxPt >= 0) {
                    out.add(new Codec(rtxPt, "rtx", cap.clockRate(), 1, Map.of("apt", Integer.toString(pt)), List.of()));
                }
            }
        }
        return out;
    }

    private static int freePt(Set<Integer> used) {
        for (int p = 96; p <= 127; p++) {
            if (used.add(p)) {
                return p;
            }
        }
        for (int p = 35; p <= 63; p++) {
            if (used.add(p)) {
                return p;
            }
        }
        return -1;
    }
}
