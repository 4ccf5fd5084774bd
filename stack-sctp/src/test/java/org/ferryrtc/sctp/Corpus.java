package org.ferryrtc.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seed packets for the mutation tests: a recorded conversation using every chunk type we send. */
final class Corpus {
    static final long SEC = 1_000_000_000L;

    private Corpus() {
    }

    /** Packets sent in both directions of a lossy conversation (A->B first in each pair's list). */
    static List<byte[]> conversation(long seed) {
        List<byte[]> all = new ArrayList<>();
        SctpAssociation a = new SctpAssociation(LinkSim.config(seed));
        SctpAssociation b = new SctpAssociation(LinkSim.config(seed + 1));
        LinkSim sim = new LinkSim(a, b, seed);
        sim.tap = all::add;
        sim.pumpA = () -> {
            while (a.pollEvent() != null) {
                // discard
            }
        };
        sim.pumpB = () -> {
            while (b.pollEvent() != null) {
                // discard
            }
        };
        a.connect(0);
        sim.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 10 * SEC);
        sim.loss = 0.2;
        sim.reorder = 0.2;
        Random r = new Random(seed);
        for (int i = 0; i < 40; i++) {
            byte[] m = new byte[1 + r.nextInt(4000)];
            r.nextBytes(m);
            a.send(i % 4, 53, m, new SendOptions(i % 3 == 0, i % 5 == 0 ? 0 : -1, -1));
            b.send(i % 4, 51, m, SendOptions.RELIABLE_ORDERED);
        }
        sim.runFor(30 * SEC);
        a.resetStreams(1, 2);
        sim.runFor(30 * SEC);
        sim.loss = 0;
        a.shutdown(sim.now());
        sim.runFor(30 * SEC);
        all.add(handcrafted(Chunk.I_DATA));
        all.add(handcrafted(Chunk.I_FORWARD_TSN));
        all.add(handcrafted(Chunk.HEARTBEAT));
        all.add(handcrafted(Chunk.ERROR));
        return all;
    }

    private static byte[] handcrafted(int type) {
        byte[] p = new byte[64];
        SctpPacket.writeHeader(p, 0, 5000, 5000, 1);
        int end;
        switch (type) {
            case Chunk.I_DATA -> end = DataChunk.writeIData(p, 12, DataChunk.FLAG_B, 5, 1, 2, 51, new byte[10], 0, 10);
            case Chunk.I_FORWARD_TSN -> end = ForwardTsnChunk.writeI(p, 12, 9, new int[] {1, 2}, new boolean[] {true, false},
                    new int[] {3, 4}, 2);
            case Chunk.HEARTBEAT -> {
                byte[] info = {0, 1, 0, 8, 1, 2, 3, 4};
                end = Chunk.writeOpaque(p, 12, Chunk.HEARTBEAT, 0, info, 0, info.length);
            }
            default -> {
                byte[] cause = ErrorCause.encode(ErrorCause.INVALID_STREAM, new byte[4], 0, 4);
                end = Chunk.writeOpaque(p, 12, Chunk.ERROR, 0, cause, 0, cause.length);
            }
        }
        byte[] out = java.util.Arrays.copyOf(p, end);
        new SctpPacket().seal(out, 0, end);
        return out;
    }

    /** One seeded mutation: bit flips, byte changes, truncation, extension or a lying length field. */
    static byte[] mutate(byte[] src, Random r) {
        byte[] p = src.clone();
        int kind = r.nextInt(6);
        switch (kind) {
            case 0 -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    int at = r.nextInt(p.length);
                    p[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    p[r.nextInt(p.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> p = java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
            case 3 -> {
                int extra = 1 + r.nextInt(64);
                byte[] q = java.util.Arrays.copyOf(p, p.length + extra);
                for (int i = p.length; i < q.length; i++) {
                    q[i] = (byte) r.nextInt(256);
                }
                p = q;
            }
            default -> {
                // a 16-bit length/count field somewhere after the common header lies
                if (p.length > 14) {
                    int at = 12 + r.nextInt(p.length - 13);
                    int v = switch (r.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> 0xFFFF;
                        case 2 -> r.nextInt(65536);
                        default -> ((p[at] & 0xFF) << 8 | (p[at + 1] & 0xFF)) + r.nextInt(9) - 4;
                    };
                    Bytes.put16(p, at, v);
                }
            }
        }
        return p;
    }
}
