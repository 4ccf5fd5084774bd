package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Internal: reads the outcome of an offer/answer pair into {@link NegotiatedMedia}
 * (RFC 8829 §5.10, §5.11; RFC 3264 §6; RFC 8843 §7 for the BUNDLE transport).
 */
final class NegotiationReader {
    private NegotiationReader() {
    }

    static List<NegotiatedMedia> read(SessionDescription offer, SessionDescription answer,
            boolean localIsOfferer) throws SdpNegotiationException {
        if (offer.media().size() != answer.media().size()) {
            throw new SdpNegotiationException("answer has " + answer.media().size()
                    + " m-lines, offer has " + offer.media().size());
        }
        SessionDescription local = localIsOfferer ? offer : answer;
        SessionDescription remote = localIsOfferer ? answer : offer;
        Group bundle = answer.bundleGroup();
        String bundleMid = bundle == null || bundle.mids().isEmpty() ? null : bundle.mids().get(0);
        List<NegotiatedMedia> out = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription om = offer.media().get(i);
            MediaDescription am = answer.media().get(i);
            String where = "m-line " + (i + 1);
            if (!om.kind().equals(am.kind())) {
                throw new SdpNegotiationException(where + ": answer kind " + am.kind() + " for offered " + om.kind());
            }
            if (!Objects.equals(om.mid(), am.mid())) {
                throw new SdpNegotiationException(where + ": answer mid " + am.mid() + " for offered " + om.mid());
            }
            MediaDescription lm = localIsOfferer ? om : am;
            MediaDescription rm = localIsOfferer ? am : om;
            if (om.isRejected() || am.isRejected()) {
                out.add(new NegotiatedMedia(i, om.mid(), om.kind(), true, Direction.INACTIVE, Map.of(),
                        Map.of(), Map.of(), List.of(), Map.of(), null, null, List.of(), false, List.of(),
                        List.of(), false, null, null, false, false, false, 0, 0, 0));
                continue;
            }
            boolean bundled = bundleMid != null && am.mid() != null && bundle.mids().contains(am.mid());
            MediaDescription rt = rm;
            if (bundled) {
                MediaDescription owner = remote.mediaByMid(bundleMid);
                rt = owner != null ? owner : rm;
            }
            String ufrag = remote.iceUfragOf(rt) != null ? remote.iceUfragOf(rt) : remote.iceUfragOf(rm);
            String pwd = remote.icePwdOf(rt) != null ? remote.icePwdOf(rt) : remote.icePwdOf(rm);
            if (ufrag == null || pwd == null) {
                throw new SdpNegotiationException(where + ": remote has no ICE credentials");
            }
            List<Fingerprint> fps = remote.fingerprintsOf(rt).isEmpty() ? remote.fingerprintsOf(rm) : remote.fingerprintsOf(rt);
            Setup answered = answer.setupOf(am);
            if (answered == null && bundled && answer.mediaByMid(bundleMid) != null) {
                answered = answer.setupOf(answer.mediaByMid(bundleMid));
            }
            if (answered == Setup.ACTPASS) {
                throw new SdpNegotiationException(where + ": an answer must not say setup:actpass");
            }
            if (answered == null) {
                answered = Setup.ACTIVE;
            }
            Setup ours = localIsOfferer ? (answered == Setup.ACTIVE ? Setup.PASSIVE : Setup.ACTIVE) : answered;
            Map<Integer, Codec> pts = new LinkedHashMap<>();
            Map<Integer, Integer> rtx = new LinkedHashMap<>();
            for (Codec c : am.codecs()) {
                if (!om.formats().contains(Integer.toString(c.payloadType()))) {
                    throw new SdpNegotiationException(where + ": answer payload type " + c.payloadType() + " was not offered");
                }
                if (c.isRtx()) {
                    Integer apt = CodecMatcher.apt(c);
                    if (apt != null) {
                        rtx.put(c.payloadType(), apt);
                    }
                } else {
                    Fmtp f = rm.fmtp(c.payloadType());
                    pts.put(c.payloadType(), new Codec(c.payloadType(), c.name(), c.clockRate(), c.channels(),
                            f == null ? Map.of() : f.parameters(), c.feedback()));
                }
            }
            Map<Integer, String> ext = new LinkedHashMap<>();
            for (Extmap e : am.extmaps()) {
                ext.putIfAbsent(e.id(), e.uri());
            }
            for (Extmap e : answer.extmaps()) {
                ext.putIfAbsent(e.id(), e.uri());
            }
            Set<Long> ssrcs = new LinkedHashSet<>();
            rm.ssrcs().forEach(a -> ssrcs.add(a.ssrc()));
            Map<Long, Long> fid = new LinkedHashMap<>();
            for (SsrcGroup g : rm.ssrcGroups()) {
                if (g.semantics().equalsIgnoreCase("FID") && g.ssrcs().size() == 2) {
                    fid.put(g.ssrcs().get(0), g.ssrcs().get(1));
                }
            }
            // The BUNDLE owner's candidates: an offerer gathers one transport per section, but only
            // the tagged section's survives (RFC 8843 §7.3.1); fall back to this section's own.
            List<Candidate> cands = rt.candidates().isEmpty() ? rm.candidates() : rt.candidates();
            boolean sctp = om.isDataChannel();
            Direction l = local.directionOf(lm);
            Direction r = remote.directionOf(rm);
            Direction dir = Direction.of(l.sends() && r.receives(), l.receives() && r.sends());
            out.add(new NegotiatedMedia(i, om.mid(), om.kind(), false, dir, pts, rtx,
                    ext, new ArrayList<>(ssrcs), fid, ufrag, pwd, iceOptions(remote.iceOptionsOf(rt)), remote.iceLite(),
                    fps, cands, rt.candidates().isEmpty() ? rm.endOfCandidates() : rt.endOfCandidates(),
                    bundled ? bundleMid : null, ours, om.rtcpMux() && am.rtcpMux(),
                    om.rtcpRsize() && am.rtcpRsize(),
                    (offer.extmapAllowMixed() || om.extmapAllowMixed()) && (answer.extmapAllowMixed() || am.extmapAllowMixed()),
                    sctp ? lm.effectiveSctpPort() : 0, sctp ? rm.effectiveSctpPort() : 0,
                    sctp ? rm.effectiveMaxMessageSize() : 0));
        }
        return out;
    }

    /** ICE options, also split at commas (one stack writes {@code ice2,trickle}). */
    private static List<String> iceOptions(List<String> options) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            for (String part : o.split(",")) {
                if (!part.isEmpty() && !out.contains(part)) {
                    out.add(part);
                }
            }
        }
        return out;
    }
}
