package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One media section (RFC 8866 §5.14) with the WebRTC attributes of JSEP (RFC 8829 §5.2.1)
 * parsed: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}, then {@code i= c= b=
 * k=} and the attributes. Immutable; build or modify one with {@link #builder} /
 * {@link #toBuilder()}.
 *
 * <p>Nullable components (null = attribute absent): {@code portCount}, {@code information},
 * {@code key}, {@code mid}, {@code direction}, {@code iceUfrag}, {@code icePwd}, {@code setup},
 * {@code simulcast}, {@code sctpPort}, {@code maxMessageSize}. Lists are never null. Codec
 * attributes ({@code rtpmap}, {@code fmtp}, {@code rtcp-fb}) are kept as written, including
 * those for payload types not on the m-line; {@link #codecs()} attaches only the listed ones.
 * Attributes FerryRTC does not interpret are kept verbatim in {@code attributes}.
 */
public record MediaDescription(String kind, int port, Integer portCount, String proto,
        List<String> formats, String information, List<Connection> connections,
        List<Bandwidth> bandwidths, String key, String mid, Direction direction, boolean rtcpMux,
        boolean rtcpRsize, boolean bundleOnly, String iceUfrag, String icePwd,
        List<String> iceOptions, List<Fingerprint> fingerprints, Setup setup,
        List<Candidate> candidates, boolean endOfCandidates, List<RtpMap> rtpMaps,
        List<Fmtp> fmtps, List<RtcpFb> rtcpFbs, List<Extmap> extmaps, boolean extmapAllowMixed,
        List<Msid> msids, List<SsrcAttribute> ssrcs, List<SsrcGroup> ssrcGroups, List<Rid> rids,
        Simulcast simulcast, Integer sctpPort, Long maxMessageSize, List<Attribute> attributes) {

    /** The SCTP port when {@code a=sctp-port} is absent (RFC 8841 §5). */
    public static final int DEFAULT_SCTP_PORT = 5000;
    /** The message size limit when {@code a=max-message-size} is absent (RFC 8841 §6.1). */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 65536;

    public MediaDescription {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(proto);
        formats = List.copyOf(formats);
        connections = List.copyOf(connections);
        bandwidths = List.copyOf(bandwidths);
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
        rtpMaps = List.copyOf(rtpMaps);
        fmtps = List.copyOf(fmtps);
        rtcpFbs = List.copyOf(rtcpFbs);
        extmaps = List.copyOf(extmaps);
        msids = List.copyOf(msids);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
        attributes = List.copyOf(attributes);
    }

    /** A builder for an m-line of {@code kind} on {@code port} with {@code proto}. */
    public static Builder builder(String kind, int port, String proto) {
        Builder b = new Builder();
        b.kind = kind;
        b.port = port;
        b.proto = proto;
        return b;
    }

    /** A builder holding every component of this section. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * True if the section is rejected: port 0 without {@code a=bundle-only} (RFC 8843 §6; a
     * bundle-only section on port 0 is accepted).
     */
    public boolean isRejected() {
        return port == 0 && !bundleOnly;
    }

    /** True for an RTP profile ({@code RTP/AVP}, {@code UDP/TLS/RTP/SAVPF}, ...). */
    public boolean isRtp() {
        return proto.toUpperCase(java.util.Locale.ROOT).contains("RTP/");
    }

    /** True for a DataChannel section ({@code UDP/DTLS/SCTP webrtc-datachannel}, RFC 8841). */
    public boolean isDataChannel() {
        return proto.toUpperCase(java.util.Locale.ROOT).endsWith("DTLS/SCTP")
                && formats.contains("webrtc-datachannel");
    }

    /** {@code a=sctp-port}, or 5000 when absent (RFC 8841 §5). */
    public int effectiveSctpPort() {
        return sctpPort == null ? DEFAULT_SCTP_PORT : sctpPort;
    }

    /** {@code a=max-message-size}, or 65536 when absent (RFC 8841 §6.1); 0 means no limit. */
    public long effectiveMaxMessageSize() {
        return maxMessageSize == null ? DEFAULT_MAX_MESSAGE_SIZE : maxMessageSize;
    }

    /** The candidates whose transport is UDP. */
    public List<Candidate> udpCandidates() {
        return candidates.stream().filter(Candidate::isUdp).toList();
    }

    /** The first {@code a=msid}, or null. */
    public Msid msid() {
        return msids.isEmpty() ? null : msids.get(0);
    }

    /** The {@code rtpmap} for {@code pt}, or null. */
    public RtpMap rtpMap(int pt) {
        for (RtpMap r : rtpMaps) {
            if (r.payloadType() == pt) {
                return r;
            }
        }
        return null;
    }

    /** The {@code fmtp} for {@code pt}, or null. */
    public Fmtp fmtp(int pt) {
        for (Fmtp f : fmtps) {
            if (f.payloadType() == pt) {
                return f;
            }
        }
        return null;
    }

    /**
     * The payload formats on the m-line, in m-line order (repeats dropped), with their rtpmap, fmtp and rtcp-fb
     * (wildcard feedback included). Formats that are not numbers, and dynamic ones without an
     * rtpmap, are skipped; static ones without rtpmap get their RFC 3551 name.
     */
    public List<Codec> codecs() {
        List<Codec> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String f : formats) {
            if (!seen.add(f)) {
                continue;
            }
            int pt;
            try {
                pt = Tokens.payloadType(f);
            } catch (BadValue e) {
                continue;
            }
            Codec c = codec(pt);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The codec for payload type {@code pt} if it is on the m-line, else null. */
    public Codec codec(int pt) {
        if (!formats.contains(Integer.toString(pt))) {
            return null;
        }
        RtpMap r = rtpMap(pt);
        if (r == null) {
            r = StaticPayloadTypes.rtpMap(pt);
            if (r == null) {
                return null;
            }
        }
        Fmtp f = fmtp(pt);
        List<RtcpFb> fb = new ArrayList<>();
        String pts = Integer.toString(pt);
        for (RtcpFb x : rtcpFbs) {
            if (x.isWildcard() || x.payloadType().equals(pts)) {
                fb.add(x);
            }
        }
        return new Codec(pt, r.encoding(), r.clockRate(), r.channelCount(),
                f == null ? java.util.Map.of() : f.parameters(), fb);
    }

    /** Mutable twin of {@link MediaDescription}; {@link #build()} snapshots it. */
    public static final class Builder {
        String kind;
        int port;
        Integer portCount;
        String proto;
        List<String> formats = new ArrayList<>();
        String information;
        List<Connection> connections = new ArrayList<>();
        List<Bandwidth> bandwidths = new ArrayList<>();
        String key;
        String mid;
        Direction direction;
        boolean rtcpMux;
        boolean rtcpRsize;
        boolean bundleOnly;
        String iceUfrag;
        String icePwd;
        List<String> iceOptions = new ArrayList<>();
        List<Fingerprint> fingerprints = new ArrayList<>();
        Setup setup;
        List<Candidate> candidates = new ArrayList<>();
        boolean endOfCandidates;
        List<RtpMap> rtpMaps = new ArrayList<>();
        List<Fmtp> fmtps = new ArrayList<>();
        List<RtcpFb> rtcpFbs = new ArrayList<>();
        List<Extmap> extmaps = new ArrayList<>();
        boolean extmapAllowMixed;
        List<Msid> msids = new ArrayList<>();
        List<SsrcAttribute> ssrcs = new ArrayList<>();
        List<SsrcGroup> ssrcGroups = new ArrayList<>();
        List<Rid> rids = new ArrayList<>();
        Simulcast simulcast;
        Integer sctpPort;
        Long maxMessageSize;
        List<Attribute> attributes = new ArrayList<>();

        Builder() {
        }

        Builder(MediaDescription m) {
            kind = m.kind;
            port = m.port;
            portCount = m.portCount;
            proto = m.proto;
            formats = new ArrayList<>(m.formats);
            information = m.information;
            connections = new ArrayList<>(m.connections);
            bandwidths = new ArrayList<>(m.bandwidths);
            key = m.key;
            mid = m.mid;
            direction = m.direction;
            rtcpMux = m.rtcpMux;
            rtcpRsize = m.rtcpRsize;
            bundleOnly = m.bundleOnly;
            iceUfrag = m.iceUfrag;
            icePwd = m.icePwd;
            iceOptions = new ArrayList<>(m.iceOptions);
            fingerprints = new ArrayList<>(m.fingerprints);
            setup = m.setup;
            candidates = new ArrayList<>(m.candidates);
            endOfCandidates = m.endOfCandidates;
            rtpMaps = new ArrayList<>(m.rtpMaps);
            fmtps = new ArrayList<>(m.fmtps);
            rtcpFbs = new ArrayList<>(m.rtcpFbs);
            extmaps = new ArrayList<>(m.extmaps);
            extmapAllowMixed = m.extmapAllowMixed;
            msids = new ArrayList<>(m.msids);
            ssrcs = new ArrayList<>(m.ssrcs);
            ssrcGroups = new ArrayList<>(m.ssrcGroups);
            rids = new ArrayList<>(m.rids);
            simulcast = m.simulcast;
            sctpPort = m.sctpPort;
            maxMessageSize = m.maxMessageSize;
            attributes = new ArrayList<>(m.attributes);
        }

        public Builder kind(String v) { kind = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder portCount(Integer v) { portCount = v; return this; }
        public Builder proto(String v) { proto = v; return this; }
        public Builder information(String v) { information = v; return this; }
        public Builder connections(List<Connection> v) { connections = new ArrayList<>(v); return this; }
        public Builder bandwidths(List<Bandwidth> v) { bandwidths = new ArrayList<>(v); return this; }
        public Builder key(String v) { key = v; return this; }
        public Builder rtpMaps(List<RtpMap> v) { rtpMaps = new ArrayList<>(v); return this; }
        public Builder fmtps(List<Fmtp> v) { fmtps = new ArrayList<>(v); return this; }
        public Builder rtcpFbs(List<RtcpFb> v) { rtcpFbs = new ArrayList<>(v); return this; }
        public Builder extmaps(List<Extmap> v) { extmaps = new ArrayList<>(v); return this; }
        public Builder msids(List<Msid> v) { msids = new ArrayList<>(v); return this; }
        public Builder ssrcs(List<SsrcAttribute> v) { ssrcs = new ArrayList<>(v); return this; }
        public Builder ssrcGroups(List<SsrcGroup> v) { ssrcGroups = new ArrayList<>(v); return this; }
        public Builder rids(List<Rid> v) { rids = new ArrayList<>(v); return this; }
        public Builder attributes(List<Attribute> v) { attributes = new ArrayList<>(v); return this; }
        public Builder addCandidate(Candidate v) { candidates.add(v); return this; }
        public Builder formats(List<String> v) { formats = new ArrayList<>(v); return this; }
        public Builder connection(Connection v) { connections = new ArrayList<>(List.of(v)); return this; }
        public Builder mid(String v) { mid = v; return this; }
        public Builder direction(Direction v) { direction = v; return this; }
        public Builder rtcpMux(boolean v) { rtcpMux = v; return this; }
        public Builder rtcpRsize(boolean v) { rtcpRsize = v; return this; }
        public Builder bundleOnly(boolean v) { bundleOnly = v; return this; }
        public Builder iceUfrag(String v) { iceUfrag = v; return this; }
        public Builder icePwd(String v) { icePwd = v; return this; }
        public Builder iceOptions(List<String> v) { iceOptions = new ArrayList<>(v); return this; }
        public Builder fingerprints(List<Fingerprint> v) { fingerprints = new ArrayList<>(v); return this; }
        public Builder setup(Setup v) { setup = v; return this; }
        public Builder candidates(List<Candidate> v) { candidates = new ArrayList<>(v); return this; }
        public Builder endOfCandidates(boolean v) { endOfCandidates = v; return this; }
        public Builder addRtpMap(RtpMap v) { rtpMaps.add(v); return this; }
        public Builder addFmtp(Fmtp v) { fmtps.add(v); return this; }
        public Builder addRtcpFb(RtcpFb v) { rtcpFbs.add(v); return this; }
        public Builder addExtmap(Extmap v) { extmaps.add(v); return this; }
        public Builder extmapAllowMixed(boolean v) { extmapAllowMixed = v; return this; }
        public Builder addMsid(Msid v) { msids.add(v); return this; }
        public Builder addSsrc(SsrcAttribute v) { ssrcs.add(v); return this; }
        public Builder addSsrcGroup(SsrcGroup v) { ssrcGroups.add(v); return this; }
        public Builder addRid(Rid v) { rids.add(v); return this; }
        public Builder simulcast(Simulcast v) { simulcast = v; return this; }
        public Builder sctpPort(Integer v) { sctpPort = v; return this; }
        public Builder maxMessageSize(Long v) { maxMessageSize = v; return this; }
        public Builder addAttribute(Attribute v) { attributes.add(v); return this; }

        /** An immutable snapshot. */
        public MediaDescription build() {
            return new MediaDescription(kind, port, portCount, proto, formats, information,
                    connections, bandwidths, key, mid, direction, rtcpMux, rtcpRsize, bundleOnly,
                    iceUfrag, icePwd, iceOptions, fingerprints, setup, candidates, endOfCandidates,
                    rtpMaps, fmtps, rtcpFbs, extmaps, extmapAllowMixed, msids, ssrcs, ssrcGroups,
                    rids, simulcast, sctpPort, maxMessageSize, attributes);
        }
    }
}
