package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.ferryrtc.rtp.codec.Depacketizer.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** frame -> packetize -> depacketize -> identical frame, for every codec and many sizes. */
class RoundTripTest {
    static final int[] SIZES = {1, 2, 3, 4, 5, 17, 100, 1000, 1139, 1140, 1141, 1142, 2279, 2281,
        5000, 65_535, 65_536, 100_000, 300 * 1024};

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1"})
    void videoRoundTripAllSizes(String codec) {
        for (int mtu : new int[] {Packetizer.DEFAULT_MAX_PAYLOAD, 100}) {
            Packetizer pk = Codecs.packetizer(codec, mtu);
            Depacketizer dp = Codecs.depacketizer(codec);
            Random rnd = new Random(7 + mtu);
            int seq = 65_500; // wraps during the run
            long ts = 0xFFFF_F000L; // wraps too
            int n = 0;
            // The stream opens with a keyframe large enough to carry a codec start mark (SPS for
            // H.264, sequence header + N for AV1): only a known frame start is accepted first.
            int[] sizes = new int[SIZES.length + 1];
            sizes[0] = 1000;
            System.arraycopy(SIZES, 0, sizes, 1, SIZES.length);
            for (int size : sizes) {
                if (size < Frames.minSize(codec)) {
                    continue;
                }
                for (boolean key : new boolean[] {true, false}) {
                    byte[] frame = Frames.make(codec, size, key, rnd);
                    // AV1 keyframe = carries a sequence header (the generator adds one when it fits)
                    boolean expectKey = codec.equals("AV1") ? frame.length > 2 && frame[2] == 0x0A : key;
                    Packets out = new Packets();
                    int count = pk.packetize(frame, 0, frame.length, out);
                    assertEquals(out.size(), count, codec + " count");
                    assertTrue(count >= 1);
                    for (int i = 0; i < count; i++) {
                        assertTrue(out.get(i).length <= mtu, "payload within budget");
                        assertEquals(i == count - 1, out.marker(i), "marker only on the last packet");
                        if (i == 0) {
                            assertEquals(expectKey, Codecs.isKeyframe(codec, out.get(0), 0, out.get(0).length),
                                    codec + " static keyframe test on the first packet, size " + size);
                        }
                        Result r = dp.push(seq, ts, out.marker(i), out.get(i), 0, out.get(i).length);
                        seq = (seq + 1) & 0xFFFF;
                        assertEquals(i == count - 1 ? Result.FRAME : Result.NEED_MORE, r,
                                codec + " size " + size + " packet " + i + "/" + count);
                    }
                    assertArrayEquals(frame, Arrays.copyOf(dp.frameBuffer(), dp.frameLength()),
                            codec + " size " + size + " mtu " + mtu);
                    assertEquals(ts, dp.frameTimestamp());
                    assertEquals(expectKey, dp.isKeyframe(), codec + " keyframe size " + size);
                    ts = (ts + 3000) & 0xFFFF_FFFFL;
                    n++;
                }
            }
            assertEquals(n, dp.frames());
            assertEquals(0, dp.gaps() + dp.invalid() + dp.discarded());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCMU", "PCMA"})
    void g711CutsIntoPtimePacketsAndReassembles(String codec) {
        Packetizer pk = Codecs.packetizer(codec);
        Depacketizer dp = Codecs.depacketizer(codec);
        Random rnd = new Random(3);
        int seq = 0;
        for (int size : SIZES) {
            byte[] samples = Frames.random(size, rnd);
            Packets out = new Packets();
            int count = pk.packetize(samples, 0, size, out);
            assertEquals((size + 159) / 160, count);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            long ts = 1000;
            for (int i = 0; i < count; i++) {
                byte[] p = out.get(i);
                assertEquals(i < count - 1 ? 160 : size - 160 * (count - 1), p.length);
                assertFalse(out.marker(i));
                assertEquals(Result.FRAME, dp.push(seq++ & 0xFFFF, ts, false, p, 0, p.length));
                assertEquals(ts, dp.frameTimestamp());
                assertTrue(dp.isKeyframe());
                joined.write(dp.frameBuffer(), 0, dp.frameLength());
                ts += p.length; // one tick per sample at 8 kHz
            }
            assertArrayEquals(samples, joined.toByteArray());
        }
        assertEquals(0, dp.gaps() + dp.invalid());
        assertEquals(80, new G711Packetizer(codec, 10, 1140).samplesPerPacket());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opus", "OPUS"})
    void opusOneFramePerPacket(String codec) {
        Packetizer pk = Codecs.packetizer(codec);
        Depacketizer dp = Codecs.depacketizer(codec);
        Random rnd = new Random(5);
        int seq = 100;
        for (int size : SIZES) {
            byte[] frame = Frames.random(size, rnd);
            Packets out = new Packets();
            int count = pk.packetize(frame, 0, size, out);
            if (size > pk.maxPayloadSize()) {
                assertEquals(Packetizer.INVALID_FRAME, count, "Opus packets are never split");
                assertEquals(0, out.size());
                continue;
            }
            assertEquals(1, count);
            assertEquals(Result.FRAME, dp.push(seq++, 960L * seq, false, out.get(0), 0, size));
            assertArrayEquals(frame, Arrays.copyOf(dp.frameBuffer(), dp.frameLength()));
        }
        assertEquals("opus", dp.codec());
    }

    @ParameterizedTest
    @ValueSource(strings = {"H264"})
    void h264Mode0AndNoAggregation(String codec) {
        Random rnd = new Random(11);
        for (H264Packetizer pk : new H264Packetizer[] {
                new H264Packetizer(1140, 0, false), new H264Packetizer(1140, 1, false)}) {
            Depacketizer dp = new H264Depacketizer();
            byte[] frame = Frames.h264(1000, true, rnd); // SPS, PPS, IDR slices all < 1140
            Packets out = new Packets();
            int count = pk.packetize(frame, 0, frame.length, out);
            assertTrue(count >= 3, "one single NAL unit packet per NAL");
            for (int i = 0; i < count; i++) {
                int type = out.get(i)[0] & 0x1F;
                assertTrue(type >= 1 && type <= 23, "no STAP-A / FU-A");
                dp.push(i, 0, out.marker(i), out.get(i), 0, out.get(i).length);
            }
            assertArrayEquals(frame, Arrays.copyOf(dp.frameBuffer(), dp.frameLength()));
        }
        byte[] big = Frames.h264(5000, false, rnd);
        Packets out = new Packets();
        assertEquals(Packetizer.INVALID_FRAME, new H264Packetizer(1140, 0, true).packetize(big, 0, big.length, out),
                "mode 0 cannot send a NAL unit larger than the budget");
        assertEquals(0, out.size(), "nothing emitted for an invalid frame");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9"})
    void pictureIdIncrementsPerFrameAndWraps(String codec) {
        Packetizer pk = codec.equals("VP8") ? new Vp8Packetizer(1140, 0x7FFE) : new Vp9Packetizer(1140, 0x7FFE);
        int[] expected = {0x7FFE, 0x7FFF, 0, 1};
        for (int e : expected) {
            Packets out = new Packets();
            pk.packetize(new byte[3000], 0, 3000, out);
            for (byte[] p : out.payloads) {
                int pid = codec.equals("VP8")
                        ? Vp8Depacketizer.pictureId(p, 0, p.length)
                        : ((p[1] & 0x7F) << 8) | (p[2] & 0xFF);
                assertEquals(e, pid);
            }
        }
    }
}
