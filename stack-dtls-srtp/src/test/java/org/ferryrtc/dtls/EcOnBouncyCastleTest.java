package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.junit.jupiter.api.Test;

/** The split of {@link PeerSupport.EcOnBouncyCastle}: EC on BouncyCastle, the rest (AES-GCM above all) on the JDK. */
class EcOnBouncyCastleTest {
    private final JcaJceHelper helper = new PeerSupport.EcOnBouncyCastle();
    private static final String BC = "BC";

    @Test
    void ellipticCurveAlgorithmsComeFromBouncyCastle() throws Exception {
        assertEquals(BC, helper.createSignature("SHA256withECDSA").getProvider().getName());
        assertEquals(BC, helper.createSignature("NoneWithECDSA").getProvider().getName());
        assertEquals(BC, helper.createKeyAgreement("ECDH").getProvider().getName());
        assertEquals(BC, helper.createKeyAgreement("X25519").getProvider().getName());
        assertEquals(BC, helper.createKeyPairGenerator("EC").getProvider().getName());
        assertEquals(BC, helper.createKeyPairGenerator("X25519").getProvider().getName());
        assertEquals(BC, helper.createKeyFactory("EC").getProvider().getName());
        assertEquals(BC, helper.createAlgorithmParameters("EC").getProvider().getName());
    }

    @Test
    void recordProtectionHashesAndRsaStayOnTheJdk() throws Exception {
        assertEquals("SunJCE", helper.createCipher("AES/GCM/NoPadding").getProvider().getName());
        assertEquals("SunJCE", helper.createAlgorithmParameters("GCM").getProvider().getName());
        assertEquals("SunJCE", helper.createMac("HmacSHA256").getProvider().getName());
        assertNotEquals(BC, helper.createMessageDigest("SHA-256").getProvider().getName());
        assertNotEquals(BC, helper.createSignature("SHA256withRSA").getProvider().getName());
        assertNotEquals(BC, helper.createKeyFactory("RSA").getProvider().getName());
    }

    @Test
    void theSharedCryptoOffersX25519AndP256() {
        JcaTlsCrypto crypto = PeerSupport.newCrypto(new SecureRandom());
        assertTrue(crypto.hasNamedGroup(NamedGroup.x25519));
        assertTrue(crypto.hasNamedGroup(NamedGroup.secp256r1));
    }

    /**
     * Signatures made on BC verify on SunEC and the other way round, for a key pair of either
     * provider (keys cross providers in their encoded form: SunEC does not take BC's key objects).
     */
    @Test
    void signaturesInteroperateAcrossProviders() throws Exception {
        byte[] msg = "ferry".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair jdkKey = g.generateKeyPair();
        KeyPairGenerator bcGen = helper.createKeyPairGenerator("EC");
        bcGen.initialize(new ECGenParameterSpec("secp256r1")); // BC's default curve is another one
        KeyPair bcKey = bcGen.generateKeyPair();
        for (KeyPair kp : new KeyPair[] {jdkKey, bcKey}) {
            Signature bcSig = helper.createSignature("SHA256withECDSA");
            Signature jdkSig = Signature.getInstance("SHA256withECDSA", "SunEC");
            bcSig.initSign(kp.getPrivate());
            bcSig.update(msg);
            byte[] s1 = bcSig.sign();
            java.security.PublicKey jdkPublic = java.security.KeyFactory.getInstance("EC", "SunEC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(kp.getPublic().getEncoded()));
            java.security.PrivateKey jdkPrivate = java.security.KeyFactory.getInstance("EC", "SunEC")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(kp.getPrivate().getEncoded()));
            jdkSig.initVerify(jdkPublic);
            jdkSig.update(msg);
            assertTrue(jdkSig.verify(s1));
            jdkSig.initSign(jdkPrivate);
            jdkSig.update(msg);
            byte[] s2 = jdkSig.sign();
            bcSig.initVerify(kp.getPublic());
            bcSig.update(msg);
            assertTrue(bcSig.verify(s2));
            byte[] tampered = Arrays.copyOf(msg, msg.length);
            tampered[0] ^= 1;
            bcSig.initVerify(kp.getPublic());
            bcSig.update(tampered);
            assertTrue(!bcSig.verify(s2), "a signature over other bytes must not verify");
        }
    }

    /** The certificate generated with BC's keys parses and verifies with the JDK alone. */
    @Test
    void generatedCertificateIsAValidSelfSignedX509ForTheJdk() throws Exception {
        DtlsCertificate c = DtlsCertificate.generateEcdsa();
        X509Certificate x = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.derEncoded()));
        x.verify(x.getPublicKey(), "SunEC");
        assertEquals("EC", x.getPublicKey().getAlgorithm());
        assertEquals(256, ((java.security.interfaces.ECPublicKey) x.getPublicKey()).getParams().getCurve().getField()
                .getFieldSize()); // P-256, not BC's default curve
        assertEquals("SHA256withECDSA", x.getSigAlgName());
        x.checkValidity();
    }
}
