package org.ferryrtc.sctp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie (RFC 9260 §5.1.3): everything needed to build the association from a COOKIE
 * ECHO, protected by HMAC-SHA256 under a secret that never leaves this association.
 *
 * <pre>
 * | myTag | peerTag | myInitialTsn | peerInitialTsn | peerRwnd | outStreams | inStreams |
 * | caps(1) | tieMy | tiePeer | createdNanos(8) | HMAC-SHA256 (32)                     |
 * </pre>
 */
final class StateCookie {
    static final int BODY = 4 * 5 + 2 + 2 + 1 + 4 + 4 + 8;
    static final int SIZE = BODY + 32;
    static final int CAP_FORWARD_TSN = 1;
    static final int CAP_RECONFIG = 2;
    static final int CAP_IDATA = 4;

    int myTag;
    int peerTag;
    int myInitialTsn;
    int peerInitialTsn;
    long peerRwnd;
    int outStreams;
    int inStreams;
    int caps;
    int tieMy;
    int tiePeer;
    long createdNanos;

    private final Mac mac;
    private final byte[] tmp = new byte[32];

    StateCookie(byte[] secret) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    byte[] encode() {
        byte[] c = new byte[SIZE];
        Bytes.put32(c, 0, myTag);
        Bytes.put32(c, 4, peerTag);
        Bytes.put32(c, 8, myInitialTsn);
        Bytes.put32(c, 12, peerInitialTsn);
        Bytes.put32(c, 16, (int) peerRwnd);
        Bytes.put16(c, 20, outStreams);
        Bytes.put16(c, 22, inStreams);
        c[24] = (byte) caps;
        Bytes.put32(c, 25, tieMy);
        Bytes.put32(c, 29, tiePeer);
        Bytes.put64(c, 33, createdNanos);
        mac.update(c, 0, BODY);
        try {
            mac.doFinal(c, BODY);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    /** Verifies the MAC and loads the fields; false (nothing loaded) for a forged or malformed cookie. */
    boolean decode(byte[] b, int off, int len) {
        if (len != SIZE) {
            return false;
        }
        mac.update(b, off, BODY);
        try {
            mac.doFinal(tmp, 0);
        } catch (GeneralSecurityException e) {
            return false;
        }
        byte[] given = new byte[32];
        System.arraycopy(b, off + BODY, given, 0, 32);
        if (!MessageDigest.isEqual(tmp, given)) {
            return false;
        }
        myTag = Bytes.i32(b, off);
        peerTag = Bytes.i32(b, off + 4);
        myInitialTsn = Bytes.i32(b, off + 8);
        peerInitialTsn = Bytes.i32(b, off + 12);
        peerRwnd = Bytes.u32(b, off + 16);
        outStreams = Bytes.u16(b, off + 20);
        inStreams = Bytes.u16(b, off + 22);
        caps = b[off + 24] & 0xFF;
        tieMy = Bytes.i32(b, off + 25);
        tiePeer = Bytes.i32(b, off + 29);
        createdNanos = Bytes.i64(b, off + 33);
        return true;
    }
}
