package org.ferryrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1), built on one reused
 * {@code AES/ECB/NoPadding} instance so that no per-packet {@code Cipher.init} (and its
 * allocations) is needed: counter blocks are laid out in a scratch buffer, encrypted in one
 * {@code update} call, and XORed into the packet by a loop C2 vectorizes.
 *
 * <pre>
 * IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)       128 bits
 * keystream = E(k_e, IV) || E(k_e, IV + 1) || E(k_e, IV + 2) || ...
 * </pre>
 *
 * Not thread-safe.
 */
final class AesCounterMode {
    private static final VarHandle BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Cipher ecb;
    /** Session salt bytes 0..7, and bytes 8..13 shifted into the top 48 bits (k_s * 2^16). */
    private final long saltHi;
    private final long saltLo;
    private byte[] counters = new byte[2048];
    private byte[] keystream = new byte[2048];
    /** The counter blocks 0 .. filledBlocks-1 hold {@code filledHi} in their first 8 bytes. */
    private long filledHi;
    private int filledBlocks;

    AesCounterMode(byte[] sessionKey, byte[] sessionSalt) {
        if (sessionSalt.length != 14) {
            throw new IllegalArgumentException("AES-CM needs a 112-bit session salt");
        }
        byte[] padded = java.util.Arrays.copyOf(sessionSalt, 16);
        saltHi = (long) BIG_ENDIAN.get(padded, 0);
        saltLo = (long) BIG_ENDIAN.get(padded, 8);
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
        // IV = salt||0000 XOR SSRC at bytes 4..7 XOR index at bytes 8..13; block j in bytes 14..15
        long hi = saltHi ^ (ssrc & 0xFFFF_FFFFL);
        long lo = saltLo ^ ((index & 0xFFFF_FFFF_FFFFL) << 16);
        if (hi != filledHi || blocks > filledBlocks) { // a new SSRC or a longer packet
            for (int b = 0, p = 0; b < blocks; b++, p += 16) {
                BIG_ENDIAN.set(c, p, hi);
            }
            filledHi = hi;
            filledBlocks = blocks;
        }
        fillIndexHalf(c, lo, blocks); // per packet only the index half
        if (off + n > keystream.length) {
            keystream = new byte[Integer.highestOneBit(off + n - 1) << 1]; // once per larger offset
        }
        byte[] k = keystream;
        // the keystream lands at the payload's own offset, so that the XOR below indexes both
        // arrays alike: C2 then vectorizes it (off + i against i it does not)
        ecb.update(c, 0, n, k, off);
        xor(buf, k, off, off + len);
    }

    private static void fillIndexHalf(byte[] c, long lo, int blocks) {
        for (int b = 0, p = 8; b < blocks; b++, p += 16) {
            BIG_ENDIAN.set(c, p, lo | b);
        }
    }

    /** {@code buf[j] ^= k[j]} for j in [from, to): one index for both arrays, which C2 vectorizes. */
    private static void xor(byte[] buf, byte[] k, int from, int to) {
        for (int j = from; j < to; j++) {
            buf[j] ^= k[j];
        }
    }

    /** Test hook: the first counter block (the IV) of the last {@link #apply}. */
    byte[] lastIv() {
        return java.util.Arrays.copyOf(counters, 16);
    }

    private void grow(int n) {
        int size = Integer.highestOneBit(n - 1) << 1;
        counters = new byte[size];
        keystream = new byte[size];
        filledBlocks = 0;
    }
}
