package org.ferryrtc.srtp;

/**
 * The SRTP protection profiles FerryRTC implements, with their DTLS-SRTP identifiers
 * (RFC 5764 §4.1.2, RFC 7714 §14.2) and transform parameters.
 *
 * <pre>
 * profile                    id      master key  master salt  SRTP tag  SRTCP tag
 * AES128_CM_HMAC_SHA1_80     0x0001  128 bits    112 bits     80 bits   80 bits
 * AES128_CM_HMAC_SHA1_32     0x0002  128 bits    112 bits     32 bits   80 bits
 * AEAD_AES_128_GCM           0x0007  128 bits     96 bits    128 bits  128 bits
 * AEAD_AES_256_GCM           0x0008  256 bits     96 bits    128 bits  128 bits
 * </pre>
 *
 * <p>The AES-CM profiles authenticate with HMAC-SHA1 under a 160-bit session key (RFC 3711
 * §4.2.1); SRTCP always carries an 80-bit tag with them (RFC 5764 §4.1.2). The AEAD profiles
 * have no separate authentication key (RFC 7714 §12).
 */
public enum SrtpProfile {
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),
    AES128_CM_HMAC_SHA1_32(0x0002, 16, 14, 4, 10),
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16),
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, 16);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int srtpTagLength;
    private final int srtcpTagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int srtpTagLength, int srtcpTagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.srtpTagLength = srtpTagLength;
        this.srtcpTagLength = srtcpTagLength;
    }

    /** The 16-bit SRTP protection profile identifier of the DTLS {@code use_srtp} extension. */
    public int id() {
        return id;
    }

    /** Master (and session encryption) key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master (and session) salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag length appended to SRTP packets, in bytes. */
    public int srtpTagLength() {
        return srtpTagLength;
    }

    /** Authentication tag length appended to SRTCP packets, in bytes. */
    public int srtcpTagLength() {
        return srtcpTagLength;
    }

    /** True for the AES-GCM AEAD profiles of RFC 7714. */
    public boolean isAead() {
        return this == AEAD_AES_128_GCM || this == AEAD_AES_256_GCM;
    }

    /** Bytes {@code protectRtp} appends: the tag (MKI is never used). */
    public int srtpOverhead() {
        return srtpTagLength;
    }

    /** Bytes {@code protectRtcp} appends: the tag plus the 4-byte E flag and SRTCP index. */
    public int srtcpOverhead() {
        return srtcpTagLength + 4;
    }

    /**
     * Length of the {@code EXTRACTOR-dtls_srtp} keying material to export for this profile:
     * two keys and two salts (RFC 5764 §4.2).
     */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with the given DTLS-SRTP identifier, or null if FerryRTC does not implement it. */
    public static SrtpProfile fromId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
