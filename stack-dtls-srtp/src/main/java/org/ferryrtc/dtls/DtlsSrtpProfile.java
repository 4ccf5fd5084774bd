package org.ferryrtc.dtls;

/**
 * The SRTP protection profiles negotiated through the DTLS {@code use_srtp} extension, with the
 * ids of RFC 5764 §4.1.2 and RFC 7714 §14.2 and the master key / salt lengths that size the
 * exported keying material (RFC 5764 §4.2: {@code 2 * (key + salt)} bytes).
 */
public enum DtlsSrtpProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2): 128-bit key, 112-bit salt. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14),
    /** SRTP_AES128_CM_HMAC_SHA1_32 (RFC 5764 §4.1.2): 128-bit key, 112-bit salt. */
    AES128_CM_HMAC_SHA1_32(0x0002, 16, 14),
    /** SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2): 128-bit key, 96-bit salt. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** SRTP_AEAD_AES_256_GCM (RFC 7714 §14.2): 256-bit key, 96-bit salt. */
    AEAD_AES_256_GCM(0x0008, 32, 12);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    DtlsSrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The two-byte profile id carried in {@code use_srtp}. */
    public int id() {
        return id;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Length of the {@code EXTRACTOR-dtls_srtp} output for this profile: 2 * (key + salt). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this id, or null if the id is not one we support. */
    public static DtlsSrtpProfile fromId(int id) {
        for (DtlsSrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
