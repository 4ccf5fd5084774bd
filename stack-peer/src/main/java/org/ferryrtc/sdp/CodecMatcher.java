package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: codec intersection for an answer (RFC 8829 §5.3.1, RFC 3264 §6.1). The offerer's
 * order and payload type numbers are kept; a codec is accepted when a capability has the same
 * name (any case), clock rate and channels and its format parameters are compatible:
 * VP9 {@code profile-id}, AV1 {@code profile}, H.264 profile and {@code packetization-mode}
 * (RFC 6184 §8.2.2; level per {@link #h264Answer}). RTX is kept only with its {@code apt}
 * codec accepted (RFC 4588 §8.6), RED only when listed and its redundant codecs are accepted.
 */
final class CodecMatcher {
    private CodecMatcher() {
    }

    static boolean isRtx(String name) {
        return name.equalsIgnoreCase("rtx");
    }

    static boolean isRedOrFec(String name) {
        return name.equalsIgnoreCase("red") || name.equalsIgnoreCase("ulpfec")
                || name.equalsIgnoreCase("flexfec-03");
    }

    /** The fmtp we answer with if {@code cap} can take {@code offered}, else null. */
    static Map<String, String> match(Codec offered, CodecCapability cap) {
        if (!offered.is(cap.name()) || offered.clockRate() != cap.clockRate()
                || offered.channels() != cap.channels()) {
            return null;
        }
        if (offered.is("H264")) {
            return h264Answer(offered.fmtp(), cap.fmtp());
        }
        if (offered.is("VP9") && !param(offered.fmtp(), "profile-id", "0").equals(param(cap.fmtp(), "profile-id", "0"))) {
            return null;
        }
        if (offered.is("AV1") && !param(offered.fmtp(), "profile", "0").equals(param(cap.fmtp(), "profile", "0"))) {
            return null;
        }
        return cap.fmtp();
    }

    private static String param(Map<String, String> fmtp, String key, String dflt) {
        String v = fmtp.get(key);
        return v == null ? dflt : v.strip();
    }

    /**
     * H.264 answer parameters (RFC 6184 §8.2.2), or null when profiles or packetization modes
     * differ. The answer keeps the offered profile; its level is ours when both sides allow
     * level asymmetry, else the lower of the two.
     */
    static Map<String, String> h264Answer(Map<String, String> offer, Map<String, String> ours) {
        if (!param(offer, "packetization-mode", "0").equals(param(ours, "packetization-mode", "0"))) {
            return null;
        }
        H264ProfileLevelId o = H264ProfileLevelId.parse(offer.get("profile-level-id"));
        H264ProfileLevelId l = H264ProfileLevelId.parse(ours.get("profile-level-id"));
        if (o == null || l == null || !o.sameProfile(l)) {
            return null;
        }
        boolean asym = param(offer, "level-asymmetry-allowed", "0").equals("1")
                && param(ours, "level-asymmetry-allowed", "0").equals("1");
        int level = asym ? l.levelOrdinal() : Math.min(o.levelOrdinal(), l.levelOrdinal());
        Map<String, String> out = new LinkedHashMap<>();
        if (param(ours, "level-asymmetry-allowed", "0").equals("1")) {
            out.put("level-asymmetry-allowed", "1");
        }
        out.put("packetization-mode", param(ours, "packetization-mode", "0"));
        out.put("profile-level-id", o.withLevelOrdinal(level).hex());
        return out;
    }

    /** The answer's codecs for one offered RTP section, in offer order. */
    static List<Codec> negotiate(MediaDescription offered, List<CodecCapability> caps, boolean rtx) {
        List<Codec> offeredCodecs = offered.codecs();
        Map<Integer, Codec> accepted = new LinkedHashMap<>();
        for (Codec c : offeredCodecs) {
            if (isRtx(c.name()) || isRedOrFec(c.name())) {
                continue;
            }
            for (CodecCapability cap : caps) {
                if (isRtx(cap.name()) || isRedOrFec(cap.name())) {
                    continue;
                }
                Map<String, String> fmtp = match(c, cap);
                if (fmtp != null) {
                    accepted.put(c.payloadType(), new Codec(c.payloadType(), c.name(), c.clockRate(),
                            c.channels(), fmtp, feedback(c, cap)));
                    break;
                }
            }
        }
        Set<Integer> primaries = new LinkedHashSet<>(accepted.keySet());
        for (Codec c : offeredCodecs) {
            if (isRedOrFec(c.name()) && listed(caps, c) && redundantAccepted(c, primaries)) {
                accepted.put(c.payloadType(), new Codec(c.payloadType(), c.name(), c.clockRate(),
                        c.channels(), c.fmtp(), List.of()));
            }
        }
        List<Codec> out = new ArrayList<>();
        for (Codec c : offeredCodecs) {
            Codec a = accepted.get(c.payloadType());
            if (a != null) {
                out.add(a);
            } else if (rtx && isRtx(c.name())) {
                Integer apt = apt(c);
                if (apt != null && accepted.containsKey(apt)) {
                    Map<String, String> fmtp = new LinkedHashMap<>();
                    fmtp.put("apt", Integer.toString(apt));
                    String rtxTime = c.fmtp().get("rtx-time");
                    if (rtxTime != null) {
                        fmtp.put("rtx-time", rtxTime);
                    }
                    out.add(new Codec(c.payloadType(), c.name(), c.clockRate(), c.channels(), fmtp, List.of()));
                }
            }
        }
        if (primaries.isEmpty()) {
            return List.of();
        }
        return out;
    }

    /** The {@code apt} of an RTX codec, or null when absent or not a payload type. */
    static Integer apt(Codec rtx) {
        String a = rtx.fmtp().get("apt");
        if (a == null) {
            return null;
        }
        try {
            return Tokens.payloadType(a.strip());
        } catch (BadValue e) {
            return null;
        }
    }

    private static boolean listed(List<CodecCapability> caps, Codec c) {
        for (CodecCapability cap : caps) {
            if (c.is(cap.name()) && c.clockRate() == cap.clockRate()) {
                return true;
            }
        }
        return false;
    }

    /** Audio RED names its redundant codecs in fmtp ({@code 111/111}); all must be accepted. */
    private static boolean redundantAccepted(Codec red, Set<Integer> primaries) {
        for (String key : red.fmtp().keySet()) {
            for (String pt : key.split("/", -1)) {
                try {
                    if (!primaries.contains(Tokens.payloadType(pt.strip()))) {
                        return false;
                    }
                } catch (BadValue e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<RtcpFb> feedback(Codec offered, CodecCapability cap) {
        List<RtcpFb> out = new ArrayList<>();
        String pt = Integer.toString(offered.payloadType());
        for (RtcpFb fb : offered.feedback()) {
            boolean supported = false;
            for (RtcpFb mine : cap.feedback()) {
                supported |= mine.sameFeedback(fb);
            }
            RtcpFb f = fb.withPayloadType(pt);
            if (supported && !out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }
}
