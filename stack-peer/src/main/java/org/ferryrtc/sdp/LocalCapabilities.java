package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What we can do, as input to {@link OfferAnswer}: codecs and header extensions per kind, the
 * direction we want per kind (null: we do not do that kind, its m-lines are rejected), ICE
 * credentials and options (RFC 8839 §5.4), DTLS fingerprints and the role we take when the
 * offerer says {@code actpass} (RFC 8842 §5.3), optional candidates, SCTP support (RFC 8841)
 * and the streams we send. {@code sessionId}/{@code sessionVersion} go into {@code o=}.
 */
public record LocalCapabilities(List<CodecCapability> audioCodecs, List<CodecCapability> videoCodecs,
        boolean rtx, List<String> audioExtensions, List<String> videoExtensions,
        Direction audioDirection, Direction videoDirection, String iceUfrag, String icePwd,
        List<String> iceOptions, List<Fingerprint> fingerprints, Setup answerSetup,
        List<Candidate> candidates, boolean endOfCandidates, boolean sctp, int sctpPort,
        long maxMessageSize, List<LocalStream> streams, String sessionId, long sessionVersion) {

    /** RFC 8285 URIs. */
    public static final String EXT_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String EXT_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String EXT_ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String EXT_TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String EXT_RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String EXT_REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public LocalCapabilities {
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
        audioExtensions = List.copyOf(audioExtensions);
        videoExtensions = List.copyOf(videoExtensions);
        if (!iceChars(iceUfrag, 4) || !iceChars(icePwd, 22)) {
            throw new IllegalArgumentException("ICE ufrag needs 4-256 and pwd 22-256 ice-chars (RFC 8839 §5.4)");
        }
        iceOptions = List.copyOf(iceOptions);
        fingerprints = List.copyOf(fingerprints);
        if (answerSetup != Setup.ACTIVE && answerSetup != Setup.PASSIVE) {
            throw new IllegalArgumentException("answerSetup must be ACTIVE or PASSIVE");
        }
        candidates = List.copyOf(candidates);
        if (sctpPort < 0 || sctpPort > 65535 || maxMessageSize < 0) {
            throw new IllegalArgumentException("bad SCTP port or message size");
        }
        streams = List.copyOf(streams);
        Objects.requireNonNull(sessionId);
    }

    /** ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1), {@code min}..256 of them. */
    static boolean iceChars(String s, int min) {
        if (s == null || s.length() < min || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A builder with WebRTC defaults: Opus + telephone-event audio, VP8, VP9, H.264
     * (Constrained Baseline 3.1, modes 1 and 0) and AV1 video with RTX, mid/abs-send-time/
     * transport-cc (+ audio level, rid) extensions, sendrecv both kinds, trickle, DTLS active
     * in answers, SCTP on port 5000 with 256 KiB messages.
     */
    public static Builder builder(String iceUfrag, String icePwd, Fingerprint fingerprint) {
        return new Builder(iceUfrag, icePwd, fingerprint);
    }

    /** The codecs for {@code kind}, empty for other kinds. */
    public List<CodecCapability> codecs(String kind) {
        return switch (kind) {
            case "audio" -> audioCodecs;
            case "video" -> videoCodecs;
            default -> List.of();
        };
    }

    /** The header extension URIs for {@code kind}. */
    public List<String> extensions(String kind) {
        return switch (kind) {
            case "audio" -> audioExtensions;
            case "video" -> videoExtensions;
            default -> List.of();
        };
    }

    /** Our intended direction for {@code kind}, or null if we do not handle it. */
    public Direction direction(String kind) {
        return switch (kind) {
            case "audio" -> audioDirection;
            case "video" -> videoDirection;
            default -> null;
        };
    }

    /** Mutable builder; see {@link LocalCapabilities#builder}. */
    public static final class Builder {
        private List<CodecCapability> audioCodecs = new ArrayList<>(List.of(
                CodecCapability.opus(), CodecCapability.telephoneEvent(48000)));
        private List<CodecCapability> videoCodecs = new ArrayList<>(List.of(
                CodecCapability.vp8(), CodecCapability.vp9(0), CodecCapability.h264("42e01f", 1),
                CodecCapability.h264("42e01f", 0), CodecCapability.av1()));
        private boolean rtx = true;
        private List<String> audioExtensions = new ArrayList<>(List.of(
                EXT_AUDIO_LEVEL, EXT_ABS_SEND_TIME, EXT_TRANSPORT_CC, EXT_MID));
        private List<String> videoExtensions = new ArrayList<>(List.of(
                EXT_ABS_SEND_TIME, EXT_TRANSPORT_CC, EXT_MID, EXT_RID, EXT_REPAIRED_RID));
        private Direction audioDirection = Direction.SENDRECV;
        private Direction videoDirection = Direction.SENDRECV;
        private final String iceUfrag;
        private final String icePwd;
        private List<String> iceOptions = new ArrayList<>(List.of("trickle"));
        private final List<Fingerprint> fingerprints;
        private Setup answerSetup = Setup.ACTIVE;
        private List<Candidate> candidates = new ArrayList<>();
        private boolean endOfCandidates;
        private boolean sctp = true;
        private int sctpPort = 5000;
        private long maxMessageSize = 262144;
        private List<LocalStream> streams = new ArrayList<>();
        private String sessionId = "1";
        private long sessionVersion = 2;

        Builder(String iceUfrag, String icePwd, Fingerprint fingerprint) {
            this.iceUfrag = iceUfrag;
            this.icePwd = icePwd;
            this.fingerprints = List.of(fingerprint);
        }

        public Builder audioCodecs(List<CodecCapability> v) { audioCodecs = new ArrayList<>(v); return this; }
        public Builder videoCodecs(List<CodecCapability> v) { videoCodecs = new ArrayList<>(v); return this; }
        public Builder rtx(boolean v) { rtx = v; return this; }
        public Builder audioExtensions(List<String> v) { audioExtensions = new ArrayList<>(v); return this; }
        public Builder videoExtensions(List<String> v) { videoExtensions = new ArrayList<>(v); return this; }
        /** Null: audio m-lines are rejected and not offered. */
        public Builder audioDirection(Direction v) { audioDirection = v; return this; }
        /** Null: video m-lines are rejected and not offered. */
        public Builder videoDirection(Direction v) { videoDirection = v; return this; }
        public Builder iceOptions(List<String> v) { iceOptions = new ArrayList<>(v); return this; }
        public Builder answerSetup(Setup v) { answerSetup = v; return this; }
        public Builder candidates(List<Candidate> v) { candidates = new ArrayList<>(v); return this; }
        public Builder endOfCandidates(boolean v) { endOfCandidates = v; return this; }
        public Builder sctp(boolean v) { sctp = v; return this; }
        public Builder sctpPort(int v) { sctpPort = v; return this; }
        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        public Builder addStream(LocalStream v) { streams.add(v); return this; }
        public Builder sessionId(String id, long version) { sessionId = id; sessionVersion = version; return this; }

        public LocalCapabilities build() {
            return new LocalCapabilities(audioCodecs, videoCodecs, rtx, audioExtensions,
                    videoExtensions, audioDirection, videoDirection, iceUfrag, icePwd, iceOptions,
                    fingerprints, answerSetup, candidates, endOfCandidates, sctp, sctpPort,
                    maxMessageSize, streams, sessionId, sessionVersion);
        }
    }
}
