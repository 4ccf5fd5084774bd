package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first flight of a real Chromium 156 (captured with {@code capture_chromium_clienthello.py}
 * into {@code dtls/chromium-156-clienthello.hex}): a DTLS 1.3 + 1.2 ClientHello whose
 * X25519MLKEM768 key share makes it 1,413 bytes, split into two handshake fragments in two
 * datagrams (RFC 9147 §5.5 / RFC 6347 §4.2.3). Our server must answer it with DTLS 1.2.
 */
class ChromiumClientHelloTest {
    static final String FIXTURE = "/dtls/chromium-156-clienthello.hex";
    static final int DTLS_1_0 = 0xFEFF;
    static final int DTLS_1_2 = 0xFEFD;
    static final int DTLS_1_3 = 0xFEFC;
    static final int X25519MLKEM768 = 0x11EC;
    static DtlsSessionFactory factory;
    static DtlsCertificate cert;

    @BeforeAll
    static void setUp() {
        factory = new DtlsSessionFactory(1);
        cert = DtlsCertificate.generateEcdsa();
    }

    @AfterAll
    static void tearDown() {
        factory.close();
    }

    @Test
    void fixtureIsATwoDatagramDtls13ClientHelloAndRoundTrips() {
        List<byte[]> datagrams = DtlsWire.loadHex(FIXTURE);
        assertEquals(2, datagrams.size());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] d : datagrams) {
            DtlsWire.Fragment f = DtlsWire.Fragment.parse(d);
            assertArrayEquals(d, f.write(), "write(parse(d)) == d");
            assertEquals(22, f.contentType());
            assertEquals(DTLS_1_0, f.recordVersion());
            assertEquals(1, f.msgType());
            assertEquals(0, f.messageSeq());
            assertEquals(body.size(), f.fragmentOffset());
            body.writeBytes(f.body());
            assertEquals(1413, f.totalLength());
        }
        byte[] hello = body.toByteArray();
        assertEquals(1413, hello.length);
        DtlsWire.Hello h = DtlsWire.Hello.parse(hello, true);
        assertEquals(DTLS_1_2, h.version());
        byte[] versions = h.extensions().get(43);
        assertArrayEquals(new byte[] {4, (byte) 0xFE, (byte) 0xFC, (byte) 0xFE, (byte) 0xFD}, versions);
        byte[] keyShare = h.extensions().get(51);
        assertEquals(X25519MLKEM768, DtlsWire.u16(keyShare, 2));
        assertEquals(1216, DtlsWire.u16(keyShare, 4));
        assertNotNull(h.extensions().get(14), "use_srtp");
        assertNotNull(h.extensions().get(23), "extended_master_secret");
    }

    @Test
    void serverAnswersWithDtls12ServerHello() throws Exception {
        assertDtls12Answer(DtlsWire.loadHex(FIXTURE));
    }

    @Test
    void fragmentsInReverseOrderAreReassembledToo() throws Exception {
        List<byte[]> datagrams = new ArrayList<>(DtlsWire.loadHex(FIXTURE));
        java.util.Collections.reverse(datagrams);
        assertDtls12Answer(datagrams);
    }

    private static void assertDtls12Answer(List<byte[]> clientHello) throws Exception {
        TestLink link = new TestLink(1, 0);
        // a session with nobody behind it: the test thread plays Chromium's part by hand
        link.b = factory.newSession(DtlsConfig.of(DtlsRole.SERVER, cert,
                List.of(DtlsCertificate.generateEcdsa().fingerprint())), link.wakeup());
        link.b.start();
        for (byte[] d : clientHello) {
            link.b.handleInput(d, 0, d.length);
        }
        List<byte[]> out = new ArrayList<>();
        Set<Integer> types = new HashSet<>();
        assertTrue(link.runUntilOutput(out, () -> {
            types.clear();
            for (byte[] d : out) {
                for (int[] r : DtlsWire.records(d)) {
                    if (r[0] == 22) {
                        types.add(d[r[3]] & 0xFF);
                    }
                }
            }
            return types.contains(14);
        }, 10_000), "no ServerHelloDone; got " + types);
        // the first record is the ServerHello, in a DTLS 1.2 record
        byte[] first = out.get(0);
        int[] rec = DtlsWire.records(first).get(0);
        assertEquals(22, rec[0]);
        assertEquals(DTLS_1_2, rec[1]);
        assertEquals(2, first[rec[3]]);
        DtlsWire.Fragment f = DtlsWire.Fragment.parse(Arrays.copyOfRange(first, 0, rec[3] + rec[4]));
        assertEquals(f.totalLength(), f.body().length, "ServerHello in one fragment");
        DtlsWire.Hello sh = DtlsWire.Hello.parse(f.body(), false);
        assertEquals(DTLS_1_2, sh.version());
        byte[] tail = Arrays.copyOfRange(sh.random(), 24, 32);
        assertFalse(new String(tail, 0, 7, StandardCharsets.US_ASCII).equals("DOWNGRD"),
                "no TLS 1.3 downgrade sentinel: 1.2 is all we support");
        assertEquals(0xC02B, sh.cipherSuites()[0], "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertFalse(sh.extensions().containsKey(43), "no supported_versions in a 1.2 ServerHello");
        assertFalse(sh.extensions().containsKey(51), "no key_share in a 1.2 ServerHello");
        assertTrue(sh.extensions().containsKey(23), "extended_master_secret");
        assertTrue(sh.extensions().containsKey(0xFF01), "renegotiation_info");
        // use_srtp: list of one profile, AEAD_AES_128_GCM (our first choice among 0x0001, 0x0008, 0x0007)
        assertArrayEquals(new byte[] {0, 2, 0, 7, 0}, sh.extensions().get(14));
        // the rest of the flight: Certificate, ServerKeyExchange, CertificateRequest (mutual auth)
        assertTrue(types.containsAll(Set.of(2, 11, 12, 13, 14)), types.toString());
        link.b.close();
    }
}
