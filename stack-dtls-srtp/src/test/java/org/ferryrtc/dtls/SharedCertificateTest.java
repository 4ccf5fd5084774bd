package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link DtlsCertificate.Shared}: one certificate for a lifetime, then a new one (virtual time). */
class SharedCertificateTest {

    @Test
    void theSameCertificateUntilItsLifetimeEndsThenANewOne() {
        DtlsCertificate.Shared shared = new DtlsCertificate.Shared(DtlsCertificate.KeyType.ECDSA_P256, 1_000);
        DtlsCertificate first = shared.get(5_000);
        assertSame(first, shared.get(5_000));
        assertSame(first, shared.get(5_999));
        DtlsCertificate second = shared.get(6_000);
        assertNotSame(first, second);
        assertEquals(false, first.sdpFingerprint().equals(second.sdpFingerprint()));
        assertSame(second, shared.get(6_999));
        assertNotSame(second, shared.get(6_500 - 10_000)); // the clock went backwards: do not keep it forever
    }

    @Test
    void theProcessCertificateIsOneEcdsaCertificate() {
        DtlsCertificate c = DtlsCertificate.processShared();
        assertSame(c, DtlsCertificate.processShared());
        assertEquals(DtlsCertificate.KeyType.ECDSA_P256, c.keyType());
    }

    @Test
    void aNonPositiveLifetimeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> new DtlsCertificate.Shared(DtlsCertificate.KeyType.ECDSA_P256, 0));
    }
}
