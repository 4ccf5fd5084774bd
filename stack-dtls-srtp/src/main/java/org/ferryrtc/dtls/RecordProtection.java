package org.ferryrtc.dtls;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DTLS 1.2 record protection for epoch 1 with the AES-GCM suites we negotiate (RFC 5288,
 * RFC 5289), used after the handshake instead of BouncyCastle's record layer for the hot path:
 * application data in both directions, and our close_notify. Owner thread only.
 *
 * <p>Record (RFC 6347 §4.1) as protected by an AEAD cipher (RFC 5246 §6.2.3.3):
 * <pre>
 *  0      1      3        5                   11       13              21           13+len
 *  +------+------+--------+-------------------+--------+---------------+------------+-----+
 *  | type | FEFD | epoch  | sequence (48 bit) | length | explicit nonce| ciphertext | tag |
 *  +------+------+--------+-------------------+--------+---------------+------------+-----+
 *                                                       `------------ length -------------'
 *  GCM nonce (RFC 5288 §3) = write_IV salt (4 bytes of the key block) | explicit nonce (8)
 *  AAD = epoch|seq (8) | type | FEFD | plaintext length (2)
 * </pre>
 * Our explicit nonce is the record's epoch and sequence number, as BouncyCastle's, so a nonce
 * never repeats as long as sequence numbers do not; the first sequence number we use is one past
 * the highest BC sent in epoch 1 (the Finished, and retransmissions of it), and BC is kept from
 * sending in epoch 1 after the hand-over ({@link QueueDatagramTransport#stopProtectedSends}).
 * Inbound records pass the anti-replay window of RFC 6347 §4.1.2.6 (64 records) before and after
 * authentication; failures are returned as codes, never thrown.
 */
final class RecordProtection {
    static final int HEADER = 13;
    static final int EXPLICIT_NONCE = 8;
    static final int TAG = 16;
    /** Bytes a record adds to its plaintext. */
    static final int OVERHEAD = HEADER + EXPLICIT_NONCE + TAG;
    static final int EPOCH = 1;
    static final int APPLICATION_DATA = 23;
    static final int ALERT = 21;
    /** Largest 48-bit sequence number. */
    static final long MAX_SEQUENCE = (1L << 48) - 1;

    /** {@link #open} results (negative); a non-negative result is the plaintext length. */
    static final int MALFORMED = -1;
    static final int REPLAYED = -2;
    static final int AUTH_FAILED = -3;

    private final Cipher encrypt;
    private final Cipher decrypt;
    private final SecretKeySpec writeKey;
    private final SecretKeySpec readKey;
    private final byte[] writeNonce = new byte[12];
    private final byte[] readNonce = new byte[12];
    private final byte[] aad = new byte[13];
    private long nextWriteSequence;
    /** Highest sequence number authenticated so far, -1 before the first. */
    private long maxRead = -1;
    /** Bit i set: record maxRead - i was received. */
    private long window;

    /**
     * @param keyBlock the key block (RFC 5246 §6.3): client key, server key, client salt (4),
     *     server salt (4); keys of 16 or 32 bytes
     * @param client whether we are the DTLS client (writes with the client key)
     * @param firstWriteSequence the first epoch-1 sequence number this layer may use
     */
    RecordProtection(byte[] keyBlock, boolean client, long firstWriteSequence) {
        int keyLength = (keyBlock.length - 8) / 2;
        if (keyLength != 16 && keyLength != 32 || keyBlock.length != 2 * keyLength + 8) {
            throw new IllegalArgumentException("key block of " + keyBlock.length + " bytes");
        }
        if (firstWriteSequence < 0 || firstWriteSequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence " + firstWriteSequence);
        }
        SecretKeySpec clientKey = new SecretKeySpec(keyBlock, 0, keyLength, "AES");
        SecretKeySpec serverKey = new SecretKeySpec(keyBlock, keyLength, keyLength, "AES");
        writeKey = client ? clientKey : serverKey;
        readKey = client ? serverKey : clientKey;
        System.arraycopy(keyBlock, 2 * keyLength + (client ? 0 : 4), writeNonce, 0, 4);
        System.arraycopy(keyBlock, 2 * keyLength + (client ? 4 : 0), readNonce, 0, 4);
        nextWriteSequence = firstWriteSequence;
        try {
            encrypt = Cipher.getInstance("AES/GCM/NoPadding");
            decrypt = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES-GCM", e);
        }
    }

    /**
     * Protects {@code len} bytes of {@code type} content into one record at {@code out[outOff..]}.
     *
     * @return the record length ({@code len + OVERHEAD}), or -1 if the sequence numbers are used
     *     up (the connection must end: RFC 6347 §4.1 forbids wrapping)
     * @throws IndexOutOfBoundsException if {@code out} has no room (programming error)
     */
    int seal(int type, byte[] in, int inOff, int len, byte[] out, int outOff) {
        java.util.Objects.checkFromIndexSize(inOff, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, len + OVERHEAD, out.length);
        if (len > 0xFFFF - EXPLICIT_NONCE - TAG) {
            throw new IllegalArgumentException("record of " + len + " bytes");
        }
        if (nextWriteSequence > MAX_SEQUENCE) {
            return -1;
        }
        long epochSeq = ((long) EPOCH << 48) | nextWriteSequence++;
        out[outOff] = (byte) type;
        out[outOff + 1] = (byte) 0xFE;
        out[outOff + 2] = (byte) 0xFD;
        putLong(out, outOff + 3, epochSeq);
        int fragment = EXPLICIT_NONCE + len + TAG;
        out[outOff + 11] = (byte) (fragment >>> 8);
        out[outOff + 12] = (byte) fragment;
        putLong(out, outOff + HEADER, epochSeq);
        putLong(writeNonce, 4, epochSeq);
        setAad(epochSeq, type, len);
        try {
            encrypt.init(Cipher.ENCRYPT_MODE, writeKey, new GCMParameterSpec(TAG * 8, writeNonce));
            encrypt.updateAAD(aad);
            encrypt.doFinal(in, inOff, len, out, outOff + HEADER + EXPLICIT_NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt", e);
        }
        return len + OVERHEAD;
    }

    /**
     * Authenticates and decrypts the epoch-1 record at {@code buf[off..off+len)} (exactly one
     * record, header included, already framed) into {@code out[outOff..]}, which must have room
     * for {@code len - OVERHEAD} bytes and must not overlap the input.
     *
     * @return the plaintext length, or {@link #MALFORMED}, {@link #REPLAYED}, {@link #AUTH_FAILED}
     */
    int open(byte[] buf, int off, int len, byte[] out, int outOff) {
        if (len < OVERHEAD || HEADER + (((buf[off + 11] & 0xFF) << 8) | (buf[off + 12] & 0xFF)) != len
                || (((buf[off + 3] & 0xFF) << 8) | (buf[off + 4] & 0xFF)) != EPOCH) {
            return MALFORMED;
        }
        long epochSeq = getLong(buf, off + 3);
        long seq = epochSeq & MAX_SEQUENCE;
        if (isReplay(seq)) {
            return REPLAYED;
        }
        int plain = len - OVERHEAD;
        System.arraycopy(buf, off + HEADER, readNonce, 4, EXPLICIT_NONCE);
        setAad(epochSeq, buf[off] & 0xFF, plain);
        aad[9] = buf[off + 1];
        aad[10] = buf[off + 2];
        int n;
        try {
            decrypt.init(Cipher.DECRYPT_MODE, readKey, new GCMParameterSpec(TAG * 8, readNonce));
            decrypt.updateAAD(aad);
            n = decrypt.doFinal(buf, off + HEADER + EXPLICIT_NONCE, plain + TAG, out, outOff);
        } catch (GeneralSecurityException e) { // AEADBadTagException: forged, corrupted or not ours
            return AUTH_FAILED;
        }
        markReceived(seq);
        return n;
    }

    /** RFC 6347 §4.1.2.6: too old, or already seen. */
    boolean isReplay(long seq) {
        if (seq > maxRead) {
            return false;
        }
        long age = maxRead - seq;
        return age >= 64 || (window & (1L << age)) != 0;
    }

    private void markReceived(long seq) {
        if (seq > maxRead) {
            long shift = seq - maxRead;
            window = shift >= 64 ? 1L : (window << shift) | 1L;
            maxRead = seq;
        } else {
            window |= 1L << (maxRead - seq);
        }
    }

    /** The next sequence number {@link #seal} will use. */
    long nextWriteSequence() {
        return nextWriteSequence;
    }

    private void setAad(long epochSeq, int type, int plainLength) {
        putLong(aad, 0, epochSeq);
        aad[8] = (byte) type;
        aad[9] = (byte) 0xFE;
        aad[10] = (byte) 0xFD;
        aad[11] = (byte) (plainLength >>> 8);
        aad[12] = (byte) plainLength;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    @Override
    public String toString() {
        return "RecordProtection[next write " + nextWriteSequence + ", max read " + maxRead + "]";
    }
}
