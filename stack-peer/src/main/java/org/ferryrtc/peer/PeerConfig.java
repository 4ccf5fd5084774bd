package org.ferryrtc.peer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.dtls.DtlsCertificate;
import org.ferryrtc.dtls.DtlsConfig;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.srtp.SrtpProfile;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.ice.IceServer;
import org.ferryrtc.sdp.CodecCapability;

/**
 * How a {@link PeerConnection} runs.
 *
 * <ul>
 * <li>ICE: either a shared server {@code endpoint} (many sessions on one UDP port; a session
 *     answers and sends checks, so it can offer too), or standalone with its own socket on
 *     {@code localAddresses} (loopback allowed) and optional STUN/TURN {@code iceServers};
 * <li>{@code answerDtlsRole}: the DTLS role we take when a remote offer says {@code actpass}
 *     (RFC 8842 §5.3): CLIENT writes {@code a=setup:active}, SERVER {@code a=setup:passive};
 * <li>{@code srtpProfiles}: the {@code use_srtp} profiles we accept, in preference order
 *     (RFC 5764 §4.1.2; GCM first by default, RFC 7714);
 * <li>{@code certificate}: our DTLS certificate. When null: the process-wide ECDSA P-256
 *     certificate, replaced daily ({@link DtlsCertificate#processShared()}; a server's sensible
 *     default: generating one costs ~0.3-0.5 ms of CPU per connection), or, with
 *     {@code freshCertificate}, a new one generated for each connection (what Pion and a browser
 *     do when given none; avoids linking one endpoint's connections by fingerprint);
 * <li>{@code audioCodecs}/{@code videoCodecs}: what we offer and accept;
 * <li>{@code deliverPackets}: remote tracks deliver in-order RTP packets instead of frames;
 * <li>{@code loops}: the event-loop threads the connection is pinned to; null: a process-wide
 *     shared default ({@link PeerLoops}, one thread per processor, created on first use).
 * </ul>
 */
public record PeerConfig(IceEndpoint endpoint, List<InetAddress> localAddresses, List<IceServer> iceServers,
        DtlsRole answerDtlsRole, List<SrtpProfile> srtpProfiles, DtlsCertificate certificate,
        List<CodecCapability> audioCodecs, List<CodecCapability> videoCodecs, boolean deliverPackets,
        PeerLoops loops, boolean freshCertificate) {

    /** GCM first, then AES-CM (the DTLS module's default order). */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES = DtlsConfig.DEFAULT_SRTP_PROFILES;
    /** AEAD_AES_128_GCM and AEAD_AES_256_GCM only (RFC 7714 §14.2). */
    public static final List<SrtpProfile> GCM_ONLY =
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM);
    /** AES128_CM_HMAC_SHA1_80 and _32 only (RFC 5764 §4.1.2). */
    public static final List<SrtpProfile> AES_CM_ONLY =
            List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AES128_CM_HMAC_SHA1_32);

    public PeerConfig {
        if (endpoint == null && (localAddresses == null || localAddresses.isEmpty())) {
            throw new IllegalArgumentException("give an IceEndpoint or at least one local address");
        }
        localAddresses = localAddresses == null ? List.of() : List.copyOf(localAddresses);
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
        if (answerDtlsRole == null) {
            throw new IllegalArgumentException("answerDtlsRole");
        }
        if (srtpProfiles == null || srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile");
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
    }

    /** A builder for a standalone agent on {@code addresses} (e.g. 127.0.0.1). */
    public static Builder standalone(List<InetAddress> addresses) {
        Builder b = new Builder();
        b.localAddresses = new ArrayList<>(addresses);
        return b;
    }

    /** A builder for a session on a shared server port. */
    public static Builder server(IceEndpoint endpoint) {
        Builder b = new Builder();
        b.endpoint = endpoint;
        return b;
    }

    /** Mutable builder with WebRTC defaults: DTLS client when answering, GCM first, Opus, VP8/VP9/H.264/AV1. */
    public static final class Builder {
        private IceEndpoint endpoint;
        private List<InetAddress> localAddresses = new ArrayList<>();
        private List<IceServer> iceServers = new ArrayList<>();
        private DtlsRole answerDtlsRole = DtlsRole.CLIENT;
        private List<SrtpProfile> srtpProfiles = DEFAULT_SRTP_PROFILES;
        private DtlsCertificate certificate;
        private List<CodecCapability> audioCodecs = List.of(CodecCapability.opus(), CodecCapability.telephoneEvent(48000));
        private List<CodecCapability> videoCodecs = List.of(CodecCapability.vp8(), CodecCapability.vp9(0),
                CodecCapability.h264("42e01f", 1), CodecCapability.h264("42e01f", 0), CodecCapability.av1());
        private boolean deliverPackets;
        private PeerLoops loops;
        private boolean freshCertificate;

        private Builder() {
        }

        public Builder iceServers(List<IceServer> v) { iceServers = new ArrayList<>(v); return this; }
        public Builder answerDtlsRole(DtlsRole v) { answerDtlsRole = v; return this; }
        public Builder srtpProfiles(List<SrtpProfile> v) { srtpProfiles = List.copyOf(v); return this; }
        public Builder certificate(DtlsCertificate v) { certificate = v; return this; }
        /** Without a {@link #certificate}: true generates one per connection, false (default) shares the process one. */
        public Builder freshCertificate(boolean v) { freshCertificate = v; return this; }
        public Builder audioCodecs(List<CodecCapability> v) { audioCodecs = List.copyOf(v); return this; }
        public Builder videoCodecs(List<CodecCapability> v) { videoCodecs = List.copyOf(v); return this; }
        public Builder deliverPackets(boolean v) { deliverPackets = v; return this; }
        /** The loops to pin the connection to (null: the shared default); closing it is the caller's job. */
        public Builder loops(PeerLoops v) { loops = v; return this; }

        public PeerConfig build() {
            return new PeerConfig(endpoint, localAddresses, iceServers, answerDtlsRole, srtpProfiles, certificate,
                    audioCodecs, videoCodecs, deliverPackets, loops, freshCertificate);
        }
    }
}
