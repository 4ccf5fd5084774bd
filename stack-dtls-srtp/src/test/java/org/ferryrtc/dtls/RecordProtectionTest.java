package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.ferryrtc.srtp.SrtpProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our epoch-1 record protection against BouncyCastle's: records sealed by one are opened by the
 * other, in both directions and for both key lengths, and a record we seal with the same key,
 * sequence number and plaintext as one BC sent is identical to it byte for byte.
 */
class RecordProtectionTest {
    static DtlsSessionFactory factory;
    static DtlsCertificate ecA;
    static DtlsCertificate ecB;
    static DtlsCertificate rsa;

    @BeforeAll
    static void setUp() {
        factory = new DtlsSessionFactory(2);
        ecA = DtlsCertificate.generateEcdsa();
        ecB = DtlsCertificate.generateEcdsa();
        rsa = DtlsCertificate.generateRsa();
    }

    @AfterAll
    static void tearDown() {
        factory.close();
    }

    /** A client using only BC and a server using {@link RecordProtection} (or the other way round). */
    private static TestLink mixed(boolean clientUsesBc, DtlsCertificate serverCert) throws Exception {
        return mixed(clientUsesBc, serverCert, null);
    }

    private static TestLink mixed(boolean clientUsesBc, DtlsCertificate serverCert, int[] suites) throws Exception {
        TestLink link = new TestLink(1, 0);
        link.a = factory.newSession(DtlsSessionTest.config(DtlsRole.CLIENT, ecA, serverCert), link.wakeup());
        link.b = factory.newSession(DtlsSessionTest.config(DtlsRole.SERVER, serverCert, ecA), link.wakeup());
        (clientUsesBc ? link.a : link.b).ownRecordLayer = false;
        if (suites != null) {
            link.a.restrictSuitesForTests(suites);
            link.b.restrictSuitesForTests(suites);
        }
        link.b.start();
        link.a.start();
        assertTrue(link.runUntil(() -> TestLink.ended(link.eventsA) && TestLink.ended(link.eventsB), 25_000), link::toString);
        DtlsSessionTest.assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        return link;
    }

    private static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static List<byte[]> received(List<DtlsEvent> events) {
        List<byte[]> out = new ArrayList<>();
        for (DtlsEvent e : events) {
            if (e instanceof DtlsEvent.ApplicationData a) {
                out.add(a.data());
            }
        }
        return out;
    }

    /** 50 records each way, sizes 1..1,163: every one arrives intact, in order. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bcAndOwnRecordsOpenEachOther(boolean clientUsesBc) throws Exception {
        TestLink link = mixed(clientUsesBc, ecB);
        link.eventsA.clear();
        link.eventsB.clear();
        List<byte[]> fromA = new ArrayList<>();
        List<byte[]> fromB = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] x = pattern(i * 23 + 1, i); // BC refuses empty records
            byte[] y = pattern(1163 - i * 20, -i);
            fromA.add(x);
            fromB.add(y);
            assertTrue(link.a.send(x, 0, x.length));
            assertTrue(link.b.send(y, 0, y.length));
        }
        assertTrue(link.runUntil(() -> received(link.eventsA).size() == 50 && received(link.eventsB).size() == 50,
                25_000), link::toString);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(fromA.get(i), received(link.eventsB).get(i), "a -> b record " + i);
            assertArrayEquals(fromB.get(i), received(link.eventsA).get(i), "b -> a record " + i);
        }
    }

    /** Each of the four suites we negotiate (AES-128 and AES-256, ECDSA and RSA), both directions. */
    @ParameterizedTest
    @ValueSource(ints = {
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384})
    void everySuiteInteroperatesWithBc(int suite) throws Exception {
        boolean rsaSuite = suite == org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                || suite == org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        boolean aes256 = suite == org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                || suite == org.bouncycastle.tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        for (boolean clientUsesBc : new boolean[] {true, false}) {
            TestLink link = mixed(clientUsesBc, rsaSuite ? rsa : ecB, new int[] {suite});
            assertEquals(2 * (aes256 ? 32 : 16) + 8, link.b.recordKeyBlock().length);
            link.eventsA.clear();
            link.eventsB.clear();
            byte[] x = pattern(300, 4);
            byte[] y = pattern(900, 5);
            assertTrue(link.a.send(x, 0, x.length));
            assertTrue(link.b.send(y, 0, y.length));
            assertTrue(link.runUntil(() -> received(link.eventsA).size() == 1 && received(link.eventsB).size() == 1,
                    25_000), link::toString);
            assertArrayEquals(y, received(link.eventsA).get(0));
            assertArrayEquals(x, received(link.eventsB).get(0));
        }
    }

    /**
     * A record BC sealed, sealed again by us from the sender's key block with the same sequence
     * number and plaintext: the same bytes. Our side opens it once; the copy is a replay.
     */
    @Test
    void sameKeySequenceAndPlaintextGiveTheSameRecordAsBc() throws Exception {
        TestLink link = mixed(true, ecB);
        byte[] p = pattern(777, 9);
        assertTrue(link.a.send(p, 0, p.length));
        byte[] bcRecord = link.a.pollTransmit();
        assertNotNull(bcRecord);
        assertEquals(23, bcRecord[0]);
        assertEquals(1, ((bcRecord[3] & 0xFF) << 8) | (bcRecord[4] & 0xFF), "epoch 1");
        long seq = 0;
        for (int i = 5; i < 11; i++) {
            seq = (seq << 8) | (bcRecord[i] & 0xFF);
        }
        byte[] keyBlock = link.a.recordKeyBlock();
        assertNotNull(keyBlock);
        assertEquals(2 * 16 + 8, keyBlock.length, "AES-128-GCM key block");
        RecordProtection ours = new RecordProtection(keyBlock, true, seq);
        byte[] out = new byte[p.length + RecordProtection.OVERHEAD];
        assertEquals(out.length, ours.seal(RecordProtection.APPLICATION_DATA, p, 0, p.length, out, 0));
        assertEquals(java.util.HexFormat.of().formatHex(bcRecord), java.util.HexFormat.of().formatHex(out));

        // and the server (ours) opens it, once
        link.eventsB.clear();
        link.b.handleInput(bcRecord, 0, bcRecord.length);
        link.b.handleInput(bcRecord, 0, bcRecord.length);
        link.step();
        assertEquals(1, received(link.eventsB).size());
        assertArrayEquals(p, received(link.eventsB).get(0));
        assertEquals(1, link.b.replayedRecords());
    }

    /** The server's first own record follows BC's Finished (epoch 1, sequence 0): sequence 1. */
    @Test
    void ownSequenceNumbersContinueAfterBcs() throws Exception {
        TestLink link = mixed(true, ecB);
        byte[] p = pattern(10, 1);
        byte[] out = new byte[64];
        int n = link.b.seal(p, 0, p.length, out, 0);
        assertEquals(10 + RecordProtection.OVERHEAD, n);
        assertEquals(1, ((out[3] & 0xFF) << 8) | (out[4] & 0xFF));
        assertEquals(1, out[10], "sequence 1 (the Finished was 0)");
        assertEquals(0, out[5] | out[6] | out[7] | out[8] | out[9]);
        link.eventsA.clear();
        link.a.handleInput(out, 0, n);
        link.step();
        assertArrayEquals(p, received(link.eventsA).get(0));
    }

    /** close_notify sealed by us is recognised by a BC-only peer, and BC's by us. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closeNotifyCrossesBetweenTheTwoLayers(boolean ownSideCloses) throws Exception {
        TestLink link = mixed(true, ecB); // a: BC only, b: own record layer
        DtlsSession closer = ownSideCloses ? link.b : link.a;
        List<DtlsEvent> peerEvents = ownSideCloses ? link.eventsA : link.eventsB;
        closer.close();
        assertTrue(link.runUntil(() -> TestLink.first(peerEvents, DtlsEvent.Closed.class) != null, 25_000),
                link::toString);
        assertTrue(TestLink.first(peerEvents, DtlsEvent.Closed.class).byPeer());
        assertEquals(DtlsSession.State.CLOSED, link.a.state());
        assertEquals(DtlsSession.State.CLOSED, link.b.state());
    }

    /**
     * The zero-copy API: {@code seal} writes the record into the caller's buffer (nothing is
     * queued), and with a handler set the plaintext arrives during {@code handleInput}, not as an
     * event. Before the handshake {@code seal} refuses.
     */
    @Test
    void sealAndHandlerBypassTheQueues() throws Exception {
        DtlsSession fresh = factory.newSession(DtlsSessionTest.config(DtlsRole.CLIENT, ecA, ecB), () -> { });
        assertEquals(-1, fresh.seal(new byte[10], 0, 10, new byte[100], 0));
        fresh.close();
        TestLink link = new TestLink(21, 0); // both sides use their own record layer
        link.a = factory.newSession(DtlsSessionTest.config(DtlsRole.CLIENT, ecA, ecB), link.wakeup());
        link.b = factory.newSession(DtlsSessionTest.config(DtlsRole.SERVER, ecB, ecA), link.wakeup());
        link.b.start();
        link.a.start();
        assertTrue(link.runUntil(() -> TestLink.ended(link.eventsA) && TestLink.ended(link.eventsB), 25_000),
                link::toString);
        DtlsSessionTest.assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        List<byte[]> got = new ArrayList<>();
        link.b.setApplicationDataHandler((buf, off, len) -> got.add(Arrays.copyOfRange(buf, off, off + len)));
        byte[] p = pattern(1100, 7);
        byte[] out = new byte[1200];
        int n = link.a.seal(p, 10, 1000, out, 50);
        assertEquals(1000 + DtlsSession.RECORD_OVERHEAD, n);
        assertNull(link.a.pollTransmit(), "seal queues nothing");
        link.eventsB.clear();
        link.b.handleInput(out, 50, n);
        assertEquals(1, got.size(), "delivered synchronously");
        assertArrayEquals(Arrays.copyOfRange(p, 10, 1010), got.get(0));
        link.step();
        assertTrue(received(link.eventsB).isEmpty(), "no ApplicationData event when a handler is set");
        assertThrows(IllegalArgumentException.class, () -> link.a.seal(new byte[5000], 0, 5000, new byte[6000], 0));
    }

    /** RFC 6347 §4.1.2.6 with a 64-record window: late but new records pass, old and repeated do not. */
    @Test
    void replayWindow() {
        byte[] kb = pattern(40, 3);
        RecordProtection tx = new RecordProtection(kb, true, 0);
        RecordProtection rx = new RecordProtection(kb, false, 0);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] out = new byte[RecordProtection.OVERHEAD + 1];
            tx.seal(RecordProtection.APPLICATION_DATA, new byte[] {(byte) i}, 0, 1, out, 0);
            records.add(out);
        }
        byte[] plain = new byte[16];
        assertEquals(1, open(rx, records.get(100), plain));
        assertEquals(100, plain[0]);
        assertEquals(RecordProtection.REPLAYED, open(rx, records.get(100), plain));
        assertEquals(1, open(rx, records.get(37), plain), "63 behind: inside the window");
        assertEquals(RecordProtection.REPLAYED, open(rx, records.get(36), plain), "64 behind: outside");
        assertEquals(1, open(rx, records.get(199), plain));
        assertEquals(1, open(rx, records.get(150), plain));
        assertEquals(RecordProtection.REPLAYED, open(rx, records.get(150), plain));
        assertEquals(RecordProtection.REPLAYED, open(rx, records.get(101), plain), "now too old");
        byte[] forged = records.get(198).clone();
        forged[30] ^= 1;
        assertEquals(RecordProtection.AUTH_FAILED, open(rx, forged, plain));
        assertEquals(1, open(rx, records.get(198), plain), "a forgery does not mark the sequence number");
    }

    private static int open(RecordProtection rx, byte[] r, byte[] out) {
        return rx.open(r, 0, r.length, out, 0);
    }

    /**
     * 120,000 seeded mutations (bit flips, byte changes, truncation, extension, length-field
     * lies) of real records: nothing but a result code escapes, nothing reads out of bounds, and
     * no modified record opens (unmodified copies are skipped, so the replay window stays empty
     * and every mutation meets the framing checks and the tag); afterwards each genuine record
     * opens exactly once.
     */
    @Test
    void mutatedRecordsNeverOpenOrThrow() {
        byte[] kb = pattern(40, 11);
        RecordProtection tx = new RecordProtection(kb, false, 5);
        RecordProtection rx = new RecordProtection(kb, true, 0);
        Random r = new Random(4242);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] p = new byte[r.nextInt(1200)];
            r.nextBytes(p);
            byte[] out = new byte[p.length + RecordProtection.OVERHEAD];
            tx.seal(RecordProtection.APPLICATION_DATA, p, 0, p.length, out, 0);
            records.add(out);
        }
        byte[] plain = new byte[1 << 16];
        int[] results = new int[4];
        for (int n = 0; n < 120_000; n++) {
            int which = r.nextInt(records.size());
            byte[] d = ServerFlightGateTest.mutate(records.get(which), r);
            if (Arrays.equals(d, records.get(which))) {
                continue;
            }
            int res;
            try {
                res = rx.open(d, 0, d.length, plain, 0);
            } catch (RuntimeException e) {
                throw new AssertionError("input " + n + " threw: " + java.util.HexFormat.of().formatHex(d), e);
            }
            if (res >= 0) {
                throw new AssertionError("mutated input " + n + " opened: " + java.util.HexFormat.of().formatHex(d));
            }
            results[-res]++;
        }
        assertEquals(0, results[-RecordProtection.REPLAYED], Arrays.toString(results));
        assertTrue(results[-RecordProtection.AUTH_FAILED] > 30_000, Arrays.toString(results));
        assertTrue(results[-RecordProtection.MALFORMED] > 30_000, Arrays.toString(results));
        Set<Integer> lengths = new HashSet<>();
        for (byte[] rec : records) {
            int n = rx.open(rec, 0, rec.length, plain, 0);
            assertEquals(rec.length - RecordProtection.OVERHEAD, n);
            lengths.add(n);
            assertEquals(RecordProtection.REPLAYED, rx.open(rec, 0, rec.length, plain, 0));
        }
        assertTrue(lengths.size() > 50, "records of many sizes");
    }
}
