package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714) on the JDK's {@code AES/GCM/NoPadding}.
 *
 * <pre>
 * SRTP IV (§8.1):   salt XOR | 00 00 | SSRC (32) | ROC (32) | SEQ (16) |                 96 bits
 * SRTCP IV (§9.1):  salt XOR | 00 00 | SSRC (32) | 00 00 | 0 | SRTCP index (31) |        96 bits
 *
 * SRTP (§8.2):      | RTP header = AAD | ciphertext | tag (16) |
 * SRTCP (§9.2, E=1):| first 8 bytes (AAD) | ciphertext | tag (16) | E=1 | index (31) |   AAD += E||index
 * SRTCP (§9.3, E=0):| whole RTCP packet (AAD) | tag (16) | E=0 | index (31) |            AAD += E||index
 * </pre>
 *
 * <p>The JCE needs a {@code Cipher.init} per packet for the new IV; the instances are reused.
 * In place (same array, same offset) is not an overlap for the JDK's GCM, so no data copy is
 * made; what still allocates is that per-packet {@code init} (measured on JDK 17.0.15: about
 * 1 KB per encryption, 0.3 KB per decryption, independent of the packet size: the
 * {@code GCMParameterSpec}, key and IV copies and the provider's per-init GHASH/GCTR state).
 * Avoiding it would mean a pure-Java GHASH, far slower than the JDK's intrinsic one.
 */
final class AesGcmTransform extends SrtpTransform {
    private static final int TAG = 16;

    private final Cipher rtpGcm;
    private final Cipher rtcpGcm;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[12];
    private final byte[] trailer = new byte[4];

    AesGcmTransform(byte[] rtpKey, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpSalt) {
        if (rtpSalt.length != 12 || rtcpSalt.length != 12) {
            throw new IllegalArgumentException("AES-GCM needs a 96-bit session salt");
        }
        this.rtpKey = new SecretKeySpec(rtpKey, "AES");
        this.rtcpKey = new SecretKeySpec(rtcpKey, "AES");
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
        try {
            rtpGcm = Cipher.getInstance("AES/GCM/NoPadding");
            rtcpGcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Derives the session keys and salts (RFC 7714 §11: the RFC 3711 KDF, rate 0). */
    static AesGcmTransform derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        int k = profile.keyLength();
        return new AesGcmTransform(
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTP_ENCRYPTION, 0, 0, k),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTP_SALT, 0, 0, 12),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTCP_ENCRYPTION, 0, 0, k),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTCP_SALT, 0, 0, 12));
    }

    private void rtpIv(long ssrc, long index) {
        byte[] s = rtpSalt;
        iv[0] = s[0];
        iv[1] = s[1];
        iv[2] = (byte) (s[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (s[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (s[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (s[5] ^ ssrc);
        iv[6] = (byte) (s[6] ^ (index >>> 40));
        iv[7] = (byte) (s[7] ^ (index >>> 32));
        iv[8] = (byte) (s[8] ^ (index >>> 24));
        iv[9] = (byte) (s[9] ^ (index >>> 16));
        iv[10] = (byte) (s[10] ^ (index >>> 8));
        iv[11] = (byte) (s[11] ^ index);
    }

    /** Test hook: a copy of the SRTP IV for ({@code ssrc}, {@code index}). */
    byte[] rtpIvFor(long ssrc, long index) {
        rtpIv(ssrc, index);
        return iv.clone();
    }

    private void rtcpIv(long ssrc, long index) {
        byte[] s = rtcpSalt;
        iv[0] = s[0];
        iv[1] = s[1];
        iv[2] = (byte) (s[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (s[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (s[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (s[5] ^ ssrc);
        iv[6] = s[6];
        iv[7] = s[7];
        iv[8] = (byte) (s[8] ^ ((index >>> 24) & 0x7F));
        iv[9] = (byte) (s[9] ^ (index >>> 16));
        iv[10] = (byte) (s[10] ^ (index >>> 8));
        iv[11] = (byte) (s[11] ^ index);
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int hdr, long ssrc, long index) throws GeneralSecurityException {
        rtpIv(ssrc, index);
        rtpGcm.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG * 8, iv));
        rtpGcm.updateAAD(buf, off, hdr);
        return hdr + rtpGcm.doFinal(buf, off + hdr, len - hdr, buf, off + hdr);
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int len, int hdr, long ssrc, long index) throws GeneralSecurityException {
        rtpIv(ssrc, index);
        rtpGcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG * 8, iv));
        rtpGcm.updateAAD(buf, off, hdr);
        try {
            return hdr + rtpGcm.doFinal(buf, off + hdr, len - hdr, buf, off + hdr);
        } catch (AEADBadTagException e) {
            return -1;
        }
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, long ssrc, long index, boolean encrypt)
            throws GeneralSecurityException {
        rtcpIv(ssrc, index);
        writeInt(trailer, 0, (encrypt ? 0x8000_0000 : 0) | (int) index);
        rtcpGcm.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
        int n;
        if (encrypt) {
            rtcpGcm.updateAAD(buf, off, 8);
            rtcpGcm.updateAAD(trailer, 0, 4);
            n = 8 + rtcpGcm.doFinal(buf, off + 8, len - 8, buf, off + 8);
        } else {
            rtcpGcm.updateAAD(buf, off, len);
            rtcpGcm.updateAAD(trailer, 0, 4);
            n = len + rtcpGcm.doFinal(buf, off + len, 0, buf, off + len);
        }
        System.arraycopy(trailer, 0, buf, off + n, 4);
        return n + 4;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, long ssrc, long index, boolean encrypted)
            throws GeneralSecurityException {
        rtcpIv(ssrc, index);
        int body = len - 4;
        rtcpGcm.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
        try {
            if (encrypted) {
                rtcpGcm.updateAAD(buf, off, 8);
                rtcpGcm.updateAAD(buf, off + body, 4);
                return 8 + rtcpGcm.doFinal(buf, off + 8, body - 8, buf, off + 8);
            }
            int plain = body - TAG;
            rtcpGcm.updateAAD(buf, off, plain);
            rtcpGcm.updateAAD(buf, off + body, 4);
            rtcpGcm.doFinal(buf, off + plain, TAG, buf, off + plain);
            return plain;
        } catch (AEADBadTagException e) {
            return -1;
        }
    }
}
