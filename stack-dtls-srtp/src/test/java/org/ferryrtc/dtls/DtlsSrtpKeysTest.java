package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.ferryrtc.srtp.SrtpKeys;
import org.ferryrtc.srtp.SrtpProfile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DtlsSrtpKeysTest {

    /** RFC 5764 §4.2: client key | server key | client salt | server salt. */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void splitFollowsRfc5764Layout(SrtpProfile p) {
        byte[] km = new byte[p.keyingMaterialLength()];
        for (int i = 0; i < km.length; i++) {
            km[i] = (byte) i;
        }
        int k = p.keyLength();
        int s = p.saltLength();
        SrtpKeys client = new DtlsSrtpKeys(p, km, DtlsRole.CLIENT).srtpKeys();
        SrtpKeys server = new DtlsSrtpKeys(p, km, DtlsRole.SERVER).srtpKeys();
        assertArrayEquals(Arrays.copyOfRange(km, 0, k), client.localKey());
        assertArrayEquals(Arrays.copyOfRange(km, k, 2 * k), client.remoteKey());
        assertArrayEquals(Arrays.copyOfRange(km, 2 * k, 2 * k + s), client.localSalt());
        assertArrayEquals(Arrays.copyOfRange(km, 2 * k + s, 2 * k + 2 * s), client.remoteSalt());
        assertArrayEquals(client.localKey(), server.remoteKey());
        assertArrayEquals(client.remoteKey(), server.localKey());
        assertArrayEquals(client.localSalt(), server.remoteSalt());
        assertArrayEquals(client.remoteSalt(), server.localSalt());
        assertEquals(p, client.profile());
    }

    @Test
    void lengthsMatchTheBrief() {
        assertEquals(60, SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(60, SrtpProfile.AES128_CM_HMAC_SHA1_32.keyingMaterialLength());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength());
        assertEquals(0x0001, SrtpProfile.AES128_CM_HMAC_SHA1_80.id());
        assertEquals(0x0002, SrtpProfile.AES128_CM_HMAC_SHA1_32.id());
        assertEquals(0x0007, SrtpProfile.AEAD_AES_128_GCM.id());
        assertEquals(0x0008, SrtpProfile.AEAD_AES_256_GCM.id());
        assertEquals(null, SrtpProfile.fromId(0x0003));
    }

    @Test
    void materialIsCopiedAndValidated() {
        byte[] km = new byte[56];
        DtlsSrtpKeys keys = new DtlsSrtpKeys(SrtpProfile.AEAD_AES_128_GCM, km, DtlsRole.CLIENT);
        km[0] = 9;
        assertEquals(0, keys.keyingMaterial()[0]);
        keys.keyingMaterial()[1] = 9;
        assertEquals(0, keys.keyingMaterial()[1]);
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpKeys(SrtpProfile.AEAD_AES_128_GCM, new byte[60], DtlsRole.CLIENT));
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpKeys(SrtpProfile.fromId(3), new byte[60], DtlsRole.CLIENT));
    }
}
