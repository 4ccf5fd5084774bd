package org.ferryrtc.rtp;

import static org.ferryrtc.rtp.ExtTestPackets.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round trips of each typed accessor with edge values, and their wire bytes. */
class TypedExtensionsTest {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] buf = new byte[700];
    private final RtpPacket p = new RtpPacket();

    @BeforeEach
    void bare() {
        int len = build(buf, 0, 0, payload(10, 3), 0);
        assertTrue(p.wrap(buf, 0, len));
    }

    private String data(int id) {
        return HEX.formatHex(element(p, id));
    }

    @Test
    void transportCc() {
        for (int seq : new int[] {0, 1, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF}) {
            assertTrue(TransportCc.set(p, 5, seq, false) > 0);
            assertEquals(seq, TransportCc.get(p, 5));
        }
        assertEquals("ffff", data(5));
        TransportCc.set(p, 5, 0x10000 + 0x1234, false);
        assertEquals(0x1234, TransportCc.get(p, 5), "16-bit wrap");
        assertEquals("1234", data(5));
        assertEquals(-1, TransportCc.get(p, 6), "absent");
        HeaderExtensions.set(p, 6, new byte[] {1, 2, 3}, false);
        assertEquals(-1, TransportCc.get(p, 6), "wrong length");
        assertEquals(1, HeaderExtensions.count(p) - 1);
        assertArrayEquals(payload(10, 3), payloadOf(p));
    }

    @Test
    void absSendTime() {
        assertEquals(0, AbsSendTime.fromNanos(0));
        assertEquals(1 << 18, AbsSendTime.fromNanos(1_000_000_000L), "1 s = 1.0 in 6.18");
        assertEquals(1 << 17, AbsSendTime.fromNanos(500_000_000L));
        assertEquals(0xFFFFFF, AbsSendTime.fromNanos(64_000_000_000L - 1), "just under 64 s");
        assertEquals(0, AbsSendTime.fromNanos(64_000_000_000L), "wraps at 64 s");
        assertEquals(AbsSendTime.fromNanos(63_500_000_000L), AbsSendTime.fromNanos(-500_000_000L), "negative wraps");
        long[] samples = {0, 1, 3_814, 3_815, 999_999_999, 1_234_567_890_123L, Long.MAX_VALUE};
        for (long ns : samples) {
            int raw = AbsSendTime.fromNanos(ns);
            long back = AbsSendTime.toNanos(raw);
            long expected = Math.floorMod(ns, 64_000_000_000L);
            assertTrue(expected - back >= 0 && expected - back < 3_815, "6.18 resolution for " + ns + ": " + back);
            assertTrue(AbsSendTime.set(p, 3, raw, false) > 0);
            assertEquals(raw, AbsSendTime.get(p, 3));
        }
        AbsSendTime.set(p, 3, 0xABCDEF, false);
        assertEquals("abcdef", data(3));
        assertEquals(0xABCDEF, AbsSendTime.get(p, 3));
        assertEquals(-1, AbsSendTime.get(p, 4));
    }

    @Test
    void audioLevel() {
        for (int level : new int[] {0, 1, 64, 126, 127}) {
            for (boolean v : new boolean[] {false, true}) {
                assertTrue(AudioLevel.set(p, 1, v, level, false) > 0);
                int packed = AudioLevel.get(p, 1);
                assertEquals(v, AudioLevel.voiceActivity(packed));
                assertEquals(level, AudioLevel.level(packed));
            }
        }
        assertEquals("ff", data(1), "V=1, level 127");
        AudioLevel.set(p, 1, false, 0, false);
        assertEquals("00", data(1));
        assertThrows(IllegalArgumentException.class, () -> AudioLevel.set(p, 1, true, 128, false));
        assertThrows(IllegalArgumentException.class, () -> AudioLevel.pack(false, -1));
        assertEquals(0, AudioLevel.get(p, 1), "a refused set leaves the old value");
    }

    @Test
    void videoOrientation() {
        for (int rot = 0; rot < 360; rot += 90) {
            for (int bits = 0; bits < 4; bits++) {
                boolean back = (bits & 1) != 0;
                boolean flip = (bits & 2) != 0;
                assertTrue(VideoOrientation.set(p, 2, back, flip, rot, false) > 0);
                int packed = VideoOrientation.get(p, 2);
                assertEquals(back, VideoOrientation.backCamera(packed));
                assertEquals(flip, VideoOrientation.flip(packed));
                assertEquals(rot, VideoOrientation.rotationDegrees(packed));
            }
        }
        assertEquals("0f", data(2), "C=1 F=1 R=11 (270)");
        VideoOrientation.set(p, 2, true, false, 90, false);
        assertEquals("09", data(2));
        buf[HeaderExtensions.find(p, 2)] = (byte) 0xF1;
        assertEquals(90, VideoOrientation.rotationDegrees(VideoOrientation.get(p, 2)), "reserved bits ignored");
        assertFalse(VideoOrientation.backCamera(VideoOrientation.get(p, 2)));
        assertThrows(IllegalArgumentException.class, () -> VideoOrientation.pack(false, false, 45));
        assertThrows(IllegalArgumentException.class, () -> VideoOrientation.pack(false, false, 360));
    }

    @Test
    void playoutDelay() {
        int[][] cases = {{0, 0}, {0, 4095}, {4095, 0}, {4095, 4095}, {10, 100}, {1, 2048}};
        for (int[] c : cases) {
            assertTrue(PlayoutDelay.set(p, 7, c[0], c[1], false) > 0);
            int packed = PlayoutDelay.get(p, 7);
            assertEquals(c[0], PlayoutDelay.min(packed));
            assertEquals(c[1], PlayoutDelay.max(packed));
        }
        assertEquals("001800", data(7), "min 1, max 2048: 0x001 | 0x800");
        PlayoutDelay.set(p, 7, 0xABC, 0xDEF, false);
        assertEquals("abcdef", data(7));
        assertThrows(IllegalArgumentException.class, () -> PlayoutDelay.set(p, 7, 4096, 0, false));
        assertThrows(IllegalArgumentException.class, () -> PlayoutDelay.pack(0, -1));
        assertEquals(0xABC, PlayoutDelay.min(PlayoutDelay.get(p, 7)));
    }

    @Test
    void sdesIdentifiersWithoutAllocationAndAsString() {
        byte[] mid = "video0".getBytes(StandardCharsets.US_ASCII);
        assertTrue(SdesIdentifier.set(p, 1, mid, false) > 0);
        assertTrue(SdesIdentifier.set(p, 2, "h", false) > 0);
        assertEquals(6, SdesIdentifier.length(p, 1));
        assertTrue(SdesIdentifier.matches(p, 1, mid));
        assertFalse(SdesIdentifier.matches(p, 1, "video".getBytes(StandardCharsets.US_ASCII)), "prefix");
        assertFalse(SdesIdentifier.matches(p, 1, "video1".getBytes(StandardCharsets.US_ASCII)));
        byte[] dst = new byte[8];
        assertEquals(6, SdesIdentifier.copy(p, 1, dst, 2));
        assertEquals("video0", new String(dst, 2, 6, StandardCharsets.US_ASCII));
        assertEquals(-1, SdesIdentifier.copy(p, 1, dst, 3), "does not fit");
        assertEquals("h", SdesIdentifier.get(p, 2));
        assertNull(SdesIdentifier.get(p, 3));
        assertEquals(-1, SdesIdentifier.length(p, 3));
        assertFalse(SdesIdentifier.matches(p, 3, mid));

        String sixteen = "abcdefghijklmnop";
        assertTrue(SdesIdentifier.set(p, 3, sixteen, false) > 0, "16 bytes fit the one-byte form");
        assertFalse(HeaderExtensions.isTwoByte(p));
        String long17 = sixteen + "q";
        assertEquals(HeaderExtensions.NEEDS_MIXED, SdesIdentifier.set(p, 3, long17, false));
        assertTrue(SdesIdentifier.set(p, 3, long17, true) > 0);
        assertTrue(HeaderExtensions.isTwoByte(p));
        assertEquals(long17, SdesIdentifier.get(p, 3));
        String max = "r".repeat(255);
        assertTrue(SdesIdentifier.set(p, 3, max, true) > 0);
        assertEquals(max, SdesIdentifier.get(p, 3));
        assertEquals("video0", SdesIdentifier.get(p, 1));

        HeaderExtensions.set(p, 4, HEX.parseHex("6d310000"), true);
        assertEquals("m1", SdesIdentifier.get(p, 4), "trailing NULs ignored");
        assertTrue(SdesIdentifier.matches(p, 4, "m1".getBytes(StandardCharsets.US_ASCII)));
        HeaderExtensions.set(p, 5, HEX.parseHex("00"), true);
        assertNull(SdesIdentifier.get(p, 5), "empty counts as absent");
        assertThrows(IllegalArgumentException.class, () -> SdesIdentifier.set(p, 6, "", true));
        assertThrows(IllegalArgumentException.class, () -> SdesIdentifier.set(p, 6, "x".repeat(256), true));
        assertThrows(IllegalArgumentException.class, () -> SdesIdentifier.set(p, 6, new byte[] {'a', 0}, true));
        assertArrayEquals(payload(10, 3), payloadOf(p));
    }

    @Test
    void allAccessorsCoexistInOnePacket() {
        ExtensionMap m = new ExtensionMap();
        int id = 1;
        for (KnownExtension k : KnownExtension.values()) {
            assertTrue(m.put(id++, k));
        }
        SdesIdentifier.set(p, m.id(KnownExtension.MID), "0", false);
        SdesIdentifier.set(p, m.id(KnownExtension.RTP_STREAM_ID), "hi", false);
        SdesIdentifier.set(p, m.id(KnownExtension.REPAIRED_RTP_STREAM_ID), "lo", false);
        AbsSendTime.set(p, m.id(KnownExtension.ABS_SEND_TIME), 0x123456, false);
        TransportCc.set(p, m.id(KnownExtension.TRANSPORT_CC), 65535, false);
        AudioLevel.set(p, m.id(KnownExtension.AUDIO_LEVEL), true, 30, false);
        VideoOrientation.set(p, m.id(KnownExtension.VIDEO_ORIENTATION), false, true, 180, false);
        PlayoutDelay.set(p, m.id(KnownExtension.PLAYOUT_DELAY), 0, 50, false);
        assertEquals(8, HeaderExtensions.count(p));
        assertEquals("0", SdesIdentifier.get(p, m.id(KnownExtension.MID)));
        assertEquals("hi", SdesIdentifier.get(p, m.id(KnownExtension.RTP_STREAM_ID)));
        assertEquals("lo", SdesIdentifier.get(p, m.id(KnownExtension.REPAIRED_RTP_STREAM_ID)));
        assertEquals(0x123456, AbsSendTime.get(p, m.id(KnownExtension.ABS_SEND_TIME)));
        assertEquals(65535, TransportCc.get(p, m.id(KnownExtension.TRANSPORT_CC)));
        assertEquals(0x80 | 30, AudioLevel.get(p, m.id(KnownExtension.AUDIO_LEVEL)));
        assertEquals(0x06, VideoOrientation.get(p, m.id(KnownExtension.VIDEO_ORIENTATION)));
        assertEquals(50, PlayoutDelay.max(PlayoutDelay.get(p, m.id(KnownExtension.PLAYOUT_DELAY))));
        assertArrayEquals(payload(10, 3), payloadOf(p));
    }
}
