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
 * peers that want it. Keys come from the JDK's providers; bcpkix only assembles the
 * certificate. It is valid from one day in the past for a year (WebRTC peers check the
 * fingerprint, not the dates; a long-running server may still want to regenerate it).
 *
 * <p>Immutable and thread-safe; one certificate may serve many sessions.
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
