package org.ferryrtc.dtls;

import java.util.List;

import org.ferryrtc.srtp.SrtpProfile;

/**
 * Settings of one DTLS session. Build with {@link #of} and adjust with the {@code with...}
 * methods; all durations are in milliseconds.
 *
 * @param role DTLS client or server
 * @param certificate our certificate (its fingerprint goes into our SDP)
 * @param remoteFingerprints the fingerprints from the peer's SDP; at least one is required. When
 *     several hash functions are present, the strongest one is checked (RFC 8122 §5)
 * @param srtpProfiles {@code use_srtp} preference, most preferred first (RFC 5764 §4.1.1)
 * @param handshakeTimeoutMillis the handshake fails with {@link DtlsEvent.HandshakeFailed} if it
 *     has not completed this long after it started running
 * @param initialRetransmitMillis first retransmission timeout of a handshake flight; doubles on
 *     every retransmission (RFC 6347 §4.2.4.1)
 * @param mtu the largest datagram we send (handshake messages are fragmented to fit)
 */
public record DtlsConfig(DtlsRole role, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
        List<SrtpProfile> srtpProfiles, int handshakeTimeoutMillis, int initialRetransmitMillis, int mtu) {

    /** GCM first, then the AES-CM profiles every browser supports. */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES = List.of(
            SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM,
            SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AES128_CM_HMAC_SHA1_32);
    /** Default handshake timeout: 20 seconds. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 20_000;
    /** Default first retransmission timeout: 100 ms (WebRTC stacks use 50-100 ms, not 1 s). */
    public static final int DEFAULT_INITIAL_RETRANSMIT_MILLIS = 100;
    /** Default MTU: 1,200 bytes, safe on every path WebRTC runs over. */
    public static final int DEFAULT_MTU = 1200;

    /**
     * @throws IllegalArgumentException on a missing role/certificate, no fingerprint, no profile,
     *     or non-positive durations / an MTU below 256 (programming errors)
     */
    public DtlsConfig {
        if (role == null || certificate == null) {
            throw new IllegalArgumentException("role and certificate are required");
        }
        if (remoteFingerprints == null || remoteFingerprints.isEmpty()) {
            throw new IllegalArgumentException("at least one remote fingerprint is required");
        }
        if (srtpProfiles == null || srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is required");
        }
        if (handshakeTimeoutMillis <= 0 || initialRetransmitMillis <= 0 || mtu < 256) {
            throw new IllegalArgumentException("timeouts must be positive and the MTU at least 256");
        }
        remoteFingerprints = List.copyOf(remoteFingerprints);
        srtpProfiles = List.copyOf(srtpProfiles);
    }

    /** A configuration with the defaults. */
    public static DtlsConfig of(DtlsRole role, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints) {
        return new DtlsConfig(role, certificate, remoteFingerprints, DEFAULT_SRTP_PROFILES,
                DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, DEFAULT_INITIAL_RETRANSMIT_MILLIS, DEFAULT_MTU);
    }

    /** A copy with another {@code use_srtp} preference. */
    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(role, certificate, remoteFingerprints, profiles, handshakeTimeoutMillis,
                initialRetransmitMillis, mtu);
    }

    /** A copy with another handshake timeout. */
    public DtlsConfig withHandshakeTimeoutMillis(int millis) {
        return new DtlsConfig(role, certificate, remoteFingerprints, srtpProfiles, millis,
                initialRetransmitMillis, mtu);
    }

    /** A copy with another first retransmission timeout. */
    public DtlsConfig withInitialRetransmitMillis(int millis) {
        return new DtlsConfig(role, certificate, remoteFingerprints, srtpProfiles, handshakeTimeoutMillis,
                millis, mtu);
    }

    /** A copy with another MTU. */
    public DtlsConfig withMtu(int bytes) {
        return new DtlsConfig(role, certificate, remoteFingerprints, srtpProfiles, handshakeTimeoutMillis,
                initialRetransmitMillis, bytes);
    }
}
