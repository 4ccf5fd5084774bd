package org.ferryrtc.srtp;

import java.util.Arrays;

/**
 * The master keys and salts of one DTLS-SRTP session, already split by role: {@code local*}
 * protect what this side sends, {@code remote*} unprotect what it receives.
 *
 * <p>Arrays are copied on the way in and out.
 */
public final class SrtpKeys {
    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    public SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        if (profile == null) {
            throw new IllegalArgumentException("profile");
        }
        checkLength(profile, localKey, localSalt);
        checkLength(profile, remoteKey, remoteSalt);
        this.profile = profile;
        this.localKey = localKey.clone();
        this.localSalt = localSalt.clone();
        this.remoteKey = remoteKey.clone();
        this.remoteSalt = remoteSalt.clone();
    }

    static void checkLength(SrtpProfile profile, byte[] key, byte[] salt) {
        if (key == null || key.length != profile.keyLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte master key");
        }
        if (salt == null || salt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.saltLength() + "-byte master salt");
        }
    }

    /**
     * Splits the keying material exported with the label {@code EXTRACTOR-dtls_srtp}
     * (RFC 5764 §4.2) into local and remote keys.
     *
     * <pre>
     * material = client_write_SRTP_master_key | server_write_SRTP_master_key
     *          | client_write_SRTP_master_salt | server_write_SRTP_master_salt
     * </pre>
     *
     * @param material exactly {@link SrtpProfile#keyingMaterialLength()} bytes
     * @param isClient true if this side was the DTLS client: its local keys are the client's
     */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean isClient) {
        if (profile == null || material == null || material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material for " + profile + " must be "
                    + (profile == null ? "?" : profile.keyingMaterialLength()) + " bytes");
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return isClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] localKey() {
        return localKey.clone();
    }

    public byte[] localSalt() {
        return localSalt.clone();
    }

    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]"; // never the key bytes
    }
}
