package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.ferryrtc.testkit.Mutator;
import org.ferryrtc.rtp.codec.Depacketizer.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random mutation of valid payloads (bit flips, byte changes, truncation, extension,
 * 16-bit and LEB128 length lies) plus sequence/marker/timestamp perturbation: every push must
 * return one of the declared results, never throw (an ArrayIndexOutOfBoundsException is a
 * failure: each payload sits at the very end of an array of its exact size), and emitted frames
 * must stay within the buffer and the size limit.
 */
class MutationTest {
    static final int ITERATIONS = 120_000;
    static final int MAX_FRAME = 64 * 1024;

    /** Valid payloads for a codec: packetized random frames plus hand-built corner cases. */
    static List<byte[]> seeds(String codec, Random rnd) {
        List<byte[]> seeds = new ArrayList<>();
        for (int mtu : new int[] {40, 300, 1140}) {
            Packetizer pk = Codecs.packetizer(codec, mtu);
            for (int size : new int[] {1, 5, 30, 200, 1500, 4000}) {
                if (size < Frames.minSize(codec) || (codec.equals("opus") && size > mtu)) {
                    continue;
                }
                byte[] frame = Frames.make(codec, size, rnd.nextBoolean(), rnd);
                Packets p = new Packets();
                pk.packetize(frame, 0, frame.length, p);
                seeds.addAll(p.payloads);
            }
        }
        for (String h : VectorFiles.handBuilt(codec)) {
            seeds.add(Packets.hex(h));
        }
        return seeds;
    }

    static Supplier<Depacketizer> factory(String name) {
        return switch (name) {
            case "H264-prefix" -> () -> new H264Depacketizer(MAX_FRAME, true);
            case "VP8" -> () -> new Vp8Depacketizer(MAX_FRAME);
            case "VP9" -> () -> new Vp9Depacketizer(MAX_FRAME);
            case "H264" -> () -> new H264Depacketizer(MAX_FRAME, false);
            case "AV1" -> () -> new Av1Depacketizer(MAX_FRAME);
            default -> () -> new AudioDepacketizer(name, MAX_FRAME);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "H264-prefix", "AV1", "opus", "PCMU"})
    void depacketizerSurvivesMutatedPayloads(String name) {
        String codec = name.startsWith("H264") ? "H264" : name;
        Random rnd = new Random(0xC0DEC + name.hashCode());
        List<byte[]> seeds = seeds(codec, rnd);
        Depacketizer dp = factory(name).get();
        byte[] scratch = new byte[1600];
        int seq = rnd.nextInt(65_536);
        long ts = 0;
        int[] tally = new int[Result.values().length];
        int gapWithData = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            int len;
            if (rnd.nextInt(5) == 0) {
                len = seed.length; // keep some valid packets flowing so frames complete
                System.arraycopy(seed, 0, scratch, 0, len);
            } else {
                len = Mutator.mutate(rnd, seed, scratch);
                if (codec.equals("AV1") && len > 1 && rnd.nextInt(4) == 0) {
                    scratch[1 + rnd.nextInt(len - 1)] = (byte) 0xFF; // LEB128 continuation lie
                }
            }
            int off = rnd.nextInt(4);
            byte[] payload = new byte[off + len]; // exact size: any overread throws
            System.arraycopy(scratch, 0, payload, off, len);
            switch (rnd.nextInt(20)) {
                case 0 -> seq = (seq + 2 + rnd.nextInt(5)) & 0xFFFF; // loss
                case 1 -> { } // duplicate sequence number
                case 2 -> seq = (seq - 1 - rnd.nextInt(10)) & 0xFFFF; // late
                default -> seq = (seq + 1) & 0xFFFF;
            }
            if (rnd.nextInt(6) == 0) {
                ts = (ts + 3000) & 0xFFFF_FFFFL;
            }
            boolean marker = rnd.nextInt(4) == 0;
            Result r = dp.push(seq, ts, marker, payload, off, len);
            assertNotNull(r);
            tally[r.ordinal()]++;
            if (r == Result.GAP && len > 0) {
                gapWithData++;
            }
            if (r == Result.FRAME) {
                assertTrue(dp.frameLength() >= 0 && dp.frameLength() <= dp.frameBuffer().length);
                assertTrue(dp.frameLength() <= MAX_FRAME);
            }
            boolean k = Codecs.isKeyframe(codec, payload, off, len); // must not throw either
            assertTrue(k || !k);
        }
        assertEquals(ITERATIONS, tally[0] + tally[1] + tally[2] + tally[3]);
        assertTrue(tally[Result.FRAME.ordinal()] > 0, name + " still emits frames: " + java.util.Arrays.toString(tally));
        assertTrue(dp.gaps() > 0 && dp.discarded() > 0, name + " saw loss and duplicates");
        if (codec.equals("opus") || codec.equals("PCMU")) {
            assertEquals(0, gapWithData, "audio: FRAME wins over GAP (only empty payloads report it)");
        } else {
            assertTrue(tally[Result.GAP.ordinal()] > 0, name + " reported gaps");
            assertTrue(tally[Result.INVALID.ordinal()] > 0, name + " rejected malformed payloads");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"H264", "AV1"})
    void packetizerSurvivesMutatedFrames(String codec) {
        Random rnd = new Random(99 + codec.hashCode());
        List<byte[]> frames = new ArrayList<>();
        for (int size : new int[] {5, 40, 300, 2000}) {
            frames.add(Frames.make(codec, size, rnd.nextBoolean(), rnd));
        }
        Packetizer pk = Codecs.packetizer(codec, 200);
        byte[] scratch = new byte[1600];
        int valid = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            int len = Mutator.mutate(rnd, frames.get(rnd.nextInt(frames.size())), scratch);
            byte[] frame = new byte[len];
            System.arraycopy(scratch, 0, frame, 0, len);
            int[] seen = {0};
            boolean[] lastMarker = {false};
            int n = pk.packetize(frame, 0, len, (b, o, l, m) -> {
                assertTrue(l >= 1 && l <= 200, "payload within budget");
                assertTrue(!lastMarker[0], "marker only on the last payload");
                lastMarker[0] = m;
                seen[0]++;
            });
            assertTrue(n == Packetizer.INVALID_FRAME || n == seen[0]);
            if (n > 0) {
                valid++;
                assertTrue(lastMarker[0], "the last payload carries the marker");
            }
        }
        assertTrue(valid > 0);
    }
}
