package org.ferryrtc.dtls;

import java.util.Arrays;

/**
 * What the DTLS handshake hands to SRTP: the negotiated protection profile id, the keying
 * material exported with the label {@code EXTRACTOR-dtls_srtp} (RFC 5764 §4.2) and this
 * endpoint's role, which decides which half is ours.
 *
 * <pre>
 * keying material = client_write_SRTP_master_key[key]
 *                 | server_write_SRTP_master_key[key]
 *                 | client_write_SRTP_master_salt[salt]
 *                 | server_write_SRTP_master_salt[salt]
 * </pre>
 *
 * <p>The local ("write") key protects what we send; the remote key unprotects what we receive.
 * Accessors return fresh copies; the record itself holds a private copy of the material.
 *
 * @param profileId the RFC 5764 / RFC 7714 profile id ({@link DtlsSrtpProfile#id()})
 * @param keyingMaterial the exported bytes, {@link DtlsSrtpProfile#keyingMaterialLength()} long
 * @param role this endpoint's DTLS role
 */
public record DtlsSrtpKeys(int profileId, byte[] keyingMaterial, DtlsRole role) {

    /**
     * @throws IllegalArgumentException if the profile id is unknown or the material's length
     *     does not match it (programming errors: the handshake always produces a matching pair)
     */
    public DtlsSrtpKeys {
        DtlsSrtpProfile p = DtlsSrtpProfile.fromId(profileId);
        if (p == null) {
            throw new IllegalArgumentException("unknown SRTP profile id " + profileId);
        }
        if (keyingMaterial == null || keyingMaterial.length != p.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + p.keyingMaterialLength()
                    + " bytes for " + p);
        }
        if (role == null) {
            throw new IllegalArgumentException("role");
        }
        keyingMaterial = keyingMaterial.clone();
    }

    /** The negotiated profile. */
    public DtlsSrtpProfile profile() {
        return DtlsSrtpProfile.fromId(profileId);
    }

    /** A copy of the whole exported keying material. */
    @Override
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    /** Master key for what this endpoint sends. */
    public byte[] localMasterKey() {
        return key(role == DtlsRole.CLIENT);
    }

    /** Master salt for what this endpoint sends. */
    public byte[] localMasterSalt() {
        return salt(role == DtlsRole.CLIENT);
    }

    /** Master key for what the peer sends. */
    public byte[] remoteMasterKey() {
        return key(role != DtlsRole.CLIENT);
    }

    /** Master salt for what the peer sends. */
    public byte[] remoteMasterSalt() {
        return salt(role != DtlsRole.CLIENT);
    }

    private byte[] key(boolean client) {
        int k = profile().keyLength();
        int from = client ? 0 : k;
        return Arrays.copyOfRange(keyingMaterial, from, from + k);
    }

    private byte[] salt(boolean client) {
        DtlsSrtpProfile p = profile();
        int from = 2 * p.keyLength() + (client ? 0 : p.saltLength());
        return Arrays.copyOfRange(keyingMaterial, from, from + p.saltLength());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsSrtpKeys k && k.profileId == profileId && k.role == role
                && Arrays.equals(k.keyingMaterial, keyingMaterial);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * profileId + role.hashCode()) + Arrays.hashCode(keyingMaterial);
    }

    /** Never prints key bytes. */
    @Override
    public String toString() {
        return "DtlsSrtpKeys[" + profile() + ", " + role + ", " + keyingMaterial.length + " bytes]";
    }
}
