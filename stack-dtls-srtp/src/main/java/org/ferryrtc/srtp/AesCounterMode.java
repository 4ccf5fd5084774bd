package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1), built on one reused
 * {@code AES/ECB/NoPadding} instance so that no per-packet {@code Cipher.init} (and its
 * allocations) is needed: counter blocks are laid out in a scratch buffer, encrypted in one
 * {@code update} call, and XORed into the packet.
 *
 * <pre>
 * IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)       128 bits
 * keystream = E(k_e, IV) || E(k_e, IV + 1) || E(k_e, IV + 2) || ...
 * </pre>
 *
 * Not thread-safe.
 */
final class AesCounterMode {
    private final Cipher ecb;
    private final byte[] salt = new byte[14];
    private byte[] counters = new byte[2048];
    private byte[] keystream = new byte[2048];

    AesCounterMode(byte[] sessionKey, byte[] sessionSalt) {
        if (sessionSalt.length != 14) {
            throw new IllegalArgumentException("AES-CM needs a 112-bit session salt");
        }
        System.arraycopy(sessionSalt, 0, salt, 0, 14);
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /**
     * XORs the keystream for ({@code ssrc}, {@code index}) into {@code len} bytes of
     * {@code buf} at {@code off} (encrypts and decrypts alike).
     */
    void apply(long ssrc, long index, byte[] buf, int off, int len) throws ShortBufferException {
        if (len <= 0) {
            return;
        }
        int blocks = (len + 15) >>> 4;
        int n = blocks << 4;
        if (n > counters.length) {
            grow(n); // once per larger packet size, never on the steady state
        }
        byte[] c = counters;
        // first block: the IV with a zero block counter
        for (int i = 0; i < 14; i++) {
            c[i] = salt[i];
        }
        c[4] ^= (byte) (ssrc >>> 24);
        c[5] ^= (byte) (ssrc >>> 16);
        c[6] ^= (byte) (ssrc >>> 8);
        c[7] ^= (byte) ssrc;
        c[8] ^= (byte) (index >>> 40);
        c[9] ^= (byte) (index >>> 32);
        c[10] ^= (byte) (index >>> 24);
        c[11] ^= (byte) (index >>> 16);
        c[12] ^= (byte) (index >>> 8);
        c[13] ^= (byte) index;
        c[14] = 0;
        c[15] = 0;
        for (int b = 1, p = 16; b < blocks; b++, p += 16) {
            System.arraycopy(c, 0, c, p, 14);
            c[p + 14] = (byte) (b >>> 8);
            c[p + 15] = (byte) b;
        }
        byte[] k = keystream;
        ecb.update(c, 0, n, k, 0);
        for (int i = 0; i < len; i++) {
            buf[off + i] ^= k[i];
        }
    }

    private void grow(int n) {
        int size = Integer.highestOneBit(n - 1) << 1;
        counters = new byte[size];
        keystream = new byte[size];
    }
}
