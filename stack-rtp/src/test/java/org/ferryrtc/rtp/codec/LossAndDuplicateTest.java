package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ferryrtc.rtp.codec.Depacketizer.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loss, duplicates, late packets, frame ends without marker, size limit. */
class LossAndDuplicateTest {
    /** One packetized frame. */
    record Sent(byte[] frame, long ts, List<byte[]> payloads, List<Boolean> markers) {}

    static List<Sent> stream(String codec, int frames, int size, int mtu, long seed) {
        Random rnd = new Random(seed);
        Packetizer pk = Codecs.packetizer(codec, mtu);
        List<Sent> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] frame = Frames.make(codec, size, f % 4 == 0, rnd);
            Packets p = new Packets();
            pk.packetize(frame, 0, frame.length, p);
            out.add(new Sent(frame, 3000L * f, p.payloads, p.markers));
        }
        return out;
    }

    static byte[] frameOf(Depacketizer dp) {
        return Arrays.copyOf(dp.frameBuffer(), dp.frameLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1"})
    void lossInTheMiddleOfAFrameReportsGapAndNeverEmitsIt(String codec) {
        List<Sent> s = stream(codec, 4, 5000, 1140, 1); // 5 packets per frame
        Depacketizer dp = Codecs.depacketizer(codec);
        int seq = 0;
        List<Result> results = new ArrayList<>();
        List<byte[]> emitted = new ArrayList<>();
        for (int f = 0; f < s.size(); f++) {
            Sent x = s.get(f);
            assertTrue(x.payloads().size() >= 3);
            for (int i = 0; i < x.payloads().size(); i++) {
                int mySeq = seq++;
                if (f == 1 && i == 2) {
                    continue; // lost
                }
                byte[] p = x.payloads().get(i);
                Result r = dp.push(mySeq, x.ts(), x.markers().get(i), p, 0, p.length);
                results.add(r);
                if (r == Result.FRAME) {
                    emitted.add(frameOf(dp));
                }
                if (f == 1 && i == 3) {
                    assertEquals(Result.GAP, r, "the packet after the hole reports the gap");
                } else if (f == 1 && i > 3) {
                    assertEquals(Result.NEED_MORE, r, "rest of the broken frame is skipped");
                }
            }
        }
        assertEquals(3, emitted.size(), "frame 1 is dropped, the others survive");
        assertArrayEquals(s.get(0).frame(), emitted.get(0));
        assertArrayEquals(s.get(2).frame(), emitted.get(1), "resynchronised at the next frame");
        assertArrayEquals(s.get(3).frame(), emitted.get(2));
        assertEquals(1, dp.gaps());
        assertEquals(0, dp.invalid());
        assertEquals(1, results.stream().filter(r -> r == Result.GAP).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1"})
    void losingTheMarkerPacketNeverMergesTwoFrames(String codec) {
        List<Sent> s = stream(codec, 5, 3000, 1140, 2);
        Depacketizer dp = Codecs.depacketizer(codec);
        int seq = 0;
        List<byte[]> emitted = new ArrayList<>();
        for (int f = 0; f < s.size(); f++) {
            Sent x = s.get(f);
            int last = x.payloads().size() - 1;
            for (int i = 0; i <= last; i++) {
                int mySeq = seq++;
                if (f == 1 && i == last) {
                    continue; // the marker packet of frame 1 is lost
                }
                byte[] p = x.payloads().get(i);
                if (dp.push(mySeq, x.ts(), x.markers().get(i), p, 0, p.length) == Result.FRAME) {
                    emitted.add(frameOf(dp));
                }
            }
        }
        // Every emitted frame is one of the sent frames, intact; frame 1 never appears.
        for (byte[] e : emitted) {
            assertTrue(s.stream().anyMatch(x -> Arrays.equals(x.frame(), e)), codec + ": emitted frame was sent");
            assertFalse(Arrays.equals(s.get(1).frame(), e));
        }
        assertArrayEquals(s.get(4).frame(), emitted.get(emitted.size() - 1));
        // VP8/VP9 mark frame starts, so frame 2 is recovered; H.264/AV1 resume at frame 3.
        assertEquals(codec.startsWith("VP") ? 4 : 3, emitted.size(), codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1", "opus", "PCMA"})
    void duplicatesAndLatePacketsDoNotCorruptFrames(String codec) {
        List<Sent> s = stream(codec, 6, codec.equals("opus") ? 300 : 4000, 1140, 3);
        Depacketizer dp = Codecs.depacketizer(codec);
        Random rnd = new Random(4);
        int seq = 65_530;
        int frames = 0;
        int pushes = 0;
        List<int[]> sent = new ArrayList<>(); // (frame, index, seq) of packets already pushed
        for (int f = 0; f < s.size(); f++) {
            Sent x = s.get(f);
            for (int i = 0; i < x.payloads().size(); i++) {
                byte[] p = x.payloads().get(i);
                int mySeq = seq;
                seq = (seq + 1) & 0xFFFF;
                Result r = dp.push(mySeq, x.ts(), x.markers().get(i), p, 0, p.length);
                pushes++;
                sent.add(new int[] {f, i, mySeq});
                if (r == Result.FRAME) {
                    frames++;
                    byte[] got = frameOf(dp);
                    if (codec.equals("PCMA") || codec.equals("opus")) {
                        assertArrayEquals(p, got);
                    } else {
                        assertArrayEquals(x.frame(), got);
                    }
                }
                // replay the same packet, and an older one, possibly with garbage bytes
                for (int k = 0; k < 2; k++) {
                    int[] old = k == 0 ? sent.get(sent.size() - 1) : sent.get(rnd.nextInt(sent.size()));
                    byte[] junk = Frames.random(20, rnd);
                    assertEquals(Result.NEED_MORE, dp.push(old[2], s.get(old[0]).ts(), true, junk, 0, junk.length),
                            "duplicate or late packet ignored");
                }
            }
        }
        int expectedFrames = codec.equals("PCMA") || codec.equals("opus") ? pushes : s.size();
        assertEquals(expectedFrames, frames);
        assertEquals(2L * pushes, dp.discarded());
        assertEquals(0, dp.gaps() + dp.invalid());
    }

    @Test
    void audioLossStillDeliversTheNextPacket() {
        Depacketizer dp = Codecs.depacketizer("PCMU");
        byte[] a = {1, 2, 3};
        assertEquals(Result.FRAME, dp.push(10, 0, false, a, 0, 3));
        assertEquals(Result.FRAME, dp.push(12, 320, false, a, 1, 2), "FRAME wins over GAP for audio");
        assertEquals(1, dp.gaps());
        assertArrayEquals(new byte[] {2, 3}, frameOf(dp));
        assertEquals(Result.NEED_MORE, dp.push(13, 480, false, a, 0, 0), "empty payload: padding, ignored");
        assertEquals(Result.FRAME, dp.push(14, 480, false, a, 0, 1), "sequence continues after padding");
        assertEquals(1, dp.gaps());
        assertEquals(0, dp.invalid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1"})
    void paddingOnlyPacketsBetweenAndInsideFramesAreHarmless(String codec) {
        List<Sent> s = stream(codec, 4, 3000, 1140, 8);
        Depacketizer dp = Codecs.depacketizer(codec);
        int seq = 0;
        List<byte[]> emitted = new ArrayList<>();
        for (Sent x : s) {
            for (int i = 0; i < x.payloads().size(); i++) {
                byte[] p = x.payloads().get(i);
                if (dp.push(seq++, x.ts(), x.markers().get(i), p, 0, p.length) == Result.FRAME) {
                    emitted.add(frameOf(dp));
                }
                assertEquals(Result.NEED_MORE, dp.push(seq++, x.ts(), false, p, 0, 0), "padding");
            }
        }
        assertEquals(4, emitted.size());
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(s.get(f).frame(), emitted.get(f));
        }
        assertEquals(0, dp.gaps() + dp.invalid());
    }

    @Test
    void paddingAfterALossDoesNotFakeAFrameBoundary() {
        // frame A ends with a marker; B's first packet is lost; a padding packet follows; then B's
        // second packet must not be taken for a frame start.
        List<Sent> s = stream("H264", 3, 4000, 1140, 9);
        Depacketizer dp = Codecs.depacketizer("H264");
        int seq = 0;
        List<byte[]> emitted = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Sent x = s.get(f);
            for (int i = 0; i < x.payloads().size(); i++) {
                byte[] p = x.payloads().get(i);
                if (f == 1 && i == 0) {
                    seq++; // B's first packet is lost
                    assertEquals(Result.GAP, dp.push(seq++, x.ts(), false, p, 0, 0), "padding after the hole");
                    continue;
                }
                if (dp.push(seq++, x.ts(), x.markers().get(i), p, 0, p.length) == Result.FRAME) {
                    emitted.add(frameOf(dp));
                }
            }
        }
        assertEquals(2, emitted.size(), "A and C; B is never emitted");
        assertArrayEquals(s.get(0).frame(), emitted.get(0));
        assertArrayEquals(s.get(2).frame(), emitted.get(1));
    }

    @Test
    void sequenceRestartedBackwardsIsFollowedAfterARun() {
        Depacketizer dp = Codecs.depacketizer("PCMU");
        byte[] a = {7};
        assertEquals(Result.FRAME, dp.push(40_000, 0, false, a, 0, 1));
        int n = AbstractDepacketizer.RESYNC_AFTER;
        for (int i = 0; i < n - 1; i++) {
            assertEquals(Result.NEED_MORE, dp.push(30_000 + i, 160L * i, false, a, 0, 1), "looks late: ignored");
        }
        assertEquals(Result.FRAME, dp.push(30_000 + n - 1, 0, false, a, 0, 1), "run long enough: followed");
        assertEquals(Result.FRAME, dp.push(30_000 + n, 0, false, a, 0, 1));
        assertEquals(n - 1, dp.discarded());
        assertEquals(1, dp.gaps());
        // scattered late packets and duplicates never trigger it
        for (int i = 0; i < 3 * n; i++) {
            assertEquals(Result.NEED_MORE, dp.push(30_000 + (i % 2 == 0 ? n : 5), 0, false, a, 0, 1));
        }
        dp.reset();
        assertEquals(Result.FRAME, dp.push(9, 0, false, a, 0, 1), "after reset any sequence number starts");
    }

    @Test
    void timestampChangeWithoutMarkerEndsTheFrame() {
        // H.264 sender that never sets the marker bit.
        Depacketizer dp = new H264Depacketizer();
        byte[] sps = Packets.hex("67 42 c0 1e aa");
        byte[] slice1 = Packets.hex("65 88 84 21");
        byte[] slice2 = Packets.hex("41 9a 11 22");
        assertEquals(Result.NEED_MORE, dp.push(1, 100, false, sps, 0, sps.length));
        assertEquals(Result.NEED_MORE, dp.push(2, 100, false, slice1, 0, slice1.length));
        assertEquals(Result.FRAME, dp.push(3, 200, false, slice2, 0, slice2.length));
        assertEquals("0000000167 42c01eaa 0000000165888421".replace(" ", ""),
                Packets.hex(dp.frameBuffer(), 0, dp.frameLength()));
        assertEquals(100, dp.frameTimestamp());
        assertTrue(dp.isKeyframe());
        // Next one: timestamp change closes frame 200, and this packet alone is a whole frame
        // (marker): both complete in one push, the second is handed out by the next push.
        assertEquals(Result.FRAME, dp.push(4, 300, true, slice1, 0, slice1.length));
        assertEquals(200, dp.frameTimestamp());
        assertEquals("00000001419a1122", Packets.hex(dp.frameBuffer(), 0, dp.frameLength()));
        assertEquals(Result.FRAME, dp.push(5, 400, true, slice2, 0, slice2.length));
        assertEquals(300, dp.frameTimestamp());
        assertEquals("0000000165888421", Packets.hex(dp.frameBuffer(), 0, dp.frameLength()));
        assertEquals(Result.FRAME, dp.push(6, 500, true, slice2, 0, slice2.length));
        assertEquals(400, dp.frameTimestamp());
        // 500 completed while 400 was being handed out: it comes with the next push, which
        // only opens frame 600 (no marker), so the backlog is cleared.
        assertEquals(Result.FRAME, dp.push(7, 600, false, slice2, 0, slice2.length));
        assertEquals(500, dp.frameTimestamp());
        assertEquals(Result.NEED_MORE, dp.push(8, 600, false, slice1, 0, slice1.length));
        assertEquals(Result.FRAME, dp.push(9, 600, true, slice1, 0, slice1.length));
        assertEquals(600, dp.frameTimestamp());
        assertEquals("00000001419a1122" + "0000000165888421" + "0000000165888421",
                Packets.hex(dp.frameBuffer(), 0, dp.frameLength()));
        assertEquals(6, dp.frames());
    }

    @Test
    void streamJoinedMidFrameWaitsForAKnownStart() {
        List<Sent> s = stream("H264", 3, 4000, 1140, 5);
        Depacketizer dp = Codecs.depacketizer("H264");
        int seq = 0;
        List<byte[]> emitted = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Sent x = s.get(f);
            for (int i = f == 0 ? 1 : 0; i < x.payloads().size(); i++) { // join after frame 0's first packet
                byte[] p = x.payloads().get(i);
                if (dp.push(seq++, x.ts(), x.markers().get(i), p, 0, p.length) == Result.FRAME) {
                    emitted.add(frameOf(dp));
                }
            }
        }
        assertEquals(2, emitted.size());
        assertArrayEquals(s.get(1).frame(), emitted.get(0));
        assertArrayEquals(s.get(2).frame(), emitted.get(1));
    }

    @Test
    void oversizedFrameIsDroppedAsInvalidAndTheNextOneSurvives() {
        Depacketizer dp = new Vp8Depacketizer(10_000);
        List<Sent> s = new ArrayList<>();
        Vp8Packetizer pk = new Vp8Packetizer(1140, 0);
        Random rnd = new Random(6);
        for (int size : new int[] {9_000, 12_000, 10_000}) {
            byte[] frame = Frames.vp8(size, true, rnd);
            Packets p = new Packets();
            pk.packetize(frame, 0, size, p);
            s.add(new Sent(frame, 90L * size, p.payloads, p.markers));
        }
        int seq = 0;
        List<Result> last = new ArrayList<>();
        for (Sent x : s) {
            Result r = null;
            boolean sawInvalid = false;
            for (int i = 0; i < x.payloads().size(); i++) {
                byte[] p = x.payloads().get(i);
                r = dp.push(seq++, x.ts(), x.markers().get(i), p, 0, p.length);
                sawInvalid |= r == Result.INVALID;
            }
            last.add(sawInvalid ? Result.INVALID : r);
            if (r == Result.FRAME) {
                assertArrayEquals(x.frame(), frameOf(dp));
                assertTrue(dp.frameBuffer().length <= 10_000);
            }
        }
        assertEquals(List.of(Result.FRAME, Result.INVALID, Result.FRAME), last);
        assertEquals(1, dp.invalid());
    }

    @Test
    void h264PrefixesKeyframesWithTheLastParameterSets() {
        H264Depacketizer dp = new H264Depacketizer(1 << 20, true);
        byte[] stap = Packets.hex("78 0005 6742c01eaa 0003 68ce38 0004 65888421"); // SPS+PPS+IDR
        assertEquals(Result.FRAME, dp.push(1, 0, true, stap, 0, stap.length));
        assertTrue(dp.hasSps() && dp.hasPps() && dp.isKeyframe());
        byte[] idr = Packets.hex("65 77 66 55");
        assertEquals(Result.FRAME, dp.push(2, 3000, true, idr, 0, idr.length));
        assertFalse(dp.hasSps() || dp.hasPps(), "not received in this frame");
        assertEquals("000000016742c01eaa" + "0000000168ce38" + "0000000165776655",
                Packets.hex(dp.frameBuffer(), 0, dp.frameLength()));
        byte[] delta = Packets.hex("41 77 66 55");
        assertEquals(Result.FRAME, dp.push(3, 6000, true, delta, 0, delta.length));
        assertEquals("0000000141776655", Packets.hex(dp.frameBuffer(), 0, dp.frameLength()), "no prefix on delta frames");
        H264Depacketizer plain = new H264Depacketizer();
        plain.push(1, 0, true, stap, 0, stap.length);
        plain.push(2, 3000, true, idr, 0, idr.length);
        assertEquals("0000000165776655", Packets.hex(plain.frameBuffer(), 0, plain.frameLength()));
    }

    @Test
    void apiMisuseThrowsButBadBytesDoNot() {
        Depacketizer dp = Codecs.depacketizer("vp8");
        byte[] b = new byte[4];
        assertThrows(IllegalArgumentException.class, () -> dp.push(-1, 0, false, b, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> dp.push(65_536, 0, false, b, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> dp.push(0, -1, false, b, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> dp.push(0, 1L << 32, false, b, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> dp.push(0, 0, false, null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> dp.push(0, 0, false, b, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Codecs.packetizer("vp8").packetize(b, -1, 2, (x, o, l, m) -> { }));
        assertThrows(IllegalArgumentException.class, () -> Codecs.depacketizer("G722"));
        assertFalse(Codecs.isSupported("G722"));
        assertFalse(Codecs.isSupported(null));
        for (String n : new String[] {"vp8", "Vp9", "h264", "av1", "OPUS", "pcmu", "pcma"}) {
            assertTrue(Codecs.isSupported(n));
            assertEquals(Codecs.packetizer(n).codec(), Codecs.depacketizer(n).codec());
        }
        byte[] bad = {(byte) 0xFF};
        assertNotEquals(Result.FRAME, dp.push(0, 0, true, bad, 0, 1));
        assertEquals(Packetizer.INVALID_FRAME, Codecs.packetizer("H264").packetize(Packets.hex("12 34 00 00 01 65"), 0, 6,
                (x, o, l, m) -> { throw new AssertionError("nothing may be emitted"); }), "garbage before the start code");
        assertEquals(Packetizer.INVALID_FRAME, Codecs.packetizer("AV1").packetize(Packets.hex("32 09 00"), 0, 3,
                (x, o, l, m) -> { throw new AssertionError("nothing may be emitted"); }), "obu_size past the end");
    }
}
