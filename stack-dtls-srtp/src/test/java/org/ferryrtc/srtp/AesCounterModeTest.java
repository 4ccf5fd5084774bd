package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigInteger;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link AesCounterMode} against the JCE's {@code AES/CTR} with the RFC 3711 §4.1.1 IV, while
 * SSRCs and packet lengths change from call to call (the reused counter blocks must follow).
 */
class AesCounterModeTest {
    @Test
    void matchesJceCtrAcrossInterleavedSsrcsAndLengths() throws Exception {
        Random r = new Random(11);
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        r.nextBytes(key);
        r.nextBytes(salt);
        AesCounterMode cm = new AesCounterMode(key, salt);
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        long[] ssrcs = {0x1234_5678L, 0xFFFF_FFFFL, 0L};
        for (int i = 0; i < 400; i++) {
            long ssrc = ssrcs[r.nextInt(ssrcs.length)];
            long index = r.nextLong() & 0xFFFF_FFFF_FFFFL;
            int len = r.nextInt(5) == 0 ? 1500 + r.nextInt(3000) : r.nextInt(1300);
            byte[] data = new byte[len + 7];
            r.nextBytes(data);
            // IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)
            BigInteger iv = new BigInteger(1, salt).shiftLeft(16)
                    .xor(BigInteger.valueOf(ssrc).shiftLeft(64))
                    .xor(BigInteger.valueOf(index).shiftLeft(16));
            byte[] ivBytes = new byte[16];
            byte[] raw = iv.toByteArray();
            int n = Math.min(raw.length, 16);
            System.arraycopy(raw, raw.length - n, ivBytes, 16 - n, n);
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
            byte[] want = data.clone();
            byte[] enc = ctr.doFinal(data, 7, len);
            System.arraycopy(enc, 0, want, 7, len);
            byte[] got = data.clone();
            cm.apply(ssrc, index, got, 7, len);
            assertArrayEquals(want, got, "call " + i + " ssrc " + ssrc + " len " + len);
            if (len > 0) {
                assertArrayEquals(ivBytes, cm.lastIv(), "IV of call " + i);
            }
            cm.apply(ssrc, index, got, 7, len);
            assertArrayEquals(data, got, "decrypts back, call " + i);
        }
    }
}
