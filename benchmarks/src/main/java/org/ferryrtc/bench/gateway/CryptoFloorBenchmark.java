package org.ferryrtc.bench.gateway;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link ForwardingBenchmark}: the JDK's own cipher and MAC work on one
 * 1,200-byte packet with no SRTP framing and no RTP session, so the forwarding figures can be
 * read as "crypto floor + our overhead". All in place on one reused array.
 * <ul>
 *   <li>{@link #jceCtrHmac}: the plain-JCE way of AES-CM-80: {@code AES/CTR/NoPadding} init with
 *       a new IV + doFinal over the payload, then {@code Mac HmacSHA1} over the packet;</li>
 *   <li>{@link #ctrKeystreamSha1}: the primitive floor of AES-CM-80: an already initialised
 *       {@code AES/CTR} {@code update} over the payload (no init) + one SHA-1 over the packet (no
 *       HMAC pads);</li>
 *   <li>{@link #hmacMessageDigest}, {@link #hmacMac}, {@link #hmacMacByteBuffer},
 *       {@link #hmacClonedPads}, {@link #sha1Only}: the HMAC-SHA1 variants on the JCE (issue 6 item
 *       2): pads re-hashed per packet over a reused {@code MessageDigest} (what
 *       {@code org.ferryrtc.srtp.HmacSha1} does), {@code Mac} with array / {@code ByteBuffer}
 *       input, the pad states cloned per packet (saves two compressions, allocates), and the
 *       bare SHA-1 (the floor: what no HMAC on the JCE can go below);</li>
 *   <li>{@link #jceGcm}: {@code AES/GCM/NoPadding} init with a new IV + AAD (12 B) + doFinal,
 *       encrypt; {@link #jceGcmDecryptReinit}: the same cipher, decrypt mode, re-initialised per
 *       packet (does decrypt-mode init allocate less?).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CryptoFloorBenchmark {
    static final int SIZE = 1200;
    static final int HDR = 12;

    private final byte[] pkt = new byte[SIZE + 64];
    private final byte[] tag = new byte[64];
    private final byte[] iv16 = new byte[16];
    private final byte[] iv12 = new byte[12];
    private final byte[] fixedIv12 = new byte[12];
    private SecretKeySpec aes;
    private Cipher ctr;
    private Cipher ctrRunning;
    private Cipher gcm;
    private Cipher gcmDec;
    private byte[] gcmCipherText;
    private int gcmCipherLen;
    private Mac mac;
    private MessageDigest sha1;
    private MessageDigest innerPadState;
    private MessageDigest outerPadState;
    private final byte[] ipad = new byte[64];
    private final byte[] opad = new byte[64];
    private final byte[] inner = new byte[20];
    private final ByteBuffer pktBuffer = ByteBuffer.wrap(pkt, 0, SIZE);
    private long counter;
    private JavaGhash ghash;
    private Cipher ecb;
    private final byte[] ghashOut = new byte[16];

    @Setup
    public void setUp() throws GeneralSecurityException {
        Random r = new Random(7);
        r.nextBytes(pkt);
        byte[] key = new byte[16];
        byte[] authKey = new byte[20];
        r.nextBytes(key);
        r.nextBytes(authKey);
        aes = new SecretKeySpec(key, "AES");
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctrRunning = Cipher.getInstance("AES/CTR/NoPadding");
        ctrRunning.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv16));
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcmDec = Cipher.getInstance("AES/GCM/NoPadding");
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authKey, "HmacSHA1"));
        sha1 = MessageDigest.getInstance("SHA-1");
        for (int i = 0; i < 64; i++) {
            byte b = i < 20 ? authKey[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        innerPadState = MessageDigest.getInstance("SHA-1");
        innerPadState.update(ipad);
        outerPadState = MessageDigest.getInstance("SHA-1");
        outerPadState.update(opad);
        // one fixed GCM packet for the decrypt variant (same IV every time: decrypt only)
        gcmCipherText = new byte[SIZE + 64];
        System.arraycopy(pkt, 0, gcmCipherText, 0, SIZE);
        Cipher e = Cipher.getInstance("AES/GCM/NoPadding");
        e.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, fixedIv12));
        e.updateAAD(gcmCipherText, 0, HDR);
        gcmCipherLen = HDR + e.doFinal(gcmCipherText, HDR, SIZE - HDR, gcmCipherText, HDR);
        // our GHASH must reproduce the JDK's tag: tag = E(K, J0) XOR GHASH(AAD, C) (SP 800-38D §7.1)
        ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, aes);
        ghash = new JavaGhash(ecb.doFinal(new byte[16]));
        byte[] j0 = java.util.Arrays.copyOf(fixedIv12, 16);
        j0[15] = 1;
        byte[] ej0 = ecb.doFinal(j0);
        ghash.reset();
        ghash.update(gcmCipherText, 0, HDR);
        ghash.update(gcmCipherText, HDR, SIZE - HDR);
        ghash.lengths(HDR, SIZE - HDR);
        ghash.digest(ghashOut, 0);
        for (int i = 0; i < 16; i++) {
            if ((byte) (ghashOut[i] ^ ej0[i]) != gcmCipherText[SIZE + i]) {
                throw new IllegalStateException("JavaGhash does not reproduce the JDK's GCM tag");
            }
        }
    }

    /** GHASH alone over a GCM packet's AAD (12 B) and ciphertext (1,188 B), in plain Java. */
    @Benchmark
    public byte javaGhash() {
        JavaGhash g = ghash;
        g.reset();
        g.update(pkt, 0, HDR);
        g.update(pkt, HDR, SIZE - HDR);
        g.lengths(HDR, SIZE - HDR);
        g.digest(ghashOut, 0);
        return ghashOut[0];
    }

    private void nextIv(byte[] iv) {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            iv[iv.length - 1 - i] = (byte) (c >>> (8 * i));
        }
    }

    @Benchmark
    public byte jceCtrHmac() throws GeneralSecurityException {
        nextIv(iv16);
        iv16[15] = 0; // block counter starts at 0 (RFC 3711 §4.1.1)
        ctr.init(Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(iv16));
        ctr.doFinal(pkt, HDR, SIZE - HDR, pkt, HDR);
        mac.update(pkt, 0, SIZE);
        mac.doFinal(tag, 0);
        return tag[0];
    }

    @Benchmark
    public byte ctrKeystreamSha1() throws GeneralSecurityException {
        ctrRunning.update(pkt, HDR, SIZE - HDR, pkt, HDR);
        sha1.update(pkt, 0, SIZE);
        sha1.digest(tag, 0, 20);
        return tag[0];
    }

    @Benchmark
    public byte ctrKeystreamOnly() throws GeneralSecurityException {
        ctrRunning.update(pkt, HDR, SIZE - HDR, pkt, HDR);
        return pkt[HDR];
    }

    @Benchmark
    public byte sha1Only() throws GeneralSecurityException {
        sha1.update(pkt, 0, SIZE);
        sha1.digest(tag, 0, 20);
        return tag[0];
    }

    @Benchmark
    public byte hmacMessageDigest() throws GeneralSecurityException {
        sha1.reset();
        sha1.update(ipad, 0, 64);
        sha1.update(pkt, 0, SIZE);
        sha1.digest(inner, 0, 20);
        sha1.update(opad, 0, 64);
        sha1.update(inner, 0, 20);
        sha1.digest(tag, 0, 20);
        return tag[0];
    }

    @Benchmark
    public byte hmacMac() throws GeneralSecurityException {
        mac.update(pkt, 0, SIZE);
        mac.doFinal(tag, 0);
        return tag[0];
    }

    @Benchmark
    public byte hmacMacByteBuffer() throws GeneralSecurityException {
        pktBuffer.clear().limit(SIZE);
        mac.update(pktBuffer);
        mac.doFinal(tag, 0);
        return tag[0];
    }

    @Benchmark
    public byte hmacClonedPads() throws GeneralSecurityException {
        try {
            MessageDigest in = (MessageDigest) innerPadState.clone();
            in.update(pkt, 0, SIZE);
            in.digest(inner, 0, 20);
            MessageDigest out = (MessageDigest) outerPadState.clone();
            out.update(inner, 0, 20);
            out.digest(tag, 0, 20);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        return tag[0];
    }

    @Benchmark
    public byte jceGcm() throws GeneralSecurityException {
        nextIv(iv12);
        gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv12));
        gcm.updateAAD(pkt, 0, HDR);
        gcm.doFinal(pkt, HDR, SIZE - HDR, pkt, HDR);
        return pkt[HDR];
    }

    @Benchmark
    public byte jceGcmDecryptReinit() throws GeneralSecurityException {
        System.arraycopy(gcmCipherText, 0, pkt, 0, gcmCipherLen);
        gcmDec.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, fixedIv12));
        gcmDec.updateAAD(pkt, 0, HDR);
        gcmDec.doFinal(pkt, HDR, gcmCipherLen - HDR, pkt, HDR);
        return pkt[HDR];
    }
}
