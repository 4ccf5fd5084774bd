package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every packet {@link SctpAssociation#pollTransmit} emits fits the configured MTU, also when the
 * MTU is not a multiple of four: RFC 9260 §6.10 bundles chunks against the MTU with their padded
 * length, and §3.2 puts the padding of the last chunk on the wire too, so every packet is a
 * multiple of four bytes long.
 */
class PacketSizeTest {
    static final long SEC = 1_000_000_000L;
    static final int RELIABLE_PPID = 51;
    static final int[] MTUS = {576, 577, 578, 579, 1199, 1200, 1201, 1202, 1203};

    static SctpConfig config(long seed, int mtu, boolean idata) {
        SctpConfig d = LinkSim.config(seed).withInterleaving(idata).withHeartbeatInterval(200);
        return new SctpConfig(d.localPort(), d.remotePort(), mtu, d.maxMessageSize(), d.receiveBufferSize(),
                d.sendBufferSize(), d.maxStreams(), d.rtoInitialMillis(), d.rtoMinMillis(), d.rtoMaxMillis(),
                d.delayedAckMillis(), d.maxInitRetransmits(), d.maxRetransmits(), d.cookieLifetimeMillis(),
                d.random(), d.interleaving(), d.heartbeatIntervalMillis());
    }

    /** What the tap saw: sizes, violations and which chunk types and bundles went over the wire. */
    static final class Wire {
        final int mtu;
        final List<String> violations = new ArrayList<>();
        final boolean[] types = new boolean[256];
        int largest;
        long packets;
        long sackWithData;
        long fragments;
        long retransmissions;
        long malformed;

        Wire(int mtu) {
            this.mtu = mtu;
        }

        void accept(byte[] p) {
            packets++;
            largest = Math.max(largest, p.length);
            if (p.length > mtu) {
                violations.add("packet of " + p.length + " > MTU " + mtu);
            }
            if (p.length % 4 != 0) {
                violations.add("packet of " + p.length + " not padded to 4 (RFC 9260 §3.2)");
            }
            boolean sack = false;
            boolean data = false;
            int q = SctpPacket.HEADER_SIZE;
            while (q + 4 <= p.length) {
                int type = p[q] & 0xFF;
                int flags = p[q + 1] & 0xFF;
                int len = Bytes.u16(p, q + 2);
                if (len < 4) {
                    violations.add("chunk length " + len);
                    return;
                }
                types[type] = true;
                sack |= type == Chunk.SACK;
                if (type == Chunk.DATA || type == Chunk.I_DATA) {
                    data = true;
                    if ((flags & (DataChunk.FLAG_B | DataChunk.FLAG_E)) != (DataChunk.FLAG_B | DataChunk.FLAG_E)) {
                        fragments++;
                    }
                }
                q += Bytes.pad4(len);
            }
            if (q != p.length) {
                violations.add("packet of " + p.length + " ends at chunk boundary " + q);
            }
            if (sack && data) {
                sackWithData++;
            }
        }
    }

    /** Sizes that straddle what one packet can carry, plus random ones up to three packets. */
    static List<byte[]> messages(Random r, int n, int mtu) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = switch (i % 4) {
                case 0 -> mtu - 12 - 20 - 16 + r.nextInt(24); // around a full DATA / I-DATA / SACK+DATA packet
                case 1 -> 1 + r.nextInt(64);
                default -> 1 + r.nextInt(3 * mtu);
            };
            byte[] m = new byte[size];
            r.nextBytes(m);
            out.add(m);
        }
        return out;
    }

    /**
     * Both directions carry messages at once over a lossy, reordering, duplicating link (SACKs bundle
     * with DATA, chunks are fragmented and retransmitted); some messages are partially reliable
     * (FORWARD TSN), two streams are reset (RE-CONFIG) and the idle tail sends heartbeats.
     */
    static Wire exercise(int mtu, boolean idata, long seed) {
        SctpAssociation a = new SctpAssociation(config(seed, mtu, idata));
        SctpAssociation b = new SctpAssociation(config(seed + 1, mtu, idata));
        LinkSim sim = new LinkSim(a, b, seed + 2);
        Wire wire = new Wire(mtu);
        sim.tap = wire::accept;
        a.connect(0);
        assertTrue(sim.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 60 * SEC));
        sim.loss = 0.05;
        sim.duplicate = 0.02;
        sim.reorder = 0.1;
        Random r = new Random(seed + 3);
        int[] reliableSent = new int[2];
        int[] reliableReceived = new int[2];
        List<byte[]> bulk = messages(r, 240, mtu);
        for (int i = 0; i < bulk.size(); i++) {
            reliableSent[0] += send(a, i, bulk.get(i));
        }
        assertTrue(a.resetStreams(3));
        // B answers about half of what it receives at once, so its SACKs ride along with its DATA
        List<byte[]> replies = messages(r, 200, mtu);
        int[] next = {0};
        sim.pumpA = () -> drain(a, reliableReceived, 1, null);
        sim.pumpB = () -> drain(b, reliableReceived, 0, () -> {
            if (next[0] < replies.size() && r.nextBoolean()) {
                reliableSent[1] += send(b, next[0], replies.get(next[0]));
                next[0]++;
            }
        });
        sim.runUntil(() -> reliableReceived[0] >= reliableSent[0] && reliableReceived[1] >= reliableSent[1]
                && next[0] > 20, 600 * SEC);
        assertTrue(b.resetStreams(4));
        sim.loss = 0;
        sim.runFor(5 * SEC); // idle: heartbeats
        assertEquals(reliableSent[0], reliableReceived[0], "A->B reliable messages");
        assertEquals(reliableSent[1], reliableReceived[1], "B->A reliable messages");
        assertEquals(SctpState.ESTABLISHED, a.state());
        assertEquals(SctpState.ESTABLISHED, b.state());
        for (SctpAssociation s : from(a, b)) {
            wire.retransmissions += s.stats().retransmissions();
            wire.malformed += s.stats().malformedPackets() + s.stats().malformedChunks() + s.stats().controlChunksDropped();
        }
        return wire;
    }

    private static SctpAssociation[] from(SctpAssociation... s) {
        return s;
    }

    /** Queues message {@code i}: every fifth unordered, every fifth partially reliable (no retransmissions). */
    private static int send(SctpAssociation s, int i, byte[] m) {
        SendOptions opt = i % 5 == 3 ? new SendOptions(true, 0, -1)
                : i % 5 == 4 ? SendOptions.RELIABLE_UNORDERED : SendOptions.RELIABLE_ORDERED;
        int ppid = opt.reliable() ? RELIABLE_PPID : 53;
        assertEquals(SendStatus.OK, s.send(i % 6, ppid, m, opt));
        return opt.reliable() ? 1 : 0;
    }

    private static void drain(SctpAssociation s, int[] reliable, int dir, Runnable onMessage) {
        SctpEvent e;
        while ((e = s.pollEvent()) != null) {
            if (e instanceof SctpEvent.Message m) {
                if (m.ppid() == RELIABLE_PPID) {
                    reliable[dir]++;
                }
                if (onMessage != null) {
                    onMessage.run();
                }
            }
        }
    }

    @Test
    void everyPacketFitsAnyMtu() {
        for (boolean idata : new boolean[] {false, true}) {
            for (int mtu : MTUS) {
                Wire w = exercise(mtu, idata, 1000L * mtu + (idata ? 1 : 0));
                String what = (idata ? "I-DATA" : "DATA") + " MTU " + mtu;
                assertTrue(w.violations.isEmpty(), what + ": " + w.violations.subList(0, Math.min(5, w.violations.size())));
                assertEquals(mtu & ~3, w.largest, what + ": full packets use the whole (padded) MTU");
                assertTrue(w.fragments > 0, what + ": fragments");
                assertTrue(w.retransmissions > 0, what + ": retransmissions");
                assertEquals(0, w.malformed, what + ": the peers accepted every packet and dropped no control chunk");
                assertTrue(w.sackWithData > 0, what + ": SACK bundled with DATA");
                assertTrue(w.types[idata ? Chunk.I_DATA : Chunk.DATA], what + ": data chunk type");
                assertTrue(w.types[idata ? Chunk.I_FORWARD_TSN : Chunk.FORWARD_TSN], what + ": FORWARD TSN");
                assertTrue(w.types[Chunk.RE_CONFIG], what + ": RE-CONFIG");
                assertTrue(w.types[Chunk.HEARTBEAT] && w.types[Chunk.HEARTBEAT_ACK], what + ": HEARTBEAT");
            }
        }
    }

    @Test
    void randomMtusFitToo() {
        Random r = new Random(77);
        for (int k = 0; k < 6; k++) {
            int mtu = k < 4 ? 576 + r.nextInt(1500) : 1500 + r.nextInt(8000);
            boolean idata = r.nextBoolean();
            Wire w = exercise(mtu, idata, 5000L + k);
            assertTrue(w.violations.isEmpty(), "MTU " + mtu + ": " + w.violations.subList(0, Math.min(5, w.violations.size())));
            assertEquals(mtu & ~3, w.largest, "MTU " + mtu);
        }
    }

    /** A connected pair with the given MTU on A, driven by hand afterwards. */
    static LinkSim pair(int mtu) {
        SctpAssociation a = new SctpAssociation(config(31, mtu, false));
        SctpAssociation b = new SctpAssociation(config(32, mtu, false));
        LinkSim sim = new LinkSim(a, b, 33);
        a.connect(0);
        assertTrue(sim.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 60 * SEC));
        sim.runFor(SEC); // let the last SACKs settle
        return sim;
    }

    /** Feeds A one packet from B holding one chunk of {@code type} with a {@code len}-byte length field. */
    static List<byte[]> feed(LinkSim sim, int type, int len) {
        byte[] p = new byte[SctpPacket.HEADER_SIZE + Bytes.pad4(len)];
        SctpPacket.writeHeader(p, 0, 5000, 5000, sim.a.localTag());
        Chunk.writeHeader(p, SctpPacket.HEADER_SIZE, type, 0, len);
        if (type == Chunk.HEARTBEAT) {
            Bytes.put16(p, SctpPacket.HEADER_SIZE + 4, 1); // Heartbeat Info parameter
            Bytes.put16(p, SctpPacket.HEADER_SIZE + 6, len - 4);
        }
        new SctpPacket().seal(p, 0, p.length);
        sim.a.handleInput(sim.now(), p, 0, p.length);
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[65536];
        int n;
        while ((n = sim.a.pollTransmit(buf)) >= 0) {
            out.add(java.util.Arrays.copyOf(buf, n));
        }
        return out;
    }

    /** RFC 9260 §8.3: the HEARTBEAT ACK echoes the info, so it is answered exactly when its padded copy fits. */
    @Test
    void peerHeartbeatIsAnsweredWhenThePaddedAckFits() {
        for (int mtu : new int[] {577, 1201, 1202, 1203}) {
            LinkSim sim = pair(mtu);
            Wire w = new Wire(mtu);
            int answered = 0;
            for (int len = mtu - 40; len <= mtu; len++) {
                List<byte[]> out = feed(sim, Chunk.HEARTBEAT, len);
                out.forEach(w::accept);
                boolean fits = SctpPacket.HEADER_SIZE + Bytes.pad4(len) <= mtu;
                boolean acked = out.stream().anyMatch(x -> (x[SctpPacket.HEADER_SIZE] & 0xFF) == Chunk.HEARTBEAT_ACK);
                assertEquals(fits, acked, "MTU " + mtu + ", HEARTBEAT length " + len);
                answered += acked ? 1 : 0;
            }
            assertTrue(w.violations.isEmpty(), "MTU " + mtu + ": " + w.violations);
            assertTrue(answered > 0 && w.largest == (mtu & ~3), "MTU " + mtu + ": largest ACK " + w.largest);
        }
    }

    /** RFC 9260 §3.2: an unrecognized chunk of type 01xxxxxx is reported in an ERROR that still fits. */
    @Test
    void unrecognizedChunkReportFits() {
        for (int mtu : new int[] {577, 1203}) {
            LinkSim sim = pair(mtu);
            Wire w = new Wire(mtu);
            int reports = 0;
            for (int len = 4; len <= mtu + 64; len += 7) {
                List<byte[]> out = feed(sim, 0x7F, len);
                out.forEach(w::accept);
                reports += (int) out.stream().filter(x -> (x[SctpPacket.HEADER_SIZE] & 0xFF) == Chunk.ERROR).count();
            }
            assertTrue(w.violations.isEmpty(), "MTU " + mtu + ": " + w.violations);
            assertTrue(reports > 0, "MTU " + mtu + ": reports");
        }
    }

    /** The INIT ACK (cookie plus up to 256 bytes of reported parameters, §3.2.1) fits the smallest MTU. */
    @Test
    void initAckWithUnrecognizedParametersFits() {
        for (int mtu : new int[] {576, 577, 578, 579}) {
            SctpAssociation a = new SctpAssociation(config(41, mtu, true));
            byte[] init = Handshake.initPacket(config(42, mtu, true), 0x1234, 99);
            int params = 0;
            byte[] p = java.util.Arrays.copyOf(init, init.length + 10 * 40);
            int q = init.length;
            for (int i = 0; i < 10; i++) { // type 11xxxxxxxxxxxxxx: skip, continue and report
                Bytes.put16(p, q, 0xC000 | (0x100 + i));
                Bytes.put16(p, q + 4 - 2, 37);
                q += 40;
                params += 40;
            }
            int chunkLen = Bytes.u16(p, SctpPacket.HEADER_SIZE + 2) + params;
            Bytes.put16(p, SctpPacket.HEADER_SIZE + 2, chunkLen);
            new SctpPacket().seal(p, 0, q);
            a.handleInput(0, p, 0, q);
            byte[] buf = new byte[65536];
            int n = a.pollTransmit(buf);
            assertTrue(n > 0, "INIT ACK sent");
            assertEquals(Chunk.INIT_ACK, buf[SctpPacket.HEADER_SIZE] & 0xFF);
            Wire w = new Wire(mtu);
            w.accept(java.util.Arrays.copyOf(buf, n));
            assertTrue(w.violations.isEmpty(), "MTU " + mtu + ": " + w.violations);
            assertTrue(n > 256, "unrecognized parameters reported: " + n);
        }
    }
}
