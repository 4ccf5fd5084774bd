package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 §4.3): the AES-CM PRF keyed with the master key.
 *
 * <pre>
 * r      = index DIV key_derivation_rate        (0 if the rate is 0)
 * key_id = label (8 bits) || r (48 bits)
 * x      = key_id XOR master_salt               (right-aligned, 112 bits)
 * out    = first n bytes of AES-CM(master_key, IV = x * 2^16)
 * </pre>
 *
 * <p>A 96-bit AEAD master salt (RFC 7714 §11) is placed in the first 12 bytes of the 112-bit
 * field, the two last bytes being zero, as libsrtp and the browsers do.
 *
 * <p>Labels: 0x00 RTP encryption, 0x01 RTP authentication, 0x02 RTP salt, 0x03 RTCP
 * encryption, 0x04 RTCP authentication, 0x05 RTCP salt (§4.3.1, §4.3.2).
 */
final class KeyDerivation {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private KeyDerivation() {
    }

    /**
     * Derives {@code length} bytes for {@code label}.
     *
     * @param index the packet index (48-bit SRTP or 31-bit SRTCP), used only if {@code rate != 0}
     * @param rate the key derivation rate: 0 or a power of two up to 2^24 (§4.3.1)
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, long index, long rate, int length) {
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        if (rate != 0 && (Long.bitCount(rate) != 1 || rate > (1L << 24))) {
            throw new IllegalArgumentException("key derivation rate " + rate);
        }
        long r = rate == 0 ? 0 : (index / rate) & 0xFFFF_FFFF_FFFFL;
        byte[] x = new byte[16];
        System.arraycopy(masterSalt, 0, x, 0, masterSalt.length);
        x[7] ^= (byte) label;
        for (int i = 0; i < 6; i++) {
            x[13 - i] ^= (byte) (r >>> (8 * i));
        }
        int blocks = (length + 15) / 16;
        byte[] counters = new byte[blocks * 16];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(x, 0, counters, b * 16, 14);
            counters[b * 16 + 14] = (byte) (b >>> 8);
            counters[b * 16 + 15] = (byte) b;
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] out = aes.doFinal(counters);
            byte[] result = new byte[length];
            System.arraycopy(out, 0, result, 0, length);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }
}
