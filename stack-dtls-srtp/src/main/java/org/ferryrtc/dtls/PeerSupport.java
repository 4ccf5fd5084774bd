package org.ferryrtc.dtls;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import javax.crypto.KeyAgreement;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.ferryrtc.srtp.SrtpProfile;

/**
 * What our BC client and server have in common: credentials, the fingerprint check
 * (RFC 8122 §5), {@code use_srtp} (RFC 5764 §4.1) and the key export (RFC 5764 §4.2). Touched by
 * the handshake thread only; the results are published through the session's event queue.
 */
final class PeerSupport {
    /** ECDHE with AES-GCM only (RFC 5289), ECDSA certificates. */
    static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };
    /** ECDHE with AES-GCM only (RFC 5289), RSA certificates. */
    static final int[] RSA_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    };
    /** A client accepts a server certificate of either type. */
    static final int[] ALL_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    };

    /**
     * The TLS crypto all sessions share: elliptic-curve work (ECDSA sign/verify, ECDHE key
     * generation and agreement on P-256 and X25519, EC key decoding) on BouncyCastle's
     * provider, everything else (AES-GCM record protection, HMAC/SHA-2 for the PRF and
     * handshake hash, RSA) on the JDK's providers. See {@link EcOnBouncyCastle}.
     */
    static JcaTlsCrypto newCrypto(SecureRandom random) {
        return new JcaTlsCrypto(new EcOnBouncyCastle(), random, new SecureRandom()) { };
    }

    /** BouncyCastle's JCA provider, not registered with {@code java.security.Security} (no global side effect). */
    static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();

        private Bc() {
        }
    }

    final DtlsConfig config;
    final JcaTlsCrypto crypto;
    /** Set on the first failure we detect ourselves, so the event says why, not just "alert". */
    volatile String failureReason;
    volatile SrtpProfile selectedProfile;
    volatile DtlsSrtpKeys keys;
    /**
     * The epoch-1 key block (RFC 5246 §6.3: client key, server key, client salt, server salt) if
     * the negotiated suite is one {@link RecordProtection} handles, else null.
     */
    volatile byte[] recordKeyBlock;
    volatile boolean fingerprintVerified;
    /** Tests only: the cipher suites to offer / accept instead of ours (set before the handshake). */
    int[] suitesForTests;
    volatile boolean closeNotifyReceived;
    volatile String fatalAlertReceived;

    PeerSupport(DtlsConfig config, JcaTlsCrypto crypto) {
        this.config = config;
        this.crypto = crypto;
    }

    boolean ecdsa() {
        return config.certificate().keyType() == DtlsCertificate.KeyType.ECDSA_P256;
    }

    /** Our certificate chain (one self-signed certificate) in BC's form. */
    Certificate certificateChain() throws IOException {
        TlsCertificate c = crypto.createCertificate(config.certificate().der());
        return new Certificate(new TlsCertificate[] {c});
    }

    SignatureAndHashAlgorithm signatureAlgorithm() {
        return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256,
                ecdsa() ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa);
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                config.certificate().privateKey(), certificateChain(), signatureAlgorithm());
    }

    /**
     * RFC 8122 §5: take the fingerprints of the most preferred hash function the peer gave and
     * require that the end-entity certificate matches one of them.
     */
    void verifyRemote(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(AlertDescription.handshake_failure, "the peer sent no certificate (WebRTC requires one)");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        String alg = strongestAlgorithm();
        List<DtlsFingerprint> expected = new ArrayList<>();
        for (DtlsFingerprint f : config.remoteFingerprints()) {
            if (f.algorithm().equals(alg)) {
                if (f.matches(der)) {
                    fingerprintVerified = true;
                    return;
                }
                expected.add(f);
            }
        }
        throw fail(AlertDescription.bad_certificate, "remote certificate fingerprint mismatch: got "
                + DtlsFingerprint.of(alg, der).toSdpValue() + ", SDP says " + expected);
    }

    private String strongestAlgorithm() {
        for (String alg : DtlsFingerprint.ALGORITHMS) {
            for (DtlsFingerprint f : config.remoteFingerprints()) {
                if (f.algorithm().equals(alg)) {
                    return alg;
                }
            }
        }
        throw new IllegalStateException("config without fingerprints");
    }

    int[] offeredProfileIds() {
        int[] ids = new int[config.srtpProfiles().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = config.srtpProfiles().get(i).id();
        }
        return ids;
    }

    /** Client: adds use_srtp with our preference and no MKI. */
    void addUseSrtp(Hashtable<Integer, byte[]> extensions) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfileIds(), TlsUtils.EMPTY_BYTES));
    }

    /** Server: picks our most preferred profile among those the client offers. */
    void selectProfile(Hashtable<?, ?> clientExtensions) throws IOException {
        UseSRTPData offer = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offer == null) {
            throw fail(AlertDescription.handshake_failure, "the client offered no use_srtp extension");
        }
        int[] offered = offer.getProtectionProfiles();
        for (SrtpProfile p : config.srtpProfiles()) {
            for (int id : offered) {
                if (id == p.id()) {
                    selectedProfile = p;
                    return;
                }
            }
        }
        throw fail(AlertDescription.handshake_failure, "no common SRTP protection profile: client offers "
                + profileNames(offered) + ", we accept " + config.srtpProfiles());
    }

    /** Server: the use_srtp answer with the selected profile. */
    void addSelectedUseSrtp(Hashtable<Integer, byte[]> extensions) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
    }

    /** Client: the server must have picked exactly one profile out of those we offered. */
    void acceptServerProfile(Hashtable<?, ?> serverExtensions) throws IOException {
        UseSRTPData answer = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (answer == null) {
            throw fail(AlertDescription.handshake_failure, "the server did not negotiate use_srtp");
        }
        int[] ids = answer.getProtectionProfiles();
        if (ids.length == 1) {
            for (SrtpProfile p : config.srtpProfiles()) {
                if (p.id() == ids[0]) {
                    selectedProfile = p;
                    return;
                }
            }
        }
        throw fail(AlertDescription.illegal_parameter, "the server selected an SRTP profile we did not offer: "
                + profileNames(ids));
    }

    /** Both: exports EXTRACTOR-dtls_srtp once the master secret exists. */
    void exportKeys(TlsContext context) {
        SrtpProfile p = selectedProfile;
        byte[] km = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, p.keyingMaterialLength());
        keys = new DtlsSrtpKeys(p, km, config.role());
        recordKeyBlock = recordKeyBlock(context);
    }

    /**
     * RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random +
     * client_random); for AES-GCM (RFC 5288 §3) no MAC keys, 4-byte implicit salts. Null for a
     * suite or extension we leave to BouncyCastle (a DTLS connection ID, RFC 9146, changes the
     * record format).
     */
    static byte[] recordKeyBlock(TlsContext context) {
        SecurityParameters sp = context.getSecurityParametersConnection();
        int keyLength = switch (sp.getCipherSuite()) {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> 16;
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -> 32;
            default -> 0;
        };
        if (keyLength == 0 || sp.getConnectionIDLocal() != null && sp.getConnectionIDLocal().length > 0
                || sp.getConnectionIDPeer() != null && sp.getConnectionIDPeer().length > 0
                || sp.getMasterSecret() == null) {
            return null;
        }
        byte[] seed = new byte[64];
        System.arraycopy(sp.getServerRandom(), 0, seed, 0, 32);
        System.arraycopy(sp.getClientRandom(), 0, seed, 32, 32);
        return sp.getMasterSecret().deriveUsingPRF(sp.getPRFAlgorithm(), "key expansion", seed, 2 * keyLength + 8)
                .extract();
    }

    void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        } else if (level == org.bouncycastle.tls.AlertLevel.fatal) {
            fatalAlertReceived = AlertDescription.getText(description);
        }
    }

    TlsFatalAlert fail(short alert, String reason) {
        if (failureReason == null) {
            failureReason = reason;
        }
        return new TlsFatalAlert(alert, reason);
    }

    static Vector<SignatureAndHashAlgorithm> certificateRequestAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa));
        v.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa));
        v.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        return v;
    }

    private static String profileNames(int[] ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            SrtpProfile p = SrtpProfile.fromId(ids[i]);
            sb.append(i == 0 ? "" : ", ").append(p != null ? p.name() : String.format("0x%04x", ids[i]));
        }
        return sb.append(']').toString();
    }

    /**
     * A JCA helper that takes elliptic-curve algorithms from BouncyCastle and all others from
     * the JDK. Why: JDK 17's P-256 (SunEC) is pure Java over a generic field implementation;
     * BC's uses a dedicated P-256 field (SecP256R1) and fixed-point combs. Measured on this
     * machine (CPU per operation, bench/peer README): ECDSA verify 1,124 vs 88 us, sign 587 vs
     * 116 us, P-256 key pair 571 vs 127 us, P-256 ECDH 991 vs 166 us, X25519 agreement 162 vs
     * 88 us. AES-GCM stays on the JDK, which has intrinsics for it (BC's Java AES-GCM has none).
     * An algorithm BC lacks falls back to the JDK; every other factory is the JDK's, inherited.
     */
    static final class EcOnBouncyCastle extends DefaultJcaJceHelper {
        private final JcaJceHelper bc = new ProviderJcaJceHelper(Bc.PROVIDER);

        /** EC and Montgomery/Edwards-curve names, as BC's TLS code asks for them. */
        static boolean isEc(String algorithm) {
            String a = algorithm.toUpperCase(java.util.Locale.ROOT);
            return a.equals("EC") || a.equals("ECDH") || a.endsWith("ECDSA") || a.startsWith("X25519")
                    || a.startsWith("X448") || a.equals("XDH") || a.startsWith("ED25519") || a.startsWith("ED448")
                    || a.equals("EDDSA");
        }

        /** The JDK's default providers, for what BC lacks and for every non-EC algorithm (inherited). */
        private static final JcaJceHelper JDK = new DefaultJcaJceHelper();

        private interface Factory<T> {
            T create(JcaJceHelper h) throws GeneralSecurityException;
        }

        private <T> T pick(String algorithm, Factory<T> f) throws NoSuchAlgorithmException {
            try {
                if (isEc(algorithm)) {
                    try {
                        return f.create(bc);
                    } catch (NoSuchAlgorithmException e) {
                        // BC lacks it: the JDK's below
                    }
                }
                return f.create(JDK);
            } catch (NoSuchAlgorithmException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                throw new NoSuchAlgorithmException(algorithm, e);
            }
        }

        @Override
        public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
            return pick(algorithm, h -> h.createKeyAgreement(algorithm));
        }

        @Override
        public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
            return pick(algorithm, h -> h.createKeyFactory(algorithm));
        }

        @Override
        public KeyPairGenerator createKeyPairGenerator(String algorithm)
                throws NoSuchAlgorithmException {
            return pick(algorithm, h -> h.createKeyPairGenerator(algorithm));
        }

        @Override
        public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
            return pick(algorithm, h -> h.createSignature(algorithm));
        }

        @Override
        public AlgorithmParameters createAlgorithmParameters(String algorithm)
                throws NoSuchAlgorithmException {
            return pick(algorithm, h -> h.createAlgorithmParameters(algorithm)); // "EC" to BC, "GCM" to the JDK
        }
    }
}
