package org.ferryrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's {@code SHA-1} {@link MessageDigest}, allocation-free.
 *
 * <p>Why not {@code javax.crypto.Mac}: on JDK 17 {@code Mac.doFinal(byte[], int)} allocates a
 * fresh result array per call, and like this class's portable path it re-hashes both 64-byte
 * pads per MAC. When {@link Sha1State} reaches the digest's chaining state, a MAC instead starts
 * from the SHA-1 states after the inner and the outer pad, computed once per key (RFC 2104 §4,
 * "implementation note"), and finishes with its own padding: 20 compressions instead of 22 for
 * a 1,204-byte SRTP input, all of them still the JDK's SHA-1 intrinsic. A self-test at class
 * load compares both paths and keeps the portable one on any difference.
 *
 * <pre>
 * HMAC(K, m) = SHA1((K ^ opad) || SHA1((K ^ ipad) || m))         RFC 2104 §2
 * SHA-1 padding (RFC 3174 §4): m || 0x80 || 0x00.. || bit length (64 bits, big-endian)
 * </pre>
 *
 * Not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final boolean PAD_STATES = selfTest();

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private final byte[] word = new byte[4];
    /** The digest's live chaining state, or null on the portable path. */
    private final int[] state;
    private final int[] innerStart = new int[5];
    private final int[] outerStart = new int[5];
    /** Padding + 64-bit length of the inner hash (at most 64 + 8 bytes). */
    private final byte[] tail = new byte[BLOCK + 8];
    /** The outer hash's single block: inner digest, 0x80, zeros, bit length of 64 + 20 bytes. */
    private final byte[] outerBlock = new byte[BLOCK];
    /** Bytes absorbed by the inner hash since {@link #start}, the inner pad included. */
    private long absorbed;
    /**
     * Pad-state path: a MAC was started and not finished, so the digest may hold a partial
     * block. A finished MAC leaves none (both hashes end on a block boundary), so the next
     * {@link #start} needs no {@code reset()}: only the chaining state is set, and the digest's
     * own byte count (used only by its {@code digest()}, never called here) is left as it is.
     */
    private boolean open;

    HmacSha1(byte[] key) {
        this(key, PAD_STATES);
    }

    HmacSha1(byte[] key, boolean padStates) {
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
        int[] s = padStates ? Sha1State.of(sha1) : null;
        if (s != null) {
            sha1.reset();
            sha1.update(ipad, 0, BLOCK);
            System.arraycopy(s, 0, innerStart, 0, 5);
            sha1.reset();
            sha1.update(opad, 0, BLOCK);
            System.arraycopy(s, 0, outerStart, 0, 5);
            sha1.reset();
            long bits = (BLOCK + LENGTH) * 8L;
            outerBlock[LENGTH] = (byte) 0x80;
            outerBlock[BLOCK - 2] = (byte) (bits >>> 8);
            outerBlock[BLOCK - 1] = (byte) bits;
        }
        state = s;
    }

    /** True if this instance starts from precomputed pad states. */
    boolean usesPadStates() {
        return state != null;
    }

    /** Starts a new MAC: absorbs the inner pad (or starts from its precomputed state). */
    void start() {
        int[] s = state;
        if (s != null) {
            if (open) {
                sha1.reset();
            }
            open = true;
            System.arraycopy(innerStart, 0, s, 0, 5);
        } else {
            sha1.reset();
            sha1.update(ipad, 0, BLOCK);
        }
        absorbed = BLOCK;
    }

    void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
        absorbed += len;
    }

    /** Absorbs a 32-bit big-endian word (the ROC of RFC 3711 §4.2). */
    void updateInt(int v) {
        word[0] = (byte) (v >>> 24);
        word[1] = (byte) (v >>> 16);
        word[2] = (byte) (v >>> 8);
        word[3] = (byte) v;
        update(word, 0, 4);
    }

    /** Finishes the MAC into {@code out[outOff .. outOff + 20)}. */
    void finish(byte[] out, int outOff) {
        int[] s = state;
        if (s == null) {
            try {
                sha1.digest(inner, 0, LENGTH);
                sha1.update(opad, 0, BLOCK);
                sha1.update(inner, 0, LENGTH);
                sha1.digest(out, outOff, LENGTH);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e); // only for a too-short buffer: a bug here
            }
            return;
        }
        // inner hash: our own SHA-1 padding in one update, which leaves every block compressed
        long total = absorbed;
        int used = (int) total & (BLOCK - 1);
        int padLen = used < BLOCK - 8 ? BLOCK - 8 - used : 2 * BLOCK - 8 - used;
        byte[] t = tail;
        t[0] = (byte) 0x80; // bytes 1 .. 63 stay zero: only the length below is ever written
        LONG.set(t, padLen, total << 3);
        sha1.update(t, 0, padLen + 8);
        LONG.set(t, padLen, 0L);
        byte[] o = outerBlock;
        for (int i = 0; i < 5; i++) {
            INT.set(o, 4 * i, s[i]);
        }
        // outer hash: one block from the outer pad's state (no reset: no partial block is left)
        System.arraycopy(outerStart, 0, s, 0, 5);
        sha1.update(o, 0, BLOCK);
        for (int i = 0; i < 5; i++) {
            INT.set(out, outOff + 4 * i, s[i]);
        }
        open = false;
    }

    /** Both paths agree on keys and lengths around the block and padding boundaries. */
    private static boolean selfTest() {
        try {
            byte[] msg = new byte[200];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = (byte) (i * 31 + 7);
            }
            for (int keyLen : new int[] {20, 64, 80}) {
                byte[] key = Arrays.copyOf(msg, keyLen);
                HmacSha1 fast = new HmacSha1(key, true);
                if (!fast.usesPadStates()) {
                    return false;
                }
                HmacSha1 slow = new HmacSha1(key, false);
                byte[] a = new byte[LENGTH];
                byte[] b = new byte[LENGTH];
                for (int len : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 200}) {
                    for (HmacSha1 h : new HmacSha1[] {fast, slow}) {
                        h.start();
                        h.update(msg, 0, len);
                        h.finish(h == fast ? a : b, 0);
                    }
                    if (!Arrays.equals(a, b)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
