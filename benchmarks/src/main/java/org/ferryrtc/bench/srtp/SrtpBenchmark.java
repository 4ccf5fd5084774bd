package org.ferryrtc.bench.srtp;

import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.srtp.SrtpContext;
import org.ferryrtc.srtp.SrtpPolicy;
import org.ferryrtc.srtp.SrtpProfile;
import org.ferryrtc.srtp.SrtpResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protect / unprotect per profile and packet size (RTP packet length before protection),
 * next to the raw JCE ceiling: the same cipher and MAC work done the plain JCE way with no SRTP
 * framing (no header parsing, ROC, replay window or stream table):
 * <ul>
 *   <li>AES-CM profiles: {@code AES/CTR/NoPadding} init (new IV) + doFinal over the payload,
 *       and {@code Mac HmacSHA1} over the packet + ROC;</li>
 *   <li>GCM profiles: {@code AES/GCM/NoPadding} init (new GCMParameterSpec) + updateAAD(header)
 *       + doFinal over the payload.</li>
 * </ul>
 * Unprotect benchmarks (ours and the ceiling alike) copy one of N = 1024 pre-protected packets
 * into the work buffer first, since both decrypt in place, and cycle through the same memory
 * footprint; our receiver forgets the stream before packet 0 so that the pre-protected indices
 * are fresh again (one stream allocation, ~250 B, per 1024 packets).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class SrtpBenchmark {
    private static final int N = 1024;
    private static final long SSRC = 0x1234_5678L;

    @Param({"AES128_CM_HMAC_SHA1_80", "AES128_CM_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public String profile;

    @Param({"200", "1200"})
    public int size;

    private SrtpProfile p;
    private SrtpContext tx;
    private SrtpContext rx;
    private final byte[] work = new byte[2048];
    private byte[][] wire;
    private int[] wireLen;
    private int next;
    private int seq;

    // raw JCE ceiling
    private Cipher cipher;
    private Mac mac;
    private SecretKeySpec key;
    private final byte[] iv16 = new byte[16];
    private final byte[] iv12 = new byte[12];
    private final byte[] macOut = new byte[20];
    private byte[][] ceilWire;
    private int[] ceilLen;
    private int ceilNext;
    private long counter;

    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
        p = SrtpProfile.valueOf(profile);
        Random r = new Random(1);
        byte[] mk = new byte[p.keyLength()];
        byte[] ms = new byte[p.saltLength()];
        r.nextBytes(mk);
        r.nextBytes(ms);
        tx = SrtpContext.create(p, mk, ms, SrtpPolicy.DEFAULT, true);
        rx = SrtpContext.create(p, mk, ms, SrtpPolicy.DEFAULT, false);
        SrtpContext pre = SrtpContext.create(p, mk, ms, SrtpPolicy.DEFAULT, true);
        wire = new byte[N][];
        wireLen = new int[N];
        for (int i = 0; i < N; i++) {
            byte[] b = new byte[size + 64];
            RtpPacket.writeFixedHeader(b, 0, false, 96, i, 160L * i, SSRC);
            for (int j = 12; j < size; j++) {
                b[j] = (byte) r.nextInt();
            }
            if (pre.protectRtp(b, 0, size) != SrtpResult.OK) {
                throw new IllegalStateException("protect");
            }
            wire[i] = b;
            wireLen[i] = pre.length();
        }
        RtpPacket.writeFixedHeader(work, 0, false, 96, 0, 0, SSRC);
        for (int j = 12; j < size; j++) {
            work[j] = (byte) r.nextInt();
        }

        byte[] k = new byte[p.keyLength()];
        r.nextBytes(k);
        key = new SecretKeySpec(k, "AES");
        byte[] ak = new byte[20];
        r.nextBytes(ak);
        mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(ak, "HmacSHA1"));
        cipher = Cipher.getInstance(p.isAead() ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding");
        // N valid ceiling ciphertexts (IV counter = i) for the decrypt ceiling
        ceilWire = new byte[N][];
        ceilLen = new int[N];
        for (int i = 0; i < N; i++) {
            ceilWire[i] = new byte[size + 64];
            System.arraycopy(work, 0, ceilWire[i], 0, size);
            ceilLen[i] = ceilingProtect(ceilWire[i], i);
        }
        counter = N;
    }

    /** Fails the run if any measured call did not end in OK (the numbers would be meaningless). */
    @TearDown(Level.Trial)
    public void verify() {
        for (SrtpResult r : SrtpResult.values()) {
            if (r != SrtpResult.OK && (tx.count(r) != 0 || rx.count(r) != 0)) {
                throw new IllegalStateException(profile + "/" + size + ": " + r + " tx=" + tx.count(r) + " rx=" + rx.count(r));
            }
        }
    }

    @Benchmark
    public int protect() {
        // a fresh sequence number per packet (the sender refuses to reuse an index)
        work[2] = (byte) (seq >>> 8);
        work[3] = (byte) seq;
        seq++;
        tx.protectRtp(work, 0, size);
        return tx.length();
    }

    @Benchmark
    public int unprotect() {
        int i = next;
        if (i == 0) {
            rx.removeStream(SSRC); // the pre-protected indices 0..N-1 are fresh again
        }
        next = i + 1 == N ? 0 : i + 1;
        System.arraycopy(wire[i], 0, work, 0, wireLen[i]);
        rx.unprotectRtp(work, 0, wireLen[i]);
        return rx.length();
    }

    @Benchmark
    public int ceilingProtect() throws GeneralSecurityException {
        return ceilingProtect(work, ++counter);
    }

    private int ceilingProtect(byte[] b, long ctr) throws GeneralSecurityException {
        if (p.isAead()) {
            iv12[11] = (byte) ctr;
            iv12[10] = (byte) (ctr >>> 8);
            iv12[9] = (byte) (ctr >>> 16);
            iv12[8] = (byte) (ctr >>> 24);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv12));
            cipher.updateAAD(b, 0, 12);
            return 12 + cipher.doFinal(b, 12, size - 12, b, 12);
        }
        iv16[13] = (byte) ctr;
        iv16[12] = (byte) (ctr >>> 8);
        iv16[11] = (byte) (ctr >>> 16);
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv16));
        cipher.doFinal(b, 12, size - 12, b, 12);
        mac.update(b, 0, size);
        mac.update(macOut, 0, 4); // the ROC's 4 bytes
        mac.doFinal(macOut, 0);
        System.arraycopy(macOut, 0, b, size, p.srtpTagLength());
        return size + p.srtpTagLength();
    }

    @Benchmark
    public int ceilingUnprotect() throws GeneralSecurityException {
        int j = ceilNext;
        ceilNext = j + 1 == N ? 0 : j + 1;
        int len = ceilLen[j];
        System.arraycopy(ceilWire[j], 0, work, 0, len);
        if (p.isAead()) {
            iv12[11] = (byte) j;
            iv12[10] = (byte) (j >>> 8);
            iv12[9] = 0;
            iv12[8] = 0;
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv12));
            cipher.updateAAD(work, 0, 12);
            return 12 + cipher.doFinal(work, 12, len - 12, work, 12);
        }
        int n = len - p.srtpTagLength();
        mac.update(work, 0, n);
        mac.update(macOut, 0, 4);
        mac.doFinal(macOut, 0);
        int diff = 0;
        for (int i = 0; i < p.srtpTagLength(); i++) {
            diff |= macOut[i] ^ work[n + i];
        }
        iv16[13] = (byte) j;
        iv16[12] = (byte) (j >>> 8);
        iv16[11] = 0;
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv16));
        cipher.doFinal(work, 12, n - 12, work, 12);
        return n + diff;
    }
}
