package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DtlsSrtpKeysTest {

    /** RFC 5764 §4.2: client key | server key | client salt | server salt. */
    @ParameterizedTest
    @EnumSource(DtlsSrtpProfile.class)
    void splitFollowsRfc5764Layout(DtlsSrtpProfile p) {
        byte[] km = new byte[p.keyingMaterialLength()];
        for (int i = 0; i < km.length; i++) {
            km[i] = (byte) i;
        }
        int k = p.keyLength();
        int s = p.saltLength();
        DtlsSrtpKeys client = new DtlsSrtpKeys(p.id(), km, DtlsRole.CLIENT);
        DtlsSrtpKeys server = new DtlsSrtpKeys(p.id(), km, DtlsRole.SERVER);
        assertArrayEquals(Arrays.copyOfRange(km, 0, k), client.localMasterKey());
        assertArrayEquals(Arrays.copyOfRange(km, k, 2 * k), client.remoteMasterKey());
        assertArrayEquals(Arrays.copyOfRange(km, 2 * k, 2 * k + s), client.localMasterSalt());
        assertArrayEquals(Arrays.copyOfRange(km, 2 * k + s, 2 * k + 2 * s), client.remoteMasterSalt());
        assertArrayEquals(client.localMasterKey(), server.remoteMasterKey());
        assertArrayEquals(client.remoteMasterKey(), server.localMasterKey());
        assertArrayEquals(client.localMasterSalt(), server.remoteMasterSalt());
        assertArrayEquals(client.remoteMasterSalt(), server.localMasterSalt());
        assertEquals(p, client.profile());
    }

    @Test
    void lengthsMatchTheBrief() {
        assertEquals(60, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(60, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_32.keyingMaterialLength());
        assertEquals(56, DtlsSrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, DtlsSrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength());
        assertEquals(0x0001, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80.id());
        assertEquals(0x0002, DtlsSrtpProfile.AES128_CM_HMAC_SHA1_32.id());
        assertEquals(0x0007, DtlsSrtpProfile.AEAD_AES_128_GCM.id());
        assertEquals(0x0008, DtlsSrtpProfile.AEAD_AES_256_GCM.id());
        assertEquals(null, DtlsSrtpProfile.fromId(0x0003));
    }

    @Test
    void materialIsCopiedAndValidated() {
        byte[] km = new byte[56];
        DtlsSrtpKeys keys = new DtlsSrtpKeys(7, km, DtlsRole.CLIENT);
        km[0] = 9;
        assertEquals(0, keys.keyingMaterial()[0]);
        keys.keyingMaterial()[1] = 9;
        assertEquals(0, keys.keyingMaterial()[1]);
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpKeys(7, new byte[60], DtlsRole.CLIENT));
        assertThrows(IllegalArgumentException.class, () -> new DtlsSrtpKeys(3, new byte[60], DtlsRole.CLIENT));
    }
}
