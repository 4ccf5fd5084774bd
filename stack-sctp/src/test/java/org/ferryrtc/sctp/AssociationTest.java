package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Set-up (RFC 9260 §5), verification tags (§8.5), shutdown/abort (§9), stream reset (RFC 6525). */
class AssociationTest {
    static final long SEC = 1_000_000_000L;

    static final class Recorder {
        final List<SctpEvent> a = new ArrayList<>();
        final List<SctpEvent> b = new ArrayList<>();

        Recorder(LinkSim sim) {
            sim.pumpA = () -> drain(sim.a, a);
            sim.pumpB = () -> drain(sim.b, b);
        }

        static void drain(SctpAssociation s, List<SctpEvent> into) {
            SctpEvent e;
            while ((e = s.pollEvent()) != null) {
                into.add(e);
            }
        }

        <T extends SctpEvent> List<T> of(List<SctpEvent> l, Class<T> c) {
            List<T> out = new ArrayList<>();
            for (SctpEvent e : l) {
                if (c.isInstance(e)) {
                    out.add(c.cast(e));
                }
            }
            return out;
        }
    }

    static LinkSim pair(long seed) {
        return new LinkSim(new SctpAssociation(LinkSim.config(seed)), new SctpAssociation(LinkSim.config(seed + 100)), seed);
    }

    static boolean bothEstablished(LinkSim s) {
        return s.a.state() == SctpState.ESTABLISHED && s.b.state() == SctpState.ESTABLISHED;
    }

    @Test
    void initiatorAndResponder() {
        LinkSim sim = pair(1);
        Recorder r = new Recorder(sim);
        sim.a.connect(0);
        assertEquals(SctpState.COOKIE_WAIT, sim.a.state());
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
        assertEquals(1, r.of(r.a, SctpEvent.Connected.class).size());
        assertEquals(1, r.of(r.b, SctpEvent.Connected.class).size());
        assertEquals(65535, sim.a.outboundStreams());
        assertEquals(SendStatus.OK, sim.b.send(3, 51, "hi".getBytes(), SendOptions.RELIABLE_ORDERED));
        assertTrue(sim.runUntil(() -> !r.of(r.a, SctpEvent.Message.class).isEmpty(), 10 * SEC));
        assertArrayEquals("hi".getBytes(), r.of(r.a, SctpEvent.Message.class).get(0).data());
        assertEquals(4, sim.packetsCarried - 1, "INIT, INIT ACK, COOKIE ECHO, COOKIE ACK, DATA");
    }

    @Test
    void simultaneousOpen() {
        for (long seed = 1; seed <= 20; seed++) {
            LinkSim sim = pair(seed * 7);
            sim.reorder = 0.5;
            Recorder r = new Recorder(sim);
            sim.a.connect(0);
            sim.b.connect(0);
            assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC), "seed " + seed);
            assertEquals(1, r.of(r.a, SctpEvent.Connected.class).size());
            assertEquals(1, r.of(r.b, SctpEvent.Connected.class).size());
            sim.a.send(0, 53, new byte[] {1}, SendOptions.RELIABLE_ORDERED);
            sim.b.send(1, 53, new byte[] {2}, SendOptions.RELIABLE_ORDERED);
            assertTrue(sim.runUntil(() -> r.of(r.a, SctpEvent.Message.class).size() == 1
                    && r.of(r.b, SctpEvent.Message.class).size() == 1, 10 * SEC), "seed " + seed);
        }
    }

    @Test
    void lostInitIsRetransmitted() {
        LinkSim sim = pair(3);
        sim.outageStart = 0;
        sim.outageEnd = 2500_000_000L;
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 30 * SEC));
        assertTrue(sim.packetsDropped >= 2);
    }

    @Test
    void initTimesOutWithoutPeer() {
        LinkSim sim = pair(4);
        Recorder r = new Recorder(sim);
        sim.loss = 1.0;
        sim.a.connect(0);
        sim.runUntil(() -> sim.a.state() == SctpState.TERMINATED, 3600 * SEC);
        assertEquals(SctpState.TERMINATED, sim.a.state());
        assertFalse(r.of(r.a, SctpEvent.Closed.class).get(0).graceful());
    }

    @Test
    void badChecksumAndVerificationTagAreCountedAndDropped() {
        LinkSim sim = pair(5);
        List<byte[]> sent = new ArrayList<>();
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
        sim.tap = sent::add;
        Recorder.drain(sim.b, new ArrayList<>());
        sim.a.send(0, 51, new byte[] {1, 2, 3}, SendOptions.RELIABLE_ORDERED);
        sim.pump();
        byte[] data = sent.get(0).clone();
        byte[] corrupt = data.clone();
        corrupt[corrupt.length - 1] ^= 1;
        sim.b.handleInput(sim.now(), corrupt, 0, corrupt.length);
        assertEquals(1, sim.b.stats().badChecksum());
        byte[] wrongTag = data.clone();
        wrongTag[4] ^= 0x55;
        new SctpPacket().seal(wrongTag, 0, wrongTag.length);
        sim.b.handleInput(sim.now(), wrongTag, 0, wrongTag.length);
        assertEquals(1, sim.b.stats().badVerificationTag());
        assertEquals(0, sim.b.stats().dataChunksReceived());
        assertNullEvent(sim.b);
    }

    private static void assertNullEvent(SctpAssociation s) {
        assertEquals(null, s.pollEvent());
    }

    @Test
    void forgedCookieIsRejected() {
        SctpAssociation b = new SctpAssociation(LinkSim.config(9));
        byte[] forged = new byte[StateCookie.SIZE];
        new java.util.Random(1).nextBytes(forged);
        byte[] chunk = new byte[Bytes.pad4(4 + forged.length)];
        Chunk.writeOpaque(chunk, 0, Chunk.COOKIE_ECHO, 0, forged, 0, forged.length);
        byte[] p = Handshake.packet(b.config(), Bytes.i32(forged, 0), chunk);
        new SctpPacket().seal(p, 0, p.length);
        b.handleInput(0, p, 0, p.length);
        assertEquals(1, b.stats().badCookies());
        assertEquals(SctpState.CLOSED, b.state());
        assertEquals(-1, b.pollTransmit(new byte[1500]));
    }

    @Test
    void tamperedAndStaleCookies() {
        LinkSim sim = pair(11);
        List<byte[]> sent = new ArrayList<>();
        sim.tap = sent::add;
        sim.loss = 1.0; // capture without delivering
        sim.a.connect(0);
        sim.pump();
        byte[] init = sent.get(0);
        sim.b.handleInput(0, init, 0, init.length);
        byte[] out = new byte[1500];
        int n = sim.b.pollTransmit(out);
        sim.a.handleInput(0, out, 0, n);
        n = sim.a.pollTransmit(out);
        byte[] echo = java.util.Arrays.copyOf(out, n);
        assertEquals(Chunk.COOKIE_ECHO, echo[12]);
        byte[] tampered = echo.clone();
        tampered[16 + 10] ^= 1; // inside the cookie body
        new SctpPacket().seal(tampered, 0, tampered.length);
        sim.b.handleInput(0, tampered, 0, tampered.length);
        assertEquals(1, sim.b.stats().badCookies());
        sim.b.handleInput(61 * SEC, echo, 0, echo.length);
        assertEquals(1, sim.b.stats().staleCookies());
        assertEquals(SctpState.CLOSED, sim.b.state());
        sim.b.handleInput(SEC, echo, 0, echo.length);
        assertEquals(SctpState.ESTABLISHED, sim.b.state());
    }

    @Test
    void gracefulShutdown() {
        LinkSim sim = pair(12);
        Recorder r = new Recorder(sim);
        sim.loss = 0.1;
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 30 * SEC));
        for (int i = 0; i < 50; i++) {
            sim.a.send(0, 53, new byte[3000], SendOptions.RELIABLE_ORDERED);
        }
        sim.a.shutdown(sim.now());
        assertEquals(SctpState.SHUTDOWN_PENDING, sim.a.state());
        boolean done = sim.runUntil(() -> sim.a.state() == SctpState.TERMINATED && sim.b.state() == SctpState.TERMINATED, 600 * SEC);
        assertTrue(done, sim.a.state() + " " + sim.b.state() + " " + r.a + r.b.size() + " " + sim.a.stats());
        assertEquals(50, r.of(r.b, SctpEvent.Message.class).size(), "queued data delivered before shutdown");
        assertTrue(r.of(r.a, SctpEvent.Closed.class).get(0).graceful(), r.a.toString() + r.b.subList(r.b.size() - 2, r.b.size()));
        assertTrue(r.of(r.b, SctpEvent.Closed.class).get(0).graceful());
        assertEquals(Long.MAX_VALUE, sim.a.pollTimeout());
    }

    @Test
    void abortEndsBothSides() {
        LinkSim sim = pair(13);
        Recorder r = new Recorder(sim);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 30 * SEC));
        sim.b.abort(sim.now(), "bye");
        assertTrue(sim.runUntil(() -> sim.a.state() == SctpState.TERMINATED, 10 * SEC));
        SctpEvent.Closed c = r.of(r.a, SctpEvent.Closed.class).get(0);
        assertTrue(c.byPeer());
        assertFalse(c.graceful());
        assertEquals("user-initiated abort", c.reason());
        assertEquals(SendStatus.NOT_CONNECTED, sim.a.send(0, 51, new byte[1], SendOptions.RELIABLE_ORDERED));
    }

    @Test
    void streamResetRestartsSequenceNumbers() {
        LinkSim sim = pair(14);
        Recorder r = new Recorder(sim);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 30 * SEC));
        for (int i = 0; i < 5; i++) {
            sim.a.send(2, 53, new byte[] {(byte) i}, SendOptions.RELIABLE_ORDERED);
        }
        assertTrue(sim.a.resetStreams(2));
        assertEquals(SendStatus.STREAM_RESETTING, sim.a.send(2, 53, new byte[1], SendOptions.RELIABLE_ORDERED));
        assertTrue(sim.runUntil(() -> !r.of(r.a, SctpEvent.OutgoingStreamsReset.class).isEmpty(), 30 * SEC));
        assertArrayEquals(new int[] {2}, r.of(r.b, SctpEvent.IncomingStreamsReset.class).get(0).streams());
        assertEquals(5, r.of(r.b, SctpEvent.Message.class).size());
        // after the reset SSN 0 is valid again on the stream and is delivered
        assertEquals(SendStatus.OK, sim.a.send(2, 53, new byte[] {42}, SendOptions.RELIABLE_ORDERED));
        assertTrue(sim.runUntil(() -> r.of(r.b, SctpEvent.Message.class).size() == 6, 30 * SEC));
        assertEquals(42, r.of(r.b, SctpEvent.Message.class).get(5).data()[0]);
    }

    @Test
    void unknownChunksFollowTheirHighBits() {
        LinkSim sim = pair(15);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 30 * SEC));
        int[] types = {0x3F, 0x7F, 0xBF, 0xFF};
        boolean[] heartbeatAnswered = new boolean[4];
        boolean[] errorSent = new boolean[4];
        int vtag = peerTagOf(sim);
        for (int i = 0; i < 4; i++) {
            byte[] p = new byte[12 + 8 + 8];
            SctpPacket.writeHeader(p, 0, 5000, 5000, vtag);
            Chunk.writeHeader(p, 12, types[i], 0, 8);
            Chunk.writeHeader(p, 20, Chunk.HEARTBEAT, 0, 8);
            Bytes.put16(p, 24, 1);
            Bytes.put16(p, 26, 4);
            new SctpPacket().seal(p, 0, p.length);
            sim.b.handleInput(sim.now(), p, 0, p.length);
            byte[] out = new byte[1500];
            int n;
            Chunk c = new Chunk();
            while ((n = sim.b.pollTransmit(out)) > 0) {
                for (int q = 12; q < n && c.wrap(out, q, n); q = c.next()) {
                    heartbeatAnswered[i] |= c.type() == Chunk.HEARTBEAT_ACK;
                    errorSent[i] |= c.type() == Chunk.ERROR;
                }
            }
        }
        assertArrayEquals(new boolean[] {false, false, true, true}, heartbeatAnswered);
        assertArrayEquals(new boolean[] {false, true, false, true}, errorSent);
        assertEquals(4, sim.b.stats().unknownChunks());
    }

    /** The verification tag B expects, read from a packet A sends. */
    static int peerTagOf(LinkSim sim) {
        List<byte[]> sent = new ArrayList<>();
        sim.tap = sent::add;
        sim.a.send(0, 51, new byte[] {1}, SendOptions.RELIABLE_ORDERED);
        sim.pump();
        sim.tap = x -> { };
        assertNotNull(sent.get(0));
        return Bytes.i32(sent.get(0), 4);
    }

    @Test
    void apiMisuseThrows() {
        SctpAssociation a = new SctpAssociation(LinkSim.config(1));
        assertInstanceOf(IllegalArgumentException.class, org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> a.pollTransmit(new byte[100])));
        a.connect(0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> a.connect(0));
        assertEquals(SendStatus.NOT_CONNECTED, a.send(0, 51, new byte[1], SendOptions.RELIABLE_ORDERED));
    }

    @Test
    void oversizedMessagesAbortOrStayBounded() {
        SctpConfig big = LinkSim.config(31).withMaxMessageSize(8 * 1024 * 1024).withBuffers(16 * 1024 * 1024, 64L << 20);
        LinkSim sim = new LinkSim(new SctpAssociation(big), new SctpAssociation(LinkSim.config(32)), 33);
        Recorder r = new Recorder(sim);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
        // 600 KiB fits B's 1 MiB buffer but exceeds its 256 KiB maximum message size: ABORT
        assertEquals(SendStatus.OK, sim.a.send(0, 53, new byte[600 * 1024], SendOptions.RELIABLE_ORDERED));
        assertTrue(sim.runUntil(() -> sim.b.state() == SctpState.TERMINATED, 60 * SEC));
        assertEquals("message larger than the maximum message size", r.of(r.b, SctpEvent.Closed.class).get(0).reason());
        assertTrue(sim.runUntil(() -> sim.a.state() == SctpState.TERMINATED, 60 * SEC));
        assertEquals("protocol violation", r.of(r.a, SctpEvent.Closed.class).get(0).reason());

        // 6 MiB cannot even be buffered: B stops taking data at its window and memory stays bounded
        LinkSim sim2 = new LinkSim(new SctpAssociation(big), new SctpAssociation(LinkSim.config(34)), 35);
        sim2.a.connect(0);
        assertTrue(sim2.runUntil(() -> bothEstablished(sim2), 10 * SEC));
        assertEquals(SendStatus.OK, sim2.a.send(0, 53, new byte[6 * 1024 * 1024], SendOptions.RELIABLE_ORDERED));
        sim2.runFor(120 * SEC);
        long limit = sim2.b.config().receiveBufferSize();
        assertTrue(sim2.b.receiveBufferUsed() <= limit, "used " + sim2.b.receiveBufferUsed());
        assertTrue(sim2.b.receiveBufferUsed() > limit / 2);
        assertEquals(null, sim2.b.pollEvent() instanceof SctpEvent.Message ? "delivered" : null);
    }

    @Test
    void peerRestartIsRecognisedByTieTags() {
        LinkSim sim = pair(41);
        Recorder r = new Recorder(sim);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
        // A loses all state and starts over with a new association object (RFC 9260 §5.2.4 case A)
        LinkSim restarted = new LinkSim(new SctpAssociation(LinkSim.config(42)), sim.b, 43);
        List<SctpEvent> a2 = new ArrayList<>();
        restarted.pumpA = () -> Recorder.drain(restarted.a, a2);
        restarted.pumpB = sim.pumpB;
        restarted.a.connect(0);
        assertTrue(restarted.runUntil(() -> restarted.a.state() == SctpState.ESTABLISHED
                && r.of(r.b, SctpEvent.Connected.class).size() == 2, 10 * SEC));
        restarted.a.send(0, 53, new byte[] {7}, SendOptions.RELIABLE_ORDERED);
        assertTrue(restarted.runUntil(() -> r.of(r.b, SctpEvent.Message.class).size() == 1, 10 * SEC));
        sim.b.send(0, 53, new byte[] {8}, SendOptions.RELIABLE_ORDERED);
        assertTrue(restarted.runUntil(() -> a2.stream().anyMatch(e -> e instanceof SctpEvent.Message), 10 * SEC));
    }

    @Test
    void malformedInputIsCountedAndFloodsStayBounded() {
        LinkSim sim = pair(51);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
        SctpAssociation b = sim.b;
        int tag = b.localTag();
        SctpPacket sealer = new SctpPacket();
        b.handleInput(sim.now(), new byte[11], 0, 11);
        assertEquals(1, b.stats().malformedPackets(), "shorter than the common header");
        // first chunk's length runs past the packet
        byte[] p = new byte[12 + 8];
        SctpPacket.writeHeader(p, 0, 5000, 5000, tag);
        Chunk.writeHeader(p, 12, Chunk.HEARTBEAT, 0, 200);
        sealer.seal(p, 0, p.length);
        b.handleInput(sim.now(), p, 0, p.length);
        assertEquals(2, b.stats().malformedPackets());
        // a good HEARTBEAT followed by a truncated chunk: the first is answered, the second counted
        p = new byte[12 + 8 + 6];
        SctpPacket.writeHeader(p, 0, 5000, 5000, tag);
        Chunk.writeHeader(p, 12, Chunk.HEARTBEAT, 0, 8);
        Bytes.put16(p, 16, 1);
        Bytes.put16(p, 18, 4);
        Chunk.writeHeader(p, 20, Chunk.SACK, 0, 16);
        sealer.seal(p, 0, p.length);
        b.handleInput(sim.now(), p, 0, p.length);
        assertEquals(1, b.stats().malformedChunks());
        // a SACK whose gap count lies
        p = new byte[12 + 16];
        SctpPacket.writeHeader(p, 0, 5000, 5000, tag);
        SackChunk.writeFixed(p, 12, 0, 1000, 500, 0);
        Bytes.put16(p, 14, 16); // the chunk is 16 bytes long, yet claims 500 gap blocks
        sealer.seal(p, 0, p.length);
        b.handleInput(sim.now(), p, 0, p.length);
        assertEquals(2, b.stats().malformedChunks());
        // a flood of HEARTBEATs that nobody drains: replies are bounded
        byte[] hb = new byte[12 + 8];
        SctpPacket.writeHeader(hb, 0, 5000, 5000, tag);
        Chunk.writeHeader(hb, 12, Chunk.HEARTBEAT, 0, 8);
        Bytes.put16(hb, 16, 1);
        Bytes.put16(hb, 18, 4);
        sealer.seal(hb, 0, hb.length);
        for (int i = 0; i < 10_000; i++) {
            b.handleInput(sim.now(), hb, 0, hb.length);
        }
        assertTrue(b.stats().controlChunksDropped() > 9_000);
        int packets = 0;
        while (b.pollTransmit(new byte[1500]) > 0) {
            packets++;
        }
        assertTrue(packets < 300, "bounded replies: " + packets);
    }

    @Test
    void staleCookieErrorMakesTheInitiatorStartOver() {
        LinkSim sim = pair(61);
        List<byte[]> sent = new ArrayList<>();
        sim.tap = sent::add;
        sim.loss = 1.0;
        sim.a.connect(0);
        sim.pump();
        byte[] out = new byte[1500];
        sim.b.handleInput(0, sent.get(0), 0, sent.get(0).length);
        int n = sim.b.pollTransmit(out);
        sim.a.handleInput(0, out, 0, n);
        n = sim.a.pollTransmit(out);
        assertEquals(SctpState.COOKIE_ECHOED, sim.a.state());
        sim.b.handleInput(61 * SEC, out, 0, n); // the COOKIE ECHO arrives after the cookie's life
        assertEquals(1, sim.b.stats().staleCookies());
        n = sim.b.pollTransmit(out);
        assertEquals(Chunk.ERROR, out[12]);
        sim.a.handleInput(61 * SEC, out, 0, n);
        assertEquals(SctpState.COOKIE_WAIT, sim.a.state());
        sim.loss = 0;
        sim.tap = x -> { };
        sim.advanceTo(61 * SEC);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
    }

    @Test
    void browserStyleInitWithIDataOfferIsAnsweredWithoutIData() {
        // an INIT shaped like a WebRTC stack's: Forward-TSN-Supported, Supported Extensions
        // listing RE-CONFIG, FORWARD-TSN and I-DATA, a zero-checksum-acceptable parameter and an
        // unknown "skip and report" parameter (0xC123)
        byte[] params = Hex.decode("c0000004" + "80080008" + "82c04000" + "80010008" + "00000001"
                + "c1230006" + "abcd0000");
        byte[] init = new byte[12 + InitChunk.FIXED + params.length];
        SctpPacket.writeHeader(init, 0, 5000, 5000, 0);
        int end = InitChunk.write(init, 12, Chunk.INIT, 0x11223344, 1 << 20, 65535, 65535, 777, false,
                new int[0], null, params);
        SctpPacket sealer = new SctpPacket();
        sealer.seal(init, 0, end);
        SctpAssociation b = new SctpAssociation(LinkSim.config(71));
        b.handleInput(0, init, 0, end);
        byte[] out = new byte[1500];
        int n = b.pollTransmit(out);
        assertTrue(n > 0);
        assertEquals(0x11223344, Bytes.i32(out, 4), "INIT ACK carries the peer's tag");
        Chunk c = new Chunk();
        assertTrue(c.wrap(out, 12, n));
        InitChunk ack = new InitChunk();
        assertTrue(ack.wrap(c));
        assertEquals(Chunk.INIT_ACK, ack.type());
        assertTrue(ack.forwardTsnSupported());
        assertTrue(ack.supportsExtension(Chunk.RE_CONFIG));
        assertFalse(ack.supportsExtension(Chunk.I_DATA), "I-DATA is not offered by default");
        int u = ack.findParam(InitChunk.P_UNRECOGNIZED);
        assertTrue(u > 0, "the 0xC123 parameter is reported");
        assertEquals(0xC123, Bytes.u16(out, u + 4));
        assertTrue(ack.findParam(InitChunk.P_STATE_COOKIE) > 0);
        assertEquals(SctpState.CLOSED, b.state(), "no state kept before COOKIE ECHO");
    }

    @Test
    void idleAssociationHeartbeatsAndDetectsAVanishedPeer() {
        LinkSim sim = pair(81);
        Recorder r = new Recorder(sim);
        sim.a.connect(0);
        assertTrue(sim.runUntil(() -> bothEstablished(sim), 10 * SEC));
        sim.runFor(600 * SEC);
        assertTrue(bothEstablished(sim), "ten idle minutes keep the association up");
        assertTrue(sim.a.heartbeat.acked >= 15 && sim.b.heartbeat.acked >= 15,
                sim.a.heartbeat.acked + " / " + sim.b.heartbeat.acked);
        sim.loss = 1.0; // the peer disappears without a word
        assertTrue(sim.runUntil(() -> sim.a.state() == SctpState.TERMINATED, 3600 * SEC));
        SctpEvent.Closed c = r.of(r.a, SctpEvent.Closed.class).get(0);
        assertFalse(c.graceful());
        assertEquals("peer unreachable: no HEARTBEAT ACK", c.reason());
    }
}
