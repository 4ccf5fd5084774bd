package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ferryrtc.rtp.codec.Depacketizer.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-built payloads following the figures of RFC 7741, RFC 6184, RFC 9628, the AV1 RTP spec
 * and RFC 7587 (files under vectors/): parse them, and where the vector is in our packetizer's
 * style, write -> parse -> write: packetizing the frame reproduces the packets byte for byte.
 */
class RfcVectorTest {
    static Stream<VectorFiles.Vector> vectors() {
        return VectorFiles.all().stream();
    }

    @Test
    void everyFolderHasVectors() {
        List<VectorFiles.Vector> all = VectorFiles.all();
        for (String d : VectorFiles.DIRS) {
            assertTrue(all.stream().anyMatch(v -> v.name().startsWith(d + "/")), d);
        }
        assertTrue(all.size() >= 18);
    }

    /**
     * Pushes the vector's packets right after a complete one-packet frame (as in mid-stream):
     * H.264 and AV1 have no start mark on every frame, so a depacketizer only trusts a frame
     * start that follows a marker bit (or an AUD/SPS, or N=1).
     */
    static byte[] depacketize(Depacketizer dp, List<byte[]> packets, int seq0, long ts) {
        byte[] prev = Frames.make(dp.codec(), Frames.minSize(dp.codec()), false, new java.util.Random(1));
        Packets pp = new Packets();
        assertEquals(1, Codecs.packetizer(dp.codec()).packetize(prev, 0, prev.length, pp));
        long prevTs = (ts - 3000) & 0xFFFF_FFFFL;
        Result pr = dp.push((seq0 - 1) & 0xFFFF, prevTs, true, pp.get(0), 0, pp.get(0).length);
        assertTrue(pr == Result.FRAME || pr == Result.NEED_MORE); // H.264/AV1 cannot trust it
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            boolean last = i == packets.size() - 1;
            Result r = dp.push((seq0 + i) & 0xFFFF, ts, last, p, 0, p.length);
            assertEquals(last ? Result.FRAME : Result.NEED_MORE, r, "packet " + i);
        }
        assertEquals(ts, dp.frameTimestamp());
        return Arrays.copyOf(dp.frameBuffer(), dp.frameLength());
    }

    static Packetizer packetizer(VectorFiles.Vector v) {
        int mtu = v.intField("mtu", Packetizer.DEFAULT_MAX_PAYLOAD);
        int pid = v.intField("pictureId", 0);
        return switch (v.codec()) {
            case "VP8" -> new Vp8Packetizer(mtu, pid);
            case "VP9" -> new Vp9Packetizer(mtu, pid);
            case "H264" -> new H264Packetizer(mtu, v.intField("mode", 1), true);
            default -> Codecs.packetizer(v.codec(), mtu);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parseAndWrite(VectorFiles.Vector v) {
        Depacketizer dp = Codecs.depacketizer(v.codec());
        byte[] frame = depacketize(dp, v.packets(), 65_535, 0xFFFF_FFFFL);
        assertArrayEquals(v.frame(), frame, "parse");
        assertEquals(v.keyframe(), dp.isKeyframe(), "keyframe after reassembly");
        byte[] first = v.packets().get(0);
        assertEquals(v.keyframe(), Codecs.isKeyframe(v.codec(), first, 0, first.length), "keyframe on the first packet");
        if (v.codec().equals("VP8")) {
            assertEquals(v.intField("pictureId", -2), Vp8Depacketizer.pictureId(first, 0, first.length));
        }
        if (v.write()) {
            Packets out = new Packets();
            assertEquals(v.packets().size(), packetizer(v).packetize(frame, 0, frame.length, out));
            for (int i = 0; i < out.size(); i++) {
                assertArrayEquals(v.packets().get(i), out.get(i), "write: packet " + i);
                assertEquals(i == out.size() - 1 && !v.codec().equals("opus"), out.marker(i));
            }
            // write -> parse -> write again, from our own output
            byte[] again = depacketize(Codecs.depacketizer(v.codec()), out.payloads, 7, 90_000);
            assertArrayEquals(v.frame(), again, "parse of our own packets");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyTruncationIsRejectedOrConsistent(VectorFiles.Vector v) {
        // Cutting the last byte(s) off the first packet must never crash; for single-packet
        // vectors, a truncated packet either fails or yields a shorter frame.
        byte[] first = v.packets().get(0);
        for (int cut = 0; cut < first.length; cut++) {
            Depacketizer dp = Codecs.depacketizer(v.codec());
            Result r = dp.push(1, 0, true, first, 0, cut);
            if (r == Result.FRAME) {
                assertTrue(dp.frameLength() <= v.frame().length + 64);
            }
            Codecs.isKeyframe(v.codec(), first, 0, cut);
        }
    }
}
