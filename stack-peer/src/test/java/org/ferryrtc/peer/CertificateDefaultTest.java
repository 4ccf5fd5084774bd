package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.ferryrtc.dtls.DtlsCertificate;
import org.junit.jupiter.api.Test;

/** Which certificate a connection uses: given, process-wide by default, or fresh per connection. */
class CertificateDefaultTest {

    @Test
    void withoutACertificateConnectionsShareTheProcessOne() throws Exception {
        try (Peers a = new Peers(Peers.loopback().build()); Peers b = new Peers(Peers.loopback().build())) {
            assertEquals(a.pc.fingerprint(), b.pc.fingerprint());
            assertEquals(DtlsCertificate.processShared().sdpFingerprint(), a.pc.fingerprint());
        }
    }

    @Test
    void freshCertificateGeneratesOnePerConnection() throws Exception {
        try (Peers a = new Peers(Peers.loopback().freshCertificate(true).build());
                Peers b = new Peers(Peers.loopback().freshCertificate(true).build())) {
            assertNotEquals(a.pc.fingerprint(), b.pc.fingerprint());
            assertNotEquals(DtlsCertificate.processShared().sdpFingerprint(), a.pc.fingerprint());
        }
    }

    @Test
    void aGivenCertificateWinsOverBoth() throws Exception {
        DtlsCertificate mine = DtlsCertificate.generateEcdsa();
        try (Peers a = new Peers(Peers.loopback().certificate(mine).freshCertificate(true).build());
                Peers b = new Peers(Peers.loopback().certificate(mine).build())) {
            assertEquals(mine.sdpFingerprint(), a.pc.fingerprint());
            assertEquals(mine.sdpFingerprint(), b.pc.fingerprint());
        }
    }
}
