package org.ferryrtc.sdp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: {@link SessionDescription} to SDP text, CRLF line endings, in the order of
 * RFC 8866 §5 ({@code v o s i u e p c b t r z k a}, then per media {@code m i c b k a}).
 * Attributes follow the order JSEP implementations write (RFC 8829 §5.2.1): transport
 * (candidates, ICE, DTLS), mid, extmap, direction, msid, rtcp-mux/rsize, codecs, ssrc, rid,
 * simulcast, SCTP, then unknown attributes as kept.
 */
final class SdpWriter {
    private static final String CRLF = "\r\n";

    private final StringBuilder sb = new StringBuilder(4096);

    private SdpWriter() {
    }

    static String write(SessionDescription s) {
        SdpWriter w = new SdpWriter();
        w.session(s);
        for (MediaDescription m : s.media()) {
            w.media(m);
        }
        return w.sb.toString();
    }

    private void line(char type, String value) {
        sb.append(type).append('=').append(value).append(CRLF);
    }

    private void attr(String name) {
        sb.append("a=").append(name).append(CRLF);
    }

    private void attr(String name, String value) {
        sb.append("a=").append(name).append(':').append(value).append(CRLF);
    }

    private void session(SessionDescription s) {
        line('v', Integer.toString(s.version()));
        Origin o = s.origin();
        line('o', o.username() + " " + o.sessionId() + " " + o.sessionVersion() + " "
                + o.netType() + " " + o.addrType() + " " + o.address());
        line('s', s.sessionName());
        if (s.information() != null) {
            line('i', s.information());
        }
        if (s.uri() != null) {
            line('u', s.uri());
        }
        s.emails().forEach(e -> line('e', e));
        s.phones().forEach(p -> line('p', p));
        if (s.connection() != null) {
            connection(s.connection());
        }
        s.bandwidths().forEach(b -> line('b', b.type() + ":" + b.value()));
        for (Timing t : s.timings()) {
            line('t', t.start() + " " + t.stop());
            t.repeats().forEach(r -> line('r', r));
        }
        if (s.zone() != null) {
            line('z', s.zone());
        }
        if (s.key() != null) {
            line('k', s.key());
        }
        for (Group g : s.groups()) {
            attr("group", g.mids().isEmpty() ? g.semantics()
                    : g.semantics() + " " + String.join(" ", g.mids()));
        }
        if (s.extmapAllowMixed()) {
            attr("extmap-allow-mixed");
        }
        if (s.msidSemantic() != null) {
            attr("msid-semantic", " " + s.msidSemantic());
        }
        if (s.iceLite()) {
            attr("ice-lite");
        }
        transport(s.iceUfrag(), s.icePwd(), s.iceOptions(), s.fingerprints(), s.setup());
        if (s.direction() != null) {
            attr(s.direction().token());
        }
        s.extmaps().forEach(this::extmap);
        s.attributes().forEach(a -> attr(a.text()));
    }

    private void connection(Connection c) {
        line('c', c.netType() + " " + c.addrType() + " " + c.address());
    }

    private void transport(String ufrag, String pwd, List<String> options,
            List<Fingerprint> fingerprints, Setup setup) {
        if (ufrag != null) {
            attr("ice-ufrag", ufrag);
        }
        if (pwd != null) {
            attr("ice-pwd", pwd);
        }
        if (!options.isEmpty()) {
            attr("ice-options", String.join(" ", options));
        }
        for (Fingerprint f : fingerprints) {
            attr("fingerprint", f.algorithm() + " " + f.value());
        }
        if (setup != null) {
            attr("setup", setup.token());
        }
    }

    private void extmap(Extmap e) {
        StringBuilder v = new StringBuilder().append(e.id());
        if (e.direction() != null) {
            v.append('/').append(e.direction().token());
        }
        v.append(' ').append(e.uri());
        if (e.attributes() != null) {
            v.append(' ').append(e.attributes());
        }
        attr("extmap", v.toString());
    }

    private void media(MediaDescription m) {
        StringBuilder ml = new StringBuilder().append(m.kind()).append(' ').append(m.port());
        if (m.portCount() != null) {
            ml.append('/').append(m.portCount());
        }
        ml.append(' ').append(m.proto());
        m.formats().forEach(f -> ml.append(' ').append(f));
        line('m', ml.toString());
        if (m.information() != null) {
            line('i', m.information());
        }
        m.connections().forEach(this::connection);
        m.bandwidths().forEach(b -> line('b', b.type() + ":" + b.value()));
        if (m.key() != null) {
            line('k', m.key());
        }
        if (m.bundleOnly()) {
            attr("bundle-only");
        }
        m.candidates().forEach(c -> attr(c.text()));
        if (m.endOfCandidates()) {
            attr("end-of-candidates");
        }
        transport(m.iceUfrag(), m.icePwd(), m.iceOptions(), m.fingerprints(), m.setup());
        if (m.mid() != null) {
            attr("mid", m.mid());
        }
        m.extmaps().forEach(this::extmap);
        if (m.extmapAllowMixed()) {
            attr("extmap-allow-mixed");
        }
        if (m.direction() != null) {
            attr(m.direction().token());
        }
        m.msids().forEach(x -> attr("msid", x.text()));
        if (m.rtcpMux()) {
            attr("rtcp-mux");
        }
        if (m.rtcpRsize()) {
            attr("rtcp-rsize");
        }
        codecs(m);
        for (SsrcGroup g : m.ssrcGroups()) {
            StringBuilder v = new StringBuilder(g.semantics());
            g.ssrcs().forEach(id -> v.append(' ').append(id));
            attr("ssrc-group", v.toString());
        }
        for (SsrcAttribute a : m.ssrcs()) {
            attr("ssrc", a.ssrc() + " " + a.attribute() + (a.value() == null ? "" : ":" + a.value()));
        }
        m.rids().forEach(r -> attr("rid", rid(r)));
        if (m.simulcast() != null) {
            attr("simulcast", simulcast(m.simulcast()));
        }
        if (m.sctpPort() != null) {
            attr("sctp-port", Integer.toString(m.sctpPort()));
        }
        if (m.maxMessageSize() != null) {
            attr("max-message-size", Long.toString(m.maxMessageSize()));
        }
        m.attributes().forEach(a -> attr(a.text()));
    }

    /**
     * Writes rtpmap, rtcp-fb and fmtp grouped per payload type in m-line order when that keeps
     * each list's order (so parsing gives the same lists back); otherwise one block per kind.
     */
    private void codecs(MediaDescription m) {
        Map<String, Integer> pos = new HashMap<>();
        m.formats().forEach(f -> pos.putIfAbsent(f, pos.size()));
        int[] rtpmapPos = new int[m.rtpMaps().size()];
        int[] fbPos = new int[m.rtcpFbs().size()];
        int[] fmtpPos = new int[m.fmtps().size()];
        for (int i = 0; i < rtpmapPos.length; i++) {
            rtpmapPos[i] = position(pos, Integer.toString(m.rtpMaps().get(i).payloadType()));
        }
        for (int i = 0; i < fmtpPos.length; i++) {
            fmtpPos[i] = position(pos, Integer.toString(m.fmtps().get(i).payloadType()));
        }
        for (int i = 0; i < fbPos.length; i++) {
            fbPos[i] = position(pos, m.rtcpFbs().get(i).payloadType());
        }
        if (!sorted(rtpmapPos) || !sorted(fbPos) || !sorted(fmtpPos)) {
            m.rtpMaps().forEach(this::rtpmap);
            m.rtcpFbs().forEach(this::rtcpFb);
            m.fmtps().forEach(this::fmtp);
            return;
        }
        int r = 0;
        int b = 0;
        int f = 0;
        for (int p = 0; p < pos.size(); p++) {
            for (; r < rtpmapPos.length && rtpmapPos[r] == p; r++) {
                rtpmap(m.rtpMaps().get(r));
            }
            for (; b < fbPos.length && fbPos[b] == p; b++) {
                rtcpFb(m.rtcpFbs().get(b));
            }
            for (; f < fmtpPos.length && fmtpPos[f] == p; f++) {
                fmtp(m.fmtps().get(f));
            }
        }
    }

    private static int position(Map<String, Integer> pos, String pt) {
        Integer p = pos.get(pt);
        if (p == null) {
            p = pos.size();
            pos.put(pt, p);
        }
        return p;
    }

    private static boolean sorted(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private void rtpmap(RtpMap r) {
        attr("rtpmap", r.payloadType() + " " + r.encoding() + "/" + r.clockRate()
                + (r.channels() == null ? "" : "/" + r.channels()));
    }

    private void rtcpFb(RtcpFb f) {
        attr("rtcp-fb", f.payloadType() + " " + f.type() + (f.subtype() == null ? "" : " " + f.subtype()));
    }

    private void fmtp(Fmtp f) {
        String p = f.text();
        attr("fmtp", p.isEmpty() ? Integer.toString(f.payloadType()) : f.payloadType() + " " + p);
    }

    private static String rid(Rid r) {
        StringBuilder v = new StringBuilder(r.id()).append(r.send() ? " send" : " recv");
        StringBuilder params = new StringBuilder();
        if (!r.payloadTypes().isEmpty()) {
            params.append("pt=").append(String.join(",", r.payloadTypes()));
        }
        for (Map.Entry<String, String> e : r.restrictions().entrySet()) {
            if (params.length() > 0) {
                params.append(';');
            }
            params.append(e.getKey());
            if (!e.getValue().isEmpty()) {
                params.append('=').append(e.getValue());
            }
        }
        if (params.length() > 0) {
            v.append(' ').append(params);
        }
        return v.toString();
    }

    private static String simulcast(Simulcast s) {
        String send = s.send().isEmpty() ? null : "send " + simulcastList(s.send());
        String recv = s.recv().isEmpty() ? null : "recv " + simulcastList(s.recv());
        if (send == null) {
            return recv;
        }
        if (recv == null) {
            return send;
        }
        return s.recvFirst() ? recv + " " + send : send + " " + recv;
    }

    private static String simulcastList(List<List<Simulcast.Id>> list) {
        StringBuilder sb = new StringBuilder();
        for (List<Simulcast.Id> alt : list) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            for (int i = 0; i < alt.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(alt.get(i).paused() ? "~" : "").append(alt.get(i).rid());
            }
        }
        return sb.toString();
    }
}
