package org.ferryrtc.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ferryrtc.testkit.Mutator;

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

    /**
     * One seeded mutation: two times in three the generic kinds of {@link Mutator} (bit flips,
     * byte changes, interesting values, truncation, extension by up to 64 bytes, 16-bit lies),
     * otherwise a lying 16-bit length/count field after the 12-byte common header, where the
     * chunk and parameter lengths are (RFC 9260 §3.2).
     */
    static byte[] mutate(byte[] src, Random r) {
        if (r.nextInt(3) != 0) {
            return Mutator.mutate(r, src, 64);
        }
        byte[] p = src.clone();
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
        return p;
    }
}
