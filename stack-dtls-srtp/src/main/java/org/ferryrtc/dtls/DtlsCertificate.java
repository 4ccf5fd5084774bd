package org.ferryrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * This endpoint's self-signed DTLS certificate (RFC 8827 §6.5 / RFC 5763 §5: WebRTC
 * authenticates certificates by their SDP fingerprint, not by a CA), generated at start-up.
 *
 * <p>ECDSA P-256 with SHA-256 is the default (what browsers use); RSA-2048 is available for
 * peers that want it. ECDSA keys and the self-signature come from BouncyCastle's provider
 * (~4x less CPU than the JDK's P-256, see {@code PeerSupport.EcOnBouncyCastle}), RSA keys from
 * the JDK's; bcpkix assembles the certificate. It is valid from one day in the past for a year (WebRTC peers check the
 * fingerprint, not the dates; a long-running server may still want to regenerate it).
 *
 * <p>Immutable and thread-safe; one certificate may serve many sessions.
 *
 * <p><b>One per connection or one per process.</b> Generating one costs ~0.3-0.5 ms of CPU (P-256 key
 * pair and self-signature on BC; 1.3-1.4 ms on the JDK's SunEC; bench/peer README), a real share
 * of a set-up on loopback. WebRTC
 * lets an endpoint reuse a certificate across connections: browsers let an application generate
 * one ({@code RTCPeerConnection.generateCertificate}) and pass it to many connections, and
 * RFC 8827 §6.5 only asks that the key not become a long-lived identifier across origins, which
 * for a server (one origin to its peers) means bounding how long one key is used. Hence
 * {@link #processShared()}: one certificate per process, replaced by a new one after
 * {@link #SHARED_LIFETIME_MILLIS} (connections keep the one they started with). {@link Shared}
 * does the same for a caller-chosen lifetime, and {@link #generate} still gives a fresh one.
 */
public final class DtlsCertificate {
    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    /** The key type of a certificate. */
    public enum KeyType {
        /** ECDSA on NIST P-256 (secp256r1), signed with SHA-256. */
        ECDSA_P256,
        /** RSA 2048-bit, signed with SHA-256 (PKCS #1 v1.5). */
        RSA_2048
    }

    /** How long {@link #processShared()} hands out the same certificate: 24 hours. */
    public static final long SHARED_LIFETIME_MILLIS = 24L * 3600 * 1000;

    private static final class ProcessShared {
        static final Shared INSTANCE = new Shared(KeyType.ECDSA_P256, SHARED_LIFETIME_MILLIS);
    }

    /**
     * A certificate that many connections share, replaced after a lifetime. Thread-safe; the
     * time is passed in (milliseconds of any monotonic-enough wall clock), so tests can drive it.
     */
    public static final class Shared {
        private final KeyType type;
        private final long lifetimeMillis;
        private DtlsCertificate current;
        private long createdMillis;

        /**
         * @throws IllegalArgumentException if {@code lifetimeMillis} is not positive
         */
        public Shared(KeyType type, long lifetimeMillis) {
            if (type == null || lifetimeMillis <= 0) {
                throw new IllegalArgumentException("a key type and a positive lifetime are required");
            }
            this.type = type;
            this.lifetimeMillis = lifetimeMillis;
        }

        /**
         * The certificate in force at {@code nowMillis}: generated on the first call and again
         * once the current one is {@code lifetimeMillis} old (or the clock went backwards).
         */
        public synchronized DtlsCertificate get(long nowMillis) {
            if (current == null || nowMillis - createdMillis >= lifetimeMillis || nowMillis < createdMillis) {
                current = generate(type);
                createdMillis = nowMillis;
            }
            return current;
        }
    }

    private final KeyType keyType;
    private final PrivateKey privateKey;
    private final byte[] der;

    private DtlsCertificate(KeyType keyType, PrivateKey privateKey, byte[] der) {
        this.keyType = keyType;
        this.privateKey = privateKey;
        this.der = der;
    }

    /** Generates a fresh self-signed ECDSA P-256 certificate. */
    public static DtlsCertificate generateEcdsa() {
        return generate(KeyType.ECDSA_P256);
    }

    /**
     * The process-wide ECDSA P-256 certificate, replaced every {@link #SHARED_LIFETIME_MILLIS}
     * (wall clock): what a {@code PeerConnection} uses by default when given no certificate.
     */
    public static DtlsCertificate processShared() {
        return ProcessShared.INSTANCE.get(System.currentTimeMillis());
    }

    /** Generates a fresh self-signed RSA-2048 certificate. */
    public static DtlsCertificate generateRsa() {
        return generate(KeyType.RSA_2048);
    }

    /** Generates a fresh self-signed certificate of the given key type. */
    public static DtlsCertificate generate(KeyType type) {
        SecureRandom random = new SecureRandom();
        try {
            KeyPairGenerator kpg;
            String sigAlg;
            JcaContentSignerBuilder signerBuilder;
            if (type == KeyType.ECDSA_P256) {
                // BouncyCastle's P-256: ~5x less CPU than SunEC's (PeerSupport.EcOnBouncyCastle)
                kpg = KeyPairGenerator.getInstance("EC", PeerSupport.Bc.PROVIDER);
                kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
                sigAlg = "SHA256withECDSA";
                signerBuilder = new JcaContentSignerBuilder(sigAlg).setProvider(PeerSupport.Bc.PROVIDER);
            } else {
                kpg = KeyPairGenerator.getInstance("RSA");
                kpg.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
                sigAlg = "SHA256withRSA";
                signerBuilder = new JcaContentSignerBuilder(sigAlg);
            }
            KeyPair kp = kpg.generateKeyPair();
            long now = System.currentTimeMillis();
            X500Name name = new X500Name("CN=FerryRTC");
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    new Date(now - DAY_MILLIS), new Date(now + 365 * DAY_MILLIS), name, kp.getPublic());
            ContentSigner signer = signerBuilder.setSecureRandom(random).build(kp.getPrivate());
            byte[] der = builder.build(signer).getEncoded();
            return new DtlsCertificate(type, kp.getPrivate(), der);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a " + type + " certificate", e);
        }
    }

    /** The key type. */
    public KeyType keyType() {
        return keyType;
    }

    /** The DER encoding of the certificate (a copy). */
    public byte[] derEncoded() {
        return der.clone();
    }

    /** The SHA-256 fingerprint, as written in SDP. */
    public DtlsFingerprint fingerprint() {
        return DtlsFingerprint.of("sha-256", der);
    }

    /** The fingerprint with another hash function (sha-1/224/256/384/512). */
    public DtlsFingerprint fingerprint(String algorithm) {
        return DtlsFingerprint.of(algorithm, der);
    }

    /** The value of {@code a=fingerprint:} for SDP, e.g. {@code sha-256 AB:CD:...}. */
    public String sdpFingerprint() {
        return fingerprint().toSdpValue();
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    byte[] der() {
        return der;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + keyType + ", " + sdpFingerprint() + "]";
    }
}
