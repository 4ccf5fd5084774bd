package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's {@code SHA-1} {@link MessageDigest}, allocation-free.
 *
 * <p>Why not {@code javax.crypto.Mac}: on JDK 17 {@code Mac.doFinal(byte[], int)} allocates a
 * fresh result array per call (the provider's {@code engineDoFinal} returns one). This class
 * does exactly what the JDK's HmacCore does (reset, inner pad, message, outer pad) with the
 * same SHA-1 implementation, writing into a reused buffer.
 *
 * Not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private final byte[] word = new byte[4];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
    }

    /** Starts a new MAC: absorbs the inner pad. */
    void start() {
        sha1.reset();
        sha1.update(ipad, 0, BLOCK);
    }

    void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
    }

    /** Absorbs a 32-bit big-endian word (the ROC of RFC 3711 §4.2). */
    void updateInt(int v) {
        word[0] = (byte) (v >>> 24);
        word[1] = (byte) (v >>> 16);
        word[2] = (byte) (v >>> 8);
        word[3] = (byte) v;
        sha1.update(word, 0, 4);
    }

    /** Finishes the MAC into {@code out[outOff .. outOff + 20)}. */
    void finish(byte[] out, int outOff) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(opad, 0, BLOCK);
            sha1.update(inner, 0, LENGTH);
            sha1.digest(out, outOff, LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e); // only for a too-short buffer: a bug here
        }
    }
}
