package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;

/**
 * The cryptographic transform of one profile and one direction, below the packet framing
 * checks of {@link SrtpContext}: all bounds are already validated when these are called.
 * Methods return the new length, or -1 when the authentication tag does not verify.
 */
abstract class SrtpTransform {
    /**
     * Encrypts the payload after {@code hdr} header bytes and appends the tag.
     *
     * @param index the 48-bit packet index, ROC || SEQ
     */
    abstract int protectRtp(byte[] buf, int off, int len, int hdr, long ssrc, long index)
            throws GeneralSecurityException;

    /** Verifies the tag at the end of {@code len} bytes and decrypts; -1 on a bad tag. */
    abstract int unprotectRtp(byte[] buf, int off, int len, int hdr, long ssrc, long index)
            throws GeneralSecurityException;

    /** Protects an RTCP compound packet, appending E || SRTCP index and the tag. */
    abstract int protectRtcp(byte[] buf, int off, int len, long ssrc, long index, boolean encrypt)
            throws GeneralSecurityException;

    /** Verifies and (if {@code encrypted}) decrypts an SRTCP packet; -1 on a bad tag. */
    abstract int unprotectRtcp(byte[] buf, int off, int len, long ssrc, long index, boolean encrypted)
            throws GeneralSecurityException;

    /** Constant-time comparison of {@code n} bytes. */
    static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    static int readInt(byte[] b, int i) {
        return (b[i] << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
