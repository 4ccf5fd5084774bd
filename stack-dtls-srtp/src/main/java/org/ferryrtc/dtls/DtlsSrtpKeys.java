package org.ferryrtc.dtls;

import java.util.Arrays;

import org.ferryrtc.srtp.SrtpKeys;
import org.ferryrtc.srtp.SrtpProfile;

/**
 * What the DTLS handshake hands to SRTP: the negotiated protection profile, the keying material
 * exported with the label {@code EXTRACTOR-dtls_srtp} (RFC 5764 §4.2) and this endpoint's role,
 * which decides which half is ours.
 *
 * <pre>
 * keying material = client_write_SRTP_master_key[key]
 *                 | server_write_SRTP_master_key[key]
 *                 | client_write_SRTP_master_salt[salt]
 *                 | server_write_SRTP_master_salt[salt]
 * </pre>
 *
 * <p>The split into local ("write", protects what we send) and remote (unprotects what we
 * receive) keys is {@link SrtpKeys#fromKeyingMaterial}, reached through {@link #srtpKeys()}.
 * {@link #keyingMaterial()} returns a fresh copy; the record itself holds a private copy.
 *
 * @param profile the negotiated RFC 5764 §4.1.2 / RFC 7714 §14.2 protection profile
 * @param keyingMaterial the exported bytes, {@link SrtpProfile#keyingMaterialLength()} long
 * @param role this endpoint's DTLS role
 */
public record DtlsSrtpKeys(SrtpProfile profile, byte[] keyingMaterial, DtlsRole role) {

    /**
     * @throws IllegalArgumentException if the profile or role is missing or the material's length
     *     does not match the profile (programming errors: the handshake always produces a
     *     matching pair)
     */
    public DtlsSrtpKeys {
        if (profile == null) {
            throw new IllegalArgumentException("profile");
        }
        if (keyingMaterial == null || keyingMaterial.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength()
                    + " bytes for " + profile);
        }
        if (role == null) {
            throw new IllegalArgumentException("role");
        }
        keyingMaterial = keyingMaterial.clone();
    }

    /** A copy of the whole exported keying material. */
    @Override
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    /** The material split by role, ready for {@code SrtpContext.outbound/inbound}. */
    public SrtpKeys srtpKeys() {
        return SrtpKeys.fromKeyingMaterial(profile, keyingMaterial, role == DtlsRole.CLIENT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsSrtpKeys k && k.profile == profile && k.role == role
                && Arrays.equals(k.keyingMaterial, keyingMaterial);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * profile.hashCode() + role.hashCode()) + Arrays.hashCode(keyingMaterial);
    }

    /** Never prints key bytes. */
    @Override
    public String toString() {
        return "DtlsSrtpKeys[" + profile + ", " + role + ", " + keyingMaterial.length + " bytes]";
    }
}
