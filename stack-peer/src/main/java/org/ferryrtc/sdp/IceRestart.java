package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * ICE restart over an established session (RFC 8445 §9; JSEP RFC 8829 §5.2.1, §5.3.1, §3.5.1)
 * as pure functions, the only kind of subsequent offer/answer FerryRTC supports.
 *
 * <ul>
 * <li>{@link #reoffer}: our subsequent offer: the current local description (our offer or our
 *     answer) with the same m-lines, mids, codecs and payload types, SSRCs and DTLS fingerprint,
 *     new ICE credentials (RFC 8839 §5.4) and candidates, and {@code a=setup} set to the role we
 *     hold now (RFC 8842 §5.5: the same DTLS association, no new handshake).
 * <li>{@link #checkReoffer}: whether a remote subsequent offer only restarts ICE (or changes
 *     nothing) — anything else about the m-lines is refused with a reason.
 * </ul>
 * A remote re-offer is answered with {@link OfferAnswer#createAnswer} given capabilities with
 * the new credentials and the current DTLS role as {@code answerSetup}.
 */
public final class IceRestart {
    private IceRestart() {
    }

    /**
     * Our subsequent offer from {@code current}, the local description of the session in place.
     * Rejected m-lines stay rejected (port 0). The candidates go to the BUNDLE-tagged section
     * (or every section without BUNDLE); the origin's session version becomes {@code sessionVersion}.
     *
     * @param setup our current DTLS role as {@link Setup#ACTIVE} (client) or {@link Setup#PASSIVE}
     * @throws IllegalArgumentException if {@code setup} is actpass/holdconn or the credentials
     *     are not ice-chars of the RFC 8839 §5.4 lengths (ufrag 4+, pwd 22+)
     */
    public static SessionDescription reoffer(SessionDescription current, String ufrag, String pwd,
            List<Candidate> candidates, boolean endOfCandidates, Setup setup, long sessionVersion) {
        Objects.requireNonNull(current, "current");
        if (setup != Setup.ACTIVE && setup != Setup.PASSIVE) {
            throw new IllegalArgumentException("a re-offer keeps the current DTLS role: active or passive, not " + setup);
        }
        if (!LocalCapabilities.iceChars(ufrag, 4) || !LocalCapabilities.iceChars(pwd, 22)) {
            throw new IllegalArgumentException("ICE ufrag needs 4-256 and pwd 22-256 ice-chars (RFC 8839 §5.4)");
        }
        Group bundle = current.bundleGroup();
        String tag = bundle == null || bundle.mids().isEmpty() ? null : bundle.mids().get(0);
        List<MediaDescription> media = new ArrayList<>();
        for (MediaDescription m : current.media()) {
            if (m.isRejected()) {
                media.add(m);
                continue;
            }
            boolean owner = tag == null || tag.equals(m.mid()) || bundle == null || !bundle.mids().contains(m.mid());
            MediaDescription.Builder b = m.toBuilder().iceUfrag(ufrag).icePwd(pwd).setup(setup)
                    .fingerprints(current.fingerprintsOf(m));
            if (owner) {
                b.candidates(candidates).endOfCandidates(endOfCandidates);
                for (Candidate c : candidates) {
                    if (c.isUdp() && c.component() == 1) {
                        b.port(c.port()).connection(new Connection("IN", c.address().indexOf(':') >= 0 ? "IP6" : "IP4",
                                c.address()));
                        break;
                    }
                }
            } else {
                b.candidates(List.of()).endOfCandidates(false);
            }
            media.add(b.build());
        }
        Origin o = current.origin();
        Origin next = new Origin(o.username(), o.sessionId(), Long.toString(sessionVersion), o.netType(),
                o.addrType(), o.address());
        return current.toBuilder().origin(next).iceUfrag(null).icePwd(null).setup(null).fingerprints(List.of())
                .media(media).build();
    }

    /**
     * Checks a remote subsequent offer against the remote description in place ({@code current},
     * their offer or answer): the same number of m-lines with the same kind, mid, transport
     * protocol and accepted/rejected state, and the same DTLS fingerprints. Codec lists may
     * differ (an offer lists all codecs, an answer only the accepted ones); the answer we give
     * decides the payload types.
     *
     * @return true if the ICE credentials changed: an ICE restart (RFC 8839 §4.4.1.1.1)
     * @throws SdpNegotiationException naming the m-line and what changed; renegotiation beyond
     *     ICE restart (adding, removing or changing m-lines, a new DTLS certificate) is not supported
     */
    public static boolean checkReoffer(SessionDescription current, SessionDescription reoffer)
            throws SdpNegotiationException {
        if (current.media().size() != reoffer.media().size()) {
            throw new SdpNegotiationException("re-offer has " + reoffer.media().size() + " m-lines, the session has "
                    + current.media().size() + " (only ICE restart is supported, not adding or removing m-lines)");
        }
        boolean restart = false;
        for (int i = 0; i < current.media().size(); i++) {
            MediaDescription c = current.media().get(i);
            MediaDescription r = reoffer.media().get(i);
            String where = "m-line " + (i + 1);
            if (!c.kind().equals(r.kind())) {
                throw new SdpNegotiationException(where + ": kind changed from " + c.kind() + " to " + r.kind()
                        + " (only ICE restart is supported)");
            }
            if (!Objects.equals(c.mid(), r.mid())) {
                throw new SdpNegotiationException(where + ": mid changed from " + c.mid() + " to " + r.mid()
                        + " (only ICE restart is supported)");
            }
            if (!c.proto().toUpperCase(Locale.ROOT).equals(r.proto().toUpperCase(Locale.ROOT))) {
                throw new SdpNegotiationException(where + ": protocol changed from " + c.proto() + " to " + r.proto()
                        + " (only ICE restart is supported)");
            }
            if (c.isRejected() != r.isRejected()) {
                throw new SdpNegotiationException(where + (r.isRejected() ? ": removed" : ": re-enabled")
                        + " (only ICE restart is supported)");
            }
            if (c.isRejected()) {
                continue;
            }
            if (!sameFingerprints(current.fingerprintsOf(c), reoffer.fingerprintsOf(r))
                    && !reoffer.fingerprintsOf(r).isEmpty()) {
                throw new SdpNegotiationException(where + ": DTLS fingerprint changed (a new DTLS association is not supported)");
            }
            restart |= !Objects.equals(credential(current, c, true), credential(reoffer, r, true))
                    || !Objects.equals(credential(current, c, false), credential(reoffer, r, false));
        }
        return restart;
    }

    /** The ufrag (or pwd) in force for {@code m}, falling back to the BUNDLE-tagged section. */
    private static String credential(SessionDescription d, MediaDescription m, boolean ufrag) {
        String v = ufrag ? d.iceUfragOf(m) : d.icePwdOf(m);
        Group g = d.bundleGroup();
        if (v == null && g != null && !g.mids().isEmpty() && d.mediaByMid(g.mids().get(0)) != null) {
            MediaDescription owner = d.mediaByMid(g.mids().get(0));
            v = ufrag ? d.iceUfragOf(owner) : d.icePwdOf(owner);
        }
        return v;
    }

    private static boolean sameFingerprints(List<Fingerprint> a, List<Fingerprint> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Fingerprint x = a.get(i);
            Fingerprint y = b.get(i);
            if (!x.algorithm().equalsIgnoreCase(y.algorithm()) || !x.value().equalsIgnoreCase(y.value())) {
                return false;
            }
        }
        return true;
    }
}
