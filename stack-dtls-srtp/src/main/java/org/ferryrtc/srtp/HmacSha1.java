package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's {@code SHA-1} {@link MessageDigest}, allocation-free.
 *
 * <pre>
 * HMAC(K, m) = SHA1((K ^ opad) || SHA1((K ^ ipad) || m))         RFC 2104 §2
 * </pre>
 *
 * <p>Why not {@code javax.crypto.Mac}: on JDK 17 {@code Mac.doFinal(byte[], int)} allocates a
 * fresh result array per call (40 B per packet). Both re-hash the two 64-byte pads per MAC (two
 * extra SHA-1 compressions, ~75 ns on a 1,200-byte packet): starting from precomputed pad states
 * (RFC 2104 §4) would need the digest's internal chaining state, which no public JDK API exposes;
 * a variant reading it through {@code sun.misc.Unsafe} was measured (970-1,000 instead of
 * 1,076-1,087 ns per forwarded packet) and not kept: it depends on JDK-internal classes (see
 * {@code benchmarks/.../gateway/README.md}). The hashing itself is the JDK's SHA-1 intrinsic.
 *
 * <p>Not thread-safe.
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

    /** Starts a new MAC: absorbs the inner pad (anything absorbed before is discarded). */
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
