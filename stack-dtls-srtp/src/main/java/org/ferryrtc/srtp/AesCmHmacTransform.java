package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;

/**
 * AES-CM-128 encryption with HMAC-SHA1 authentication (RFC 3711 §4.1.1, §4.2.1): the
 * {@code AES128_CM_HMAC_SHA1_80} and {@code _32} profiles.
 *
 * <pre>
 * SRTP  (§3.1):  | RTP header | encrypted payload | auth tag (10 or 4) |
 *                  tag = HMAC-SHA1(k_a, header || encrypted payload || ROC), truncated
 * SRTCP (§3.4):  | first 8 bytes | encrypted rest | E | SRTCP index (31) | auth tag (10) |
 *                  tag = HMAC-SHA1(k_a, everything before the tag), truncated
 * </pre>
 */
final class AesCmHmacTransform extends SrtpTransform {
    private final AesCounterMode rtpCipher;
    private final AesCounterMode rtcpCipher;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final int rtpTag;
    private final int rtcpTag;
    private final byte[] tag = new byte[HmacSha1.LENGTH];

    AesCmHmacTransform(SrtpProfile profile, byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuth,
            byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuth) {
        rtpCipher = new AesCounterMode(rtpKey, rtpSalt);
        rtcpCipher = new AesCounterMode(rtcpKey, rtcpSalt);
        rtpMac = new HmacSha1(rtpAuth);
        rtcpMac = new HmacSha1(rtcpAuth);
        rtpTag = profile.srtpTagLength();
        rtcpTag = profile.srtcpTagLength();
    }

    /** Derives the six session keys from the master key and salt (§4.3, rate 0). */
    static AesCmHmacTransform derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new AesCmHmacTransform(profile,
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTP_ENCRYPTION, 0, 0, k),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTP_SALT, 0, 0, s),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTP_AUTH, 0, 0, HmacSha1.LENGTH),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTCP_ENCRYPTION, 0, 0, k),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTCP_SALT, 0, 0, s),
                KeyDerivation.derive(masterKey, masterSalt, KeyDerivation.LABEL_RTCP_AUTH, 0, 0, HmacSha1.LENGTH));
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int hdr, long ssrc, long index) throws GeneralSecurityException {
        rtpCipher.apply(ssrc, index, buf, off + hdr, len - hdr);
        // the ROC goes into the tail room the tag will cover: one update call, no copy
        writeInt(buf, off + len, (int) (index >>> 16));
        rtpMac.start();
        rtpMac.update(buf, off, len + 4);
        rtpMac.finish(tag, 0);
        System.arraycopy(tag, 0, buf, off + len, rtpTag);
        return len + rtpTag;
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int len, int hdr, long ssrc, long index) throws GeneralSecurityException {
        int n = len - rtpTag;
        // the ROC temporarily over the first 4 tag bytes (every tag is >= 4): one update call
        int saved = readInt(buf, off + n);
        writeInt(buf, off + n, (int) (index >>> 16));
        rtpMac.start();
        rtpMac.update(buf, off, n + 4);
        writeInt(buf, off + n, saved);
        rtpMac.finish(tag, 0);
        if (!equal(tag, 0, buf, off + n, rtpTag)) {
            return -1;
        }
        rtpCipher.apply(ssrc, index, buf, off + hdr, n - hdr);
        return n;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, long ssrc, long index, boolean encrypt)
            throws GeneralSecurityException {
        if (encrypt) {
            rtcpCipher.apply(ssrc, index, buf, off + 8, len - 8);
        }
        writeInt(buf, off + len, (encrypt ? 0x8000_0000 : 0) | (int) index);
        rtcpMac.start();
        rtcpMac.update(buf, off, len + 4);
        rtcpMac.finish(tag, 0);
        System.arraycopy(tag, 0, buf, off + len + 4, rtcpTag);
        return len + 4 + rtcpTag;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, long ssrc, long index, boolean encrypted)
            throws GeneralSecurityException {
        int authenticated = len - rtcpTag;
        rtcpMac.start();
        rtcpMac.update(buf, off, authenticated);
        rtcpMac.finish(tag, 0);
        if (!equal(tag, 0, buf, off + authenticated, rtcpTag)) {
            return -1;
        }
        int n = authenticated - 4;
        if (encrypted) {
            rtcpCipher.apply(ssrc, index, buf, off + 8, n - 8);
        }
        return n;
    }
}
