package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed session description (RFC 8866 §5): the session-level lines, the session-level
 * attributes WebRTC uses (RFC 8829 §5.2.1) and the media sections. Immutable; parse one with
 * {@link #parse}, write it with {@link #write()} (CRLF, canonical order), build or modify one
 * with {@link #builder} / {@link #toBuilder()}. {@code parse(write(x))} equals {@code x}.
 *
 * <p>Nullable components (null = absent): {@code information}, {@code uri}, {@code connection},
 * {@code zone}, {@code key}, {@code msidSemantic} (the text after {@code a=msid-semantic:},
 * trimmed), {@code iceUfrag}, {@code icePwd}, {@code setup}, {@code direction}. A description
 * without {@code t=} is given {@code t=0 0}.
 *
 * <p>Session-level ICE credentials, fingerprints, setup and direction apply to every media
 * section that does not have its own; {@link #iceUfragOf}, {@link #fingerprintsOf} and friends
 * resolve that.
 */
public record SessionDescription(int version, Origin origin, String sessionName,
        String information, String uri, List<String> emails, List<String> phones,
        Connection connection, List<Bandwidth> bandwidths, List<Timing> timings, String zone,
        String key, List<Group> groups, String msidSemantic, List<String> iceOptions,
        boolean iceLite, String iceUfrag, String icePwd, List<Fingerprint> fingerprints,
        Setup setup, boolean extmapAllowMixed, Direction direction, List<Extmap> extmaps,
        List<Attribute> attributes, List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(sessionName);
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        bandwidths = List.copyOf(bandwidths);
        timings = List.copyOf(timings);
        groups = List.copyOf(groups);
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        extmaps = List.copyOf(extmaps);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /**
     * Parses SDP text. Liberal about what real peers write (DESIGN §6): LF or CRLF, trailing
     * whitespace, blank lines, attributes in any order, unknown attributes (kept verbatim).
     *
     * @throws SdpParseException naming the 1-based line and the reason; nothing else is thrown
     *     for any input text
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(Objects.requireNonNull(sdp));
    }

    /** Writes this description as SDP text with CRLF line endings (RFC 8866 §5 order). */
    public String write() {
        return SdpWriter.write(this);
    }

    /** A builder for a description with the given origin and {@code s=-}, {@code t=0 0}. */
    public static Builder builder(Origin origin) {
        Builder b = new Builder();
        b.origin = origin;
        return b;
    }

    /** A builder holding every component of this description. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The first {@code a=group:BUNDLE}, or null. */
    public Group bundleGroup() {
        for (Group g : groups) {
            if (g.isBundle()) {
                return g;
            }
        }
        return null;
    }

    /** The media section with {@code a=mid:mid}, or null. */
    public MediaDescription mediaByMid(String mid) {
        for (MediaDescription m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }

    /** The ICE ufrag that applies to {@code m} (media level first, then session level). */
    public String iceUfragOf(MediaDescription m) {
        return m.iceUfrag() != null ? m.iceUfrag() : iceUfrag;
    }

    /** The ICE password that applies to {@code m}. */
    public String icePwdOf(MediaDescription m) {
        return m.icePwd() != null ? m.icePwd() : icePwd;
    }

    /** The ICE options that apply to {@code m}. */
    public List<String> iceOptionsOf(MediaDescription m) {
        return m.iceOptions().isEmpty() ? iceOptions : m.iceOptions();
    }

    /** The fingerprints that apply to {@code m}. */
    public List<Fingerprint> fingerprintsOf(MediaDescription m) {
        return m.fingerprints().isEmpty() ? fingerprints : m.fingerprints();
    }

    /** The setup role that applies to {@code m}, or null when neither level has one. */
    public Setup setupOf(MediaDescription m) {
        return m.setup() != null ? m.setup() : setup;
    }

    /** The direction that applies to {@code m}; sendrecv when neither level has one. */
    public Direction directionOf(MediaDescription m) {
        if (m.direction() != null) {
            return m.direction();
        }
        return direction != null ? direction : Direction.SENDRECV;
    }

    /** Mutable twin of {@link SessionDescription}; {@link #build()} snapshots it. */
    public static final class Builder {
        int version;
        Origin origin;
        String sessionName = "-";
        String information;
        String uri;
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        Connection connection;
        List<Bandwidth> bandwidths = new ArrayList<>();
        List<Timing> timings = new ArrayList<>();
        String zone;
        String key;
        List<Group> groups = new ArrayList<>();
        String msidSemantic;
        List<String> iceOptions = new ArrayList<>();
        boolean iceLite;
        String iceUfrag;
        String icePwd;
        List<Fingerprint> fingerprints = new ArrayList<>();
        Setup setup;
        boolean extmapAllowMixed;
        Direction direction;
        List<Extmap> extmaps = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();

        Builder() {
        }

        Builder(SessionDescription s) {
            version = s.version;
            origin = s.origin;
            sessionName = s.sessionName;
            information = s.information;
            uri = s.uri;
            emails = new ArrayList<>(s.emails);
            phones = new ArrayList<>(s.phones);
            connection = s.connection;
            bandwidths = new ArrayList<>(s.bandwidths);
            timings = new ArrayList<>(s.timings);
            zone = s.zone;
            key = s.key;
            groups = new ArrayList<>(s.groups);
            msidSemantic = s.msidSemantic;
            iceOptions = new ArrayList<>(s.iceOptions);
            iceLite = s.iceLite;
            iceUfrag = s.iceUfrag;
            icePwd = s.icePwd;
            fingerprints = new ArrayList<>(s.fingerprints);
            setup = s.setup;
            extmapAllowMixed = s.extmapAllowMixed;
            direction = s.direction;
            extmaps = new ArrayList<>(s.extmaps);
            attributes = new ArrayList<>(s.attributes);
            media = new ArrayList<>(s.media);
        }

        public Builder origin(Origin v) { origin = v; return this; }
        public Builder sessionName(String v) { sessionName = v; return this; }
        public Builder information(String v) { information = v; return this; }
        public Builder bandwidths(List<Bandwidth> v) { bandwidths = new ArrayList<>(v); return this; }
        public Builder timings(List<Timing> v) { timings = new ArrayList<>(v); return this; }
        public Builder extmaps(List<Extmap> v) { extmaps = new ArrayList<>(v); return this; }
        public Builder attributes(List<Attribute> v) { attributes = new ArrayList<>(v); return this; }
        public Builder connection(Connection v) { connection = v; return this; }
        public Builder addGroup(Group v) { groups.add(v); return this; }
        public Builder groups(List<Group> v) { groups = new ArrayList<>(v); return this; }
        public Builder msidSemantic(String v) { msidSemantic = v; return this; }
        public Builder iceOptions(List<String> v) { iceOptions = new ArrayList<>(v); return this; }
        public Builder iceLite(boolean v) { iceLite = v; return this; }
        public Builder iceUfrag(String v) { iceUfrag = v; return this; }
        public Builder icePwd(String v) { icePwd = v; return this; }
        public Builder fingerprints(List<Fingerprint> v) { fingerprints = new ArrayList<>(v); return this; }
        public Builder setup(Setup v) { setup = v; return this; }
        public Builder extmapAllowMixed(boolean v) { extmapAllowMixed = v; return this; }
        public Builder direction(Direction v) { direction = v; return this; }
        public Builder addAttribute(Attribute v) { attributes.add(v); return this; }
        public Builder addMedia(MediaDescription v) { media.add(v); return this; }
        public Builder media(List<MediaDescription> v) { media = new ArrayList<>(v); return this; }

        /** An immutable snapshot ({@code t=0 0} added when no timing was given). */
        public SessionDescription build() {
            List<Timing> t = timings.isEmpty() ? List.of(Timing.unbounded()) : timings;
            return new SessionDescription(version, origin, sessionName, information, uri, emails,
                    phones, connection, bandwidths, t, zone, key, groups, msidSemantic, iceOptions,
                    iceLite, iceUfrag, icePwd, fingerprints, setup, extmapAllowMixed, direction,
                    extmaps, attributes, media);
        }
    }
}
