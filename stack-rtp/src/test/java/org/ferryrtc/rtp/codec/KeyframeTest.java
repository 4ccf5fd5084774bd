package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The SFU's keyframe test on hand-built first packets of each codec (positive and negative). */
class KeyframeTest {
    static boolean key(String codec, String hex) {
        byte[] p = Packets.hex(hex);
        // also at a non-zero offset inside a larger buffer
        byte[] q = new byte[p.length + 3];
        System.arraycopy(p, 0, q, 2, p.length);
        boolean a = Codecs.isKeyframe(codec, p, 0, p.length);
        assertEquals(a, Codecs.isKeyframe(codec, q, 2, p.length), "offset-independent");
        return a;
    }

    @Test
    void vp8() {
        assertTrue(key("VP8", "10 10 02 00 9d 01 2a"), "S=1 PID=0, P=0");
        assertTrue(key("VP8", "90 80 81 02 10 02 00"), "15-bit PictureID");
        assertTrue(key("VP8", "90 f0 05 07 a3 10"), "7-bit PictureID, L, T/K");
        assertFalse(key("VP8", "10 11 02 00"), "P=1: inter frame");
        assertFalse(key("VP8", "00 10 02 00"), "S=0: not the first packet");
        assertFalse(key("VP8", "11 10 02 00"), "PID=1: not partition 0");
        assertFalse(key("VP8", "90 80 81"), "descriptor only, no payload header");
        assertFalse(key("VP8", "90"), "truncated X byte");
        assertFalse(key("VP8", ""), "empty");
    }

    @Test
    void vp9() {
        assertTrue(key("VP9", "8c 80 07 82 49 83 42"), "B=1 P=0, no layer indices");
        assertTrue(key("VP9", "a8 05 00 00 82"), "L=1 SID=0 (non-flexible, TL0PICIDX)");
        assertFalse(key("VP9", "a8 05 02 00 82"), "SID=1: not the base spatial layer");
        assertFalse(key("VP9", "cc 80 07 86"), "P=1");
        assertFalse(key("VP9", "84 80 07 82"), "B=0: not the first packet");
        assertFalse(key("VP9", "8e 80 07 38 00"), "V=1 with truncated SS");
        assertTrue(key("VP9", "8e 80 07 00 82"), "V=1, SS N_S=0 Y=0 G=0");
        assertFalse(key("VP9", "dc 05 20 03 05 07 82"), "flexible with 3+ P_DIFF (N set on the 3rd)");
        assertFalse(key("VP9", ""), "empty");
    }

    @Test
    void h264() {
        assertTrue(key("H264", "65 88 84"), "single IDR slice");
        assertTrue(key("H264", "67 42 c0 1e"), "single SPS (heads IDR access units)");
        assertTrue(key("H264", "78 0002 09f0 0004 6742c01e 0002 68ce"), "STAP-A AUD + SPS + PPS");
        assertTrue(key("H264", "7c 85 88 84"), "FU-A start of an IDR");
        assertFalse(key("H264", "7c 05 88 84"), "FU-A middle of an IDR: not a first packet");
        assertFalse(key("H264", "41 9a 21"), "non-IDR slice");
        assertFalse(key("H264", "5c 81 9a"), "FU-A start of a non-IDR slice (NRI=2)");
        assertFalse(key("H264", "78 0002 09f0 0003 419a21"), "STAP-A AUD + non-IDR slice");
        assertFalse(key("H264", "78 0009 6742"), "STAP-A size lies past the end");
        assertFalse(key("H264", "7c"), "truncated FU-A");
        assertFalse(key("H264", ""), "empty");
    }

    @Test
    void av1() {
        assertTrue(key("AV1", "08 03 30 01 02"), "N=1");
        assertTrue(key("AV1", "00 03 08 c1 c2 03 30 01 02"), "first element is a sequence header");
        assertTrue(key("AV1", "10 08 c1 c2"), "W=1: sequence header without length");
        assertFalse(key("AV1", "00 03 30 01 02"), "frame OBU only");
        assertFalse(key("AV1", "88 03 08 c1 c2"), "Z=1: a continuation, not a first packet");
        assertFalse(key("AV1", "00 09 08 c1"), "element length lies past the end");
        assertFalse(key("AV1", "00 ff ff ff ff ff ff ff ff ff"), "LEB128 longer than 8 bytes");
        assertFalse(key("AV1", "08"), "aggregation header only");
    }

    @Test
    void audio() {
        assertTrue(key("opus", "fc ff fe"));
        assertTrue(key("PCMU", "ff"));
        assertFalse(key("PCMA", ""));
    }
}
