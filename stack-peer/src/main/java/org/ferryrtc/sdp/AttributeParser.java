package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: parses one {@code a=} line (RFC 8866 §5.13) into a session or media builder.
 * Known attributes are checked against their grammar (RFC 8839, 8122, 4145, 8285, 4585, 5576,
 * 8830, 8851, 8853, 8841); unknown ones are kept verbatim. Values that break a known grammar
 * throw {@link BadValue} with the reason.
 */
final class AttributeParser {
    private AttributeParser() {
    }

    static void session(SessionDescription.Builder s, String text) throws BadValue {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        checkName(name);
        switch (name) {
            case "group" -> {
                String[] f = Tokens.split(require(value, name));
                if (f.length == 0) {
                    throw new BadValue("group without semantics");
                }
                s.groups.add(new Group(f[0], List.of(f).subList(1, f.length)));
            }
            case "msid-semantic" -> {
                if (s.msidSemantic != null) {
                    throw new BadValue("duplicate a=msid-semantic");
                }
                s.msidSemantic = String.join(" ", Tokens.split(require(value, name)));
            }
            case "ice-lite" -> s.iceLite = true;
            case "ice-ufrag" -> s.iceUfrag = single(s.iceUfrag, token(value, name), name);
            case "ice-pwd" -> s.icePwd = single(s.icePwd, token(value, name), name);
            case "ice-options" -> s.iceOptions.addAll(List.of(nonEmpty(value, name)));
            case "fingerprint" -> s.fingerprints.add(fingerprint(value));
            case "setup" -> s.setup = single(s.setup, setup(value), name);
            case "extmap-allow-mixed" -> s.extmapAllowMixed = true;
            case "extmap" -> s.extmaps.add(extmap(value));
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                if (s.direction != null) {
                    throw new BadValue("more than one direction attribute");
                }
                s.direction = Direction.fromToken(name);
            }
            default -> s.attributes.add(new Attribute(name, value));
        }
    }

    static void media(MediaDescription.Builder m, String text) throws BadValue {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        checkName(name);
        switch (name) {
            case "mid" -> m.mid = single(m.mid, token(value, name), name);
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                if (m.direction != null) {
                    throw new BadValue("more than one direction attribute");
                }
                m.direction = Direction.fromToken(name);
            }
            case "rtcp-mux" -> m.rtcpMux = true;
            case "rtcp-rsize" -> m.rtcpRsize = true;
            case "bundle-only" -> m.bundleOnly = true;
            case "end-of-candidates" -> m.endOfCandidates = true;
            case "extmap-allow-mixed" -> m.extmapAllowMixed = true;
            case "ice-ufrag" -> m.iceUfrag = single(m.iceUfrag, token(value, name), name);
            case "ice-pwd" -> m.icePwd = single(m.icePwd, token(value, name), name);
            case "ice-options" -> m.iceOptions.addAll(List.of(nonEmpty(value, name)));
            case "fingerprint" -> m.fingerprints.add(fingerprint(value));
            case "setup" -> m.setup = single(m.setup, setup(value), name);
            case "candidate" -> m.candidates.add(Candidate.parseValue(require(value, name)));
            case "rtpmap" -> rtpmap(m, require(value, name));
            case "fmtp" -> fmtp(m, require(value, name));
            case "rtcp-fb" -> m.rtcpFbs.add(rtcpFb(require(value, name)));
            case "extmap" -> m.extmaps.add(extmap(value));
            case "msid" -> {
                String[] f = nonEmpty(value, name);
                if (f.length > 2) {
                    throw new BadValue("msid has more than two fields");
                }
                m.msids.add(new Msid(f[0], f.length > 1 ? f[1] : null));
            }
            case "ssrc" -> m.ssrcs.add(ssrc(require(value, name)));
            case "ssrc-group" -> {
                String[] f = nonEmpty(value, name);
                List<Long> ids = new ArrayList<>();
                for (int i = 1; i < f.length; i++) {
                    ids.add(Tokens.number(f[i], 0, 0xFFFFFFFFL, "ssrc"));
                }
                m.ssrcGroups.add(new SsrcGroup(f[0], ids));
            }
            case "rid" -> m.rids.add(rid(require(value, name)));
            case "simulcast" -> {
                if (m.simulcast != null) {
                    throw new BadValue("duplicate a=simulcast");
                }
                m.simulcast = simulcast(require(value, name));
            }
            case "sctp-port" -> m.sctpPort = single(m.sctpPort,
                    (int) Tokens.number(require(value, name).strip(), 0, 65535, "sctp-port"), name);
            case "max-message-size" -> m.maxMessageSize = single(m.maxMessageSize,
                    Tokens.number(require(value, name).strip(), 0, 1L << 53, "max-message-size"), name);
            default -> m.attributes.add(new Attribute(name, value));
        }
    }

    private static void checkName(String name) throws BadValue {
        if (!Tokens.isToken(name)) {
            throw new BadValue("bad attribute name");
        }
    }

    private static String require(String value, String name) throws BadValue {
        if (value == null || value.isBlank()) {
            throw new BadValue("a=" + name + " needs a value");
        }
        return value;
    }

    private static String[] nonEmpty(String value, String name) throws BadValue {
        String[] f = Tokens.split(require(value, name));
        if (f.length == 0) {
            throw new BadValue("a=" + name + " needs a value");
        }
        return f;
    }

    private static String token(String value, String name) throws BadValue {
        String v = require(value, name).strip();
        if (!Tokens.isToken(v)) {
            throw new BadValue("a=" + name + " must be one token");
        }
        return v;
    }

    private static <T> T single(T current, T value, String name) throws BadValue {
        if (current != null) {
            throw new BadValue("duplicate a=" + name);
        }
        return value;
    }

    static Fingerprint fingerprint(String value) throws BadValue {
        String[] f = nonEmpty(value, "fingerprint");
        if (f.length != 2) {
            throw new BadValue("fingerprint needs <hash-func> <fingerprint>");
        }
        return new Fingerprint(f[0], f[1]);
    }

    static Setup setup(String value) throws BadValue {
        Setup s = Setup.fromToken(require(value, "setup").strip());
        if (s == null) {
            throw new BadValue("setup must be actpass, active, passive or holdconn");
        }
        return s;
    }

    private static void rtpmap(MediaDescription.Builder m, String value) throws BadValue {
        String[] f = Tokens.split(value);
        if (f.length != 2) {
            throw new BadValue("rtpmap needs <payload type> <encoding>/<clock rate>");
        }
        int pt = Tokens.payloadType(f[0]);
        String[] e = f[1].split("/", -1);
        if (e.length < 2 || e.length > 3 || e[0].isEmpty()) {
            throw new BadValue("rtpmap encoding must be <name>/<clock rate>[/<channels>]");
        }
        int clock = (int) Tokens.number(e[1], 1, Integer.MAX_VALUE, "clock rate");
        Integer ch = e.length == 3 ? (int) Tokens.number(e[2], 1, 255, "channel count") : null;
        for (RtpMap r : m.rtpMaps) {
            if (r.payloadType() == pt) {
                throw new BadValue("duplicate rtpmap for payload type " + pt);
            }
        }
        m.rtpMaps.add(new RtpMap(pt, e[0], clock, ch));
    }

    private static void fmtp(MediaDescription.Builder m, String value) throws BadValue {
        String v = value.strip();
        int sp = 0;
        while (sp < v.length() && !Tokens.isSpace(v.charAt(sp))) {
            sp++;
        }
        int pt = Tokens.payloadType(v.substring(0, sp));
        for (Fmtp f : m.fmtps) {
            if (f.payloadType() == pt) {
                throw new BadValue("duplicate fmtp for payload type " + pt);
            }
        }
        m.fmtps.add(new Fmtp(pt, Fmtp.parseParameters(v.substring(sp))));
    }

    private static RtcpFb rtcpFb(String value) throws BadValue {
        String[] f = Tokens.split(value);
        if (f.length < 2) {
            throw new BadValue("rtcp-fb needs <payload type> <type>");
        }
        if (!f[0].equals("*")) {
            Tokens.payloadType(f[0]);
        }
        String sub = f.length > 2 ? String.join(" ", List.of(f).subList(2, f.length)) : null;
        return new RtcpFb(f[0], f[1], sub);
    }

    private static Extmap extmap(String value) throws BadValue {
        String[] f = nonEmpty(value, "extmap");
        if (f.length < 2) {
            throw new BadValue("extmap needs <id> <URI>");
        }
        String idText = f[0];
        Direction dir = null;
        int slash = idText.indexOf('/');
        if (slash >= 0) {
            dir = Direction.fromToken(idText.substring(slash + 1));
            if (dir == null) {
                throw new BadValue("bad extmap direction");
            }
            idText = idText.substring(0, slash);
        }
        int id = (int) Tokens.number(idText, 1, 4095, "extmap id");
        String attrs = f.length > 2 ? String.join(" ", List.of(f).subList(2, f.length)) : null;
        return new Extmap(id, dir, f[1], attrs);
    }

    private static SsrcAttribute ssrc(String value) throws BadValue {
        String v = value.strip();
        int sp = 0;
        while (sp < v.length() && !Tokens.isSpace(v.charAt(sp))) {
            sp++;
        }
        long id = Tokens.number(v.substring(0, sp), 0, 0xFFFFFFFFL, "ssrc");
        String rest = v.substring(sp).strip();
        if (rest.isEmpty()) {
            throw new BadValue("ssrc needs an attribute");
        }
        int colon = rest.indexOf(':');
        String attr = colon < 0 ? rest : rest.substring(0, colon);
        if (!Tokens.isToken(attr)) {
            throw new BadValue("bad ssrc attribute name");
        }
        return new SsrcAttribute(id, attr, colon < 0 ? null : rest.substring(colon + 1));
    }

    private static Rid rid(String value) throws BadValue {
        String[] f = Tokens.split(value);
        if (f.length < 2 || f.length > 3) {
            throw new BadValue("rid needs <id> <send|recv> [<restrictions>]");
        }
        boolean send;
        if (f[1].equals("send")) {
            send = true;
        } else if (f[1].equals("recv")) {
            send = false;
        } else {
            throw new BadValue("rid direction must be send or recv");
        }
        List<String> pts = new ArrayList<>();
        Map<String, String> restrictions = new LinkedHashMap<>();
        if (f.length == 3) {
            for (Map.Entry<String, String> e : Fmtp.parseParameters(f[2]).entrySet()) {
                if (e.getKey().equals("pt")) {
                    for (String p : e.getValue().split(",", -1)) {
                        Tokens.payloadType(p);
                        pts.add(p);
                    }
                } else {
                    restrictions.put(e.getKey(), e.getValue());
                }
            }
        }
        return new Rid(f[0], send, pts, restrictions);
    }

    private static Simulcast simulcast(String value) throws BadValue {
        String[] f = Tokens.split(value);
        if (f.length != 2 && f.length != 4) {
            throw new BadValue("simulcast needs send and/or recv lists");
        }
        List<List<Simulcast.Id>> send = null;
        List<List<Simulcast.Id>> recv = null;
        boolean recvFirst = f[0].equals("recv");
        for (int i = 0; i < f.length; i += 2) {
            List<List<Simulcast.Id>> list = simulcastList(f[i + 1]);
            if (f[i].equals("send") && send == null) {
                send = list;
            } else if (f[i].equals("recv") && recv == null) {
                recv = list;
            } else {
                throw new BadValue("simulcast direction must be send or recv, once each");
            }
        }
        return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv, recvFirst);
    }

    private static List<List<Simulcast.Id>> simulcastList(String s) throws BadValue {
        List<List<Simulcast.Id>> out = new ArrayList<>();
        for (String alt : s.split(";", -1)) {
            List<Simulcast.Id> ids = new ArrayList<>();
            for (String id : alt.split(",", -1)) {
                boolean paused = id.startsWith("~");
                String rid = paused ? id.substring(1) : id;
                if (rid.isEmpty()) {
                    throw new BadValue("empty rid in simulcast list");
                }
                ids.add(new Simulcast.Id(rid, paused));
            }
            out.add(ids);
        }
        return out;
    }
}
