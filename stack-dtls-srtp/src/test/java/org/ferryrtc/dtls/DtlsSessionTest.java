package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ferryrtc.srtp.SrtpProfile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DtlsSessionTest {
    static final long WAIT = 25_000;
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

    /** Session A (client) talks to session B (server); each trusts the other's fingerprint. */
    static TestLink link(long seed, double loss, DtlsConfig clientConfig, DtlsConfig serverConfig) {
        TestLink link = new TestLink(seed, loss);
        link.a = factory.newSession(clientConfig, link.wakeup());
        link.b = factory.newSession(serverConfig, link.wakeup());
        return link;
    }

    static DtlsConfig config(DtlsRole role, DtlsCertificate own, DtlsCertificate peer) {
        return DtlsConfig.of(role, own, List.of(peer.fingerprint())).withInitialRetransmitMillis(20);
    }

    static List<DtlsEvent> drain(DtlsSession s) {
        List<DtlsEvent> out = new java.util.ArrayList<>();
        for (DtlsEvent e; (e = s.pollEvent()) != null; ) {
            out.add(e);
        }
        return out;
    }

    static TestLink handshake(long seed, double loss, DtlsConfig client, DtlsConfig server) throws Exception {
        TestLink link = link(seed, loss, client, server);
        link.b.start();
        link.a.start();
        assertTrue(link.runUntil(() -> TestLink.ended(link.eventsA) && TestLink.ended(link.eventsB), WAIT),
                () -> "handshake did not end in time: " + link);
        return link;
    }

    static void assertEstablished(TestLink link, SrtpProfile profile) {
        DtlsEvent.HandshakeComplete c = TestLink.first(link.eventsA, DtlsEvent.HandshakeComplete.class);
        DtlsEvent.HandshakeComplete s = TestLink.first(link.eventsB, DtlsEvent.HandshakeComplete.class);
        assertNotNull(c, "client: " + link.eventsA);
        assertNotNull(s, "server: " + link.eventsB);
        assertEquals(DtlsRole.CLIENT, c.role());
        assertEquals(DtlsRole.SERVER, s.role());
        assertTrue(c.remoteFingerprintVerified());
        assertTrue(s.remoteFingerprintVerified());
        assertEquals(profile, c.profile());
        assertEquals(profile, s.profile());
        assertEquals(profile.keyingMaterialLength(), c.keys().keyingMaterial().length);
        assertArrayEquals(c.keys().keyingMaterial(), s.keys().keyingMaterial());
        assertArrayEquals(c.keys().srtpKeys().localKey(), s.keys().srtpKeys().remoteKey());
        assertArrayEquals(c.keys().srtpKeys().localSalt(), s.keys().srtpKeys().remoteSalt());
        assertArrayEquals(c.keys().srtpKeys().remoteKey(), s.keys().srtpKeys().localKey());
        assertFalse(java.util.Arrays.equals(c.keys().srtpKeys().localKey(), c.keys().srtpKeys().remoteKey()));
        assertEquals(DtlsSession.State.ESTABLISHED, link.a.state());
        assertEquals(DtlsSession.State.ESTABLISHED, link.b.state());
    }

    static void assertApplicationDataBothWays(TestLink link) throws Exception {
        link.loss = 0;
        byte[] ping = "ping from the client".getBytes(StandardCharsets.US_ASCII);
        byte[] pong = new byte[1100];
        for (int i = 0; i < pong.length; i++) {
            pong[i] = (byte) (i * 7);
        }
        int beforeA = link.eventsA.size();
        int beforeB = link.eventsB.size();
        assertTrue(link.a.send(ping, 0, ping.length));
        assertTrue(link.b.send(pong, 0, pong.length));
        assertTrue(link.runUntil(() -> TestLink.first(link.eventsA.subList(beforeA, link.eventsA.size()),
                DtlsEvent.ApplicationData.class) != null && TestLink.first(link.eventsB.subList(beforeB,
                link.eventsB.size()), DtlsEvent.ApplicationData.class) != null, WAIT));
        assertArrayEquals(pong, TestLink.first(link.eventsA.subList(beforeA, link.eventsA.size()),
                DtlsEvent.ApplicationData.class).data());
        assertArrayEquals(ping, TestLink.first(link.eventsB.subList(beforeB, link.eventsB.size()),
                DtlsEvent.ApplicationData.class).data());
    }

    @Test
    void losslessHandshakeEcdsaBothSides() throws Exception {
        TestLink link = handshake(1, 0, config(DtlsRole.CLIENT, ecA, ecB), config(DtlsRole.SERVER, ecB, ecA));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        assertEquals(0, link.dropped);
        assertApplicationDataBothWays(link);
    }

    @Test
    void rsaServerAndEcdsaClient() throws Exception {
        TestLink link = handshake(2, 0, config(DtlsRole.CLIENT, ecA, rsa), config(DtlsRole.SERVER, rsa, ecA));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        assertApplicationDataBothWays(link);
    }

    @Test
    void rsaClientAndEcdsaServer() throws Exception {
        TestLink link = handshake(3, 0, config(DtlsRole.CLIENT, rsa, ecB), config(DtlsRole.SERVER, ecB, rsa));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void thirtyPercentLossStillCompletes(long seed) throws Exception {
        TestLink link = handshake(seed, 0.30, config(DtlsRole.CLIENT, ecA, ecB), config(DtlsRole.SERVER, ecB, ecA));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        assertTrue(link.dropped > 0, "the link dropped nothing");
        assertApplicationDataBothWays(link);
    }

    @Test
    void thirtyPercentLossWithRsaOnBothSides() throws Exception {
        DtlsCertificate rsa2 = DtlsCertificate.generateRsa();
        TestLink link = handshake(19, 0.30, config(DtlsRole.CLIENT, rsa, rsa2), config(DtlsRole.SERVER, rsa2, rsa));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        assertApplicationDataBothWays(link);
    }

    /** After the handshake no pool thread is involved: data is decrypted inside handleInput. */
    @Test
    void applicationDataNeedsNoThreadAfterTheHandshake() throws Exception {
        TestLink link = new TestLink(20, 0);
        DtlsSessionFactory own = new DtlsSessionFactory(2);
        link.a = own.newSession(config(DtlsRole.CLIENT, ecA, ecB), link.wakeup());
        link.b = own.newSession(config(DtlsRole.SERVER, ecB, ecA), link.wakeup());
        link.b.start();
        link.a.start();
        assertTrue(link.runUntil(() -> TestLink.ended(link.eventsA) && TestLink.ended(link.eventsB), WAIT));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        own.close(); // the handshake pool is gone from here on
        for (int i = 0; i < 50; i++) {
            byte[] msg = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            assertTrue(link.a.send(msg, 0, msg.length));
            byte[] wire = link.a.pollTransmit();
            assertNotNull(wire);
            link.b.handleInput(wire, 0, wire.length);
            DtlsEvent e = link.b.pollEvent();
            assertTrue(e instanceof DtlsEvent.ApplicationData, String.valueOf(e));
            assertArrayEquals(msg, ((DtlsEvent.ApplicationData) e).data());
        }
        link.b.close();
        byte[] closeNotify = link.b.pollTransmit();
        link.a.handleInput(closeNotify, 0, closeNotify.length);
        assertEquals(new DtlsEvent.Closed(true, "close_notify received"), link.a.pollEvent());
    }

    @Test
    void clientRejectsServerWithWrongFingerprint() throws Exception {
        DtlsConfig client = DtlsConfig.of(DtlsRole.CLIENT, ecA, List.of(rsa.fingerprint())).withInitialRetransmitMillis(20);
        TestLink link = handshake(4, 0, client, config(DtlsRole.SERVER, ecB, ecA));
        DtlsEvent.HandshakeFailed f = TestLink.first(link.eventsA, DtlsEvent.HandshakeFailed.class);
        assertNotNull(f, link.eventsA.toString());
        assertTrue(f.reason().contains("fingerprint mismatch"), f.reason());
        assertTrue(f.reason().contains(ecB.fingerprint().toSdpValue()), f.reason());
        assertTrue(f.reason().contains(rsa.fingerprint().toSdpValue()), f.reason());
        assertEquals(DtlsSession.State.FAILED, link.a.state());
        DtlsEvent.HandshakeFailed g = TestLink.first(link.eventsB, DtlsEvent.HandshakeFailed.class);
        assertNotNull(g, link.eventsB.toString());
        assertTrue(g.reason().contains("bad_certificate"), g.reason());
    }

    @Test
    void serverRejectsClientWithWrongFingerprint() throws Exception {
        DtlsConfig server = DtlsConfig.of(DtlsRole.SERVER, ecB, List.of(ecB.fingerprint("sha-1")))
                .withInitialRetransmitMillis(20);
        TestLink link = handshake(5, 0, config(DtlsRole.CLIENT, ecA, ecB), server);
        DtlsEvent.HandshakeFailed f = TestLink.first(link.eventsB, DtlsEvent.HandshakeFailed.class);
        assertNotNull(f, link.eventsB.toString());
        assertTrue(f.reason().startsWith("remote certificate fingerprint mismatch: got sha-1 "), f.reason());
        assertNotNull(TestLink.first(link.eventsA, DtlsEvent.HandshakeFailed.class), link.eventsA.toString());
        assertEquals(null, TestLink.first(link.eventsA, DtlsEvent.HandshakeComplete.class));
    }

    @Test
    void strongestOfSeveralFingerprintsIsChecked() throws Exception {
        // sha-512 is right; a wrong sha-256 next to it is ignored (RFC 8122 §5: most preferred hash)
        DtlsConfig client = DtlsConfig.of(DtlsRole.CLIENT, ecA,
                List.of(rsa.fingerprint("sha-256"), ecB.fingerprint("sha-512"))).withInitialRetransmitMillis(20);
        TestLink link = handshake(6, 0, client, config(DtlsRole.SERVER, ecB, ecA));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
    }

    @Test
    void serverPreferenceWinsAmongOfferedProfiles() throws Exception {
        DtlsConfig client = config(DtlsRole.CLIENT, ecA, ecB).withSrtpProfiles(
                List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_256_GCM));
        DtlsConfig server = config(DtlsRole.SERVER, ecB, ecA).withSrtpProfiles(
                List.of(SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80));
        TestLink link = handshake(7, 0, client, server);
        assertEstablished(link, SrtpProfile.AEAD_AES_256_GCM);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyProfileNegotiatesWithTheRightKeyLength(SrtpProfile profile) throws Exception {
        DtlsConfig client = config(DtlsRole.CLIENT, ecA, ecB).withSrtpProfiles(List.of(profile));
        TestLink link = handshake(8, 0, client, config(DtlsRole.SERVER, ecB, ecA));
        assertEstablished(link, profile);
        DtlsSrtpKeys keys = TestLink.first(link.eventsA, DtlsEvent.HandshakeComplete.class).keys();
        assertEquals(profile.keyLength(), keys.srtpKeys().localKey().length);
        assertEquals(profile.saltLength(), keys.srtpKeys().remoteSalt().length);
    }

    @Test
    void noCommonProfileFailsWithAReason() throws Exception {
        DtlsConfig client = config(DtlsRole.CLIENT, ecA, ecB).withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_32));
        DtlsConfig server = config(DtlsRole.SERVER, ecB, ecA).withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM));
        TestLink link = handshake(9, 0, client, server);
        DtlsEvent.HandshakeFailed f = TestLink.first(link.eventsB, DtlsEvent.HandshakeFailed.class);
        assertNotNull(f, link.eventsB.toString());
        assertTrue(f.reason().contains("no common SRTP protection profile"), f.reason());
        assertNotNull(TestLink.first(link.eventsA, DtlsEvent.HandshakeFailed.class), link.eventsA.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closeNotifyIsSentAndRecognised(boolean clientCloses) throws Exception {
        TestLink link = handshake(10, 0, config(DtlsRole.CLIENT, ecA, ecB), config(DtlsRole.SERVER, ecB, ecA));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        DtlsSession closer = clientCloses ? link.a : link.b;
        List<DtlsEvent> closerEvents = clientCloses ? link.eventsA : link.eventsB;
        List<DtlsEvent> otherEvents = clientCloses ? link.eventsB : link.eventsA;
        DtlsSession other = clientCloses ? link.b : link.a;
        closer.close();
        assertTrue(link.runUntil(() -> TestLink.first(otherEvents, DtlsEvent.Closed.class) != null, WAIT));
        DtlsEvent.Closed mine = TestLink.first(closerEvents, DtlsEvent.Closed.class);
        DtlsEvent.Closed theirs = TestLink.first(otherEvents, DtlsEvent.Closed.class);
        assertFalse(mine.byPeer());
        assertTrue(theirs.byPeer());
        assertEquals("close_notify received", theirs.reason());
        assertEquals(DtlsSession.State.CLOSED, closer.state());
        assertEquals(DtlsSession.State.CLOSED, other.state());
        byte[] late = {1, 2, 3};
        assertFalse(other.send(late, 0, late.length));
        assertFalse(closer.send(late, 0, late.length));
    }

    @Test
    void handshakeTimeoutEndsItCleanly() throws Exception {
        DtlsConfig client = config(DtlsRole.CLIENT, ecA, ecB).withHandshakeTimeoutMillis(300);
        TestLink link = new TestLink(15, 1.0); // every datagram is lost
        link.a = factory.newSession(client, link.wakeup());
        link.a.start();
        assertTrue(link.runUntil(() -> TestLink.ended(link.eventsA), WAIT));
        DtlsEvent.HandshakeFailed f = TestLink.first(link.eventsA, DtlsEvent.HandshakeFailed.class);
        assertNotNull(f, link.eventsA.toString());
        assertTrue(f.reason().contains("timed out"), f.reason());
        assertEquals(DtlsSession.State.FAILED, link.a.state());
        assertTrue(link.dropped >= 2, "expected retransmissions before the timeout, saw " + link.dropped);
    }

    /**
     * A started server holds no pool thread until the peer's first datagram arrives: servers
     * whose peers are still doing ICE must not starve the bounded handshake pool.
     */
    @Test
    void aServerTakesAPoolThreadOnlyWhenItsFirstDatagramArrives() {
        java.util.List<Runnable> submitted = new java.util.ArrayList<>();
        DtlsSession server = DtlsSession.create(config(DtlsRole.SERVER, ecA, ecB), submitted::add, () -> { });
        server.start();
        assertEquals(0, submitted.size(), "an armed server must not occupy the pool");
        assertEquals(DtlsSession.State.HANDSHAKING, server.state());
        byte[] clientHello = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        server.handleInput(clientHello, 0, clientHello.length);
        assertEquals(1, submitted.size(), "the first datagram starts the handshake");
        server.handleInput(clientHello, 0, clientHello.length);
        assertEquals(1, submitted.size(), "started once");

        java.util.List<Runnable> clientPool = new java.util.ArrayList<>();
        DtlsSession client = DtlsSession.create(config(DtlsRole.CLIENT, ecB, ecA), clientPool::add, () -> { });
        client.start();
        assertEquals(1, clientPool.size(), "a client starts at once");
    }

    @Test
    void closeDuringHandshakeAbandonsIt() throws Exception {
        TestLink link = new TestLink(16, 1.0);
        link.a = factory.newSession(config(DtlsRole.SERVER, ecA, ecB), link.wakeup());
        link.a.start();
        link.a.close();
        assertTrue(link.runUntil(() -> TestLink.ended(link.eventsA), WAIT));
        assertEquals(DtlsSession.State.CLOSED, link.a.state());
        assertFalse(TestLink.first(link.eventsA, DtlsEvent.Closed.class).byPeer());
        link.step();
        assertEquals(null, TestLink.first(link.eventsA, DtlsEvent.HandshakeFailed.class));
    }

    /** Seeded mutations of real records fed to an established server: nothing escapes, it keeps working. */
    @Test
    void mutatedDatagramsAfterTheHandshakeAreDroppedQuietly() throws Exception {
        TestLink link = handshake(17, 0, config(DtlsRole.CLIENT, ecA, ecB), config(DtlsRole.SERVER, ecB, ecA));
        assertEstablished(link, SrtpProfile.AEAD_AES_128_GCM);
        List<byte[]> samples = new java.util.ArrayList<>(link.sentByA); // handshake records, all epochs
        byte[] msg = new byte[200];
        link.a.send(msg, 0, msg.length);
        byte[] appData = link.a.pollTransmit();
        samples.add(appData);
        java.util.Random r = new java.util.Random(99);
        for (int n = 0; n < 100_000; n++) {
            byte[] d = ServerFlightGateTest.mutate(samples.get(r.nextInt(samples.size())), r);
            link.b.handleInput(d, 0, d.length);
            if (link.b.state() != DtlsSession.State.ESTABLISHED) {
                throw new AssertionError("datagram " + n + " ended the session: " + java.util.HexFormat.of().formatHex(d)
                        + " " + drain(link.b));
            }
        }
        for (byte[] x; (x = link.b.pollTransmit()) != null; ) {
            // retransmissions the mutated handshake records provoked, if any
        }
        for (DtlsEvent e; (e = link.b.pollEvent()) != null; ) {
            assertFalse(e instanceof DtlsEvent.ApplicationData && ((DtlsEvent.ApplicationData) e).data().length != 200,
                    "only the genuine record may decrypt");
            assertFalse(e instanceof DtlsEvent.Closed, e.toString());
        }
        assertEquals(DtlsSession.State.ESTABLISHED, link.b.state());
        link.b.handleInput(appData, 0, appData.length); // a replay: dropped by the replay window
        assertEquals(null, link.b.pollEvent());
        link.eventsB.clear();
        assertApplicationDataBothWays(link);
    }
}
