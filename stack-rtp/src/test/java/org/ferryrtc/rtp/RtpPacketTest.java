package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void parsesFixedHeaderFields() {
        // V=2 P=0 X=0 CC=0 | M=1 PT=96 | seq=0xABCD | ts=0xFFFFFFFE | ssrc=0x80000001 | payload 01 02 03
        byte[] b = HEX.parseHex("80e0abcdfffffffe8000000101020304");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertTrue(p.marker());
        assertEquals(96, p.payloadType());
        assertEquals(0xABCD, p.sequenceNumber());
        assertEquals(0xFFFFFFFEL, p.timestamp());
        assertEquals(0x80000001L, p.ssrc());
        assertEquals(12, p.headerLength());
        assertEquals(12, p.payloadOffset());
        assertEquals(4, p.payloadLength());
        assertEquals(0, p.paddingLength());
        assertFalse(p.hasExtension());
        assertEquals(-1, p.extensionOffset());
    }

    @Test
    void csrcExtensionAndPaddingBounds() {
        // V=2 P=1 X=1 CC=2, PT=111, 2 CSRCs, one-byte extension of 1 word, payload AA BB, 2 bytes padding
        byte[] b = HEX.parseHex("b26f0001" + "00000010" + "00000020"
                + "00000011" + "00000022"
                + "bede0001" + "10ff0000"
                + "aabb" + "0002");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertEquals(2, p.csrcCount());
        assertEquals(0x11, p.csrc(0));
        assertEquals(0x22, p.csrc(1));
        assertEquals(0xBEDE, p.extensionProfile());
        assertEquals(20, p.extensionOffset());
        assertEquals(28, p.headerLength());
        assertEquals(2, p.payloadLength());
        assertEquals(2, p.paddingLength());
        assertEquals((byte) 0xAA, b[p.payloadOffset()]);
        assertThrows(IndexOutOfBoundsException.class, () -> p.csrc(2));
    }

    @Test
    void rejectsMalformed() {
        RtpPacket p = new RtpPacket();
        assertFalse(p.wrap(HEX.parseHex("80e0abcdfffffffe800000"), 0, 11), "short");
        assertFalse(p.wrap(HEX.parseHex("40e0abcdfffffffe80000001"), 0, 12), "version 1");
        assertFalse(p.wrap(HEX.parseHex("81e0abcdfffffffe80000001"), 0, 12), "CSRC past end");
        assertFalse(p.wrap(HEX.parseHex("90e0abcdfffffffe80000001bede0002" + "00000000"), 0, 20), "extension past end");
        assertFalse(p.wrap(HEX.parseHex("a0e0abcdfffffffe80000001aa00"), 0, 14), "padding count 0");
        assertFalse(p.wrap(HEX.parseHex("a0e0abcdfffffffe80000001aa03"), 0, 14), "padding larger than body");
        byte[] ok = HEX.parseHex("80e0abcdfffffffe80000001");
        assertFalse(p.wrap(ok, 1, 12), "slice past end of buffer");
        assertFalse(p.wrap(ok, -1, 12), "negative offset");
        assertFalse(p.wrap(null, 0, 12), "null buffer");
        assertTrue(p.wrap(ok, 0, 12), "header-only packet is valid");
        assertEquals(0, p.payloadLength());
    }

    @Test
    void settersWriteInPlaceAtOffset() {
        byte[] b = new byte[64];
        int off = 7;
        assertEquals(12, RtpPacket.writeFixedHeader(b, off, false, 111, 65535, 0xFFFFFFFFL, 0xDEADBEEFL));
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, off, 12 + 20));
        assertEquals(111, p.payloadType());
        assertEquals(65535, p.sequenceNumber());
        assertEquals(0xFFFFFFFFL, p.timestamp());
        assertEquals(0xDEADBEEFL, p.ssrc());
        assertEquals(64 - off - 32, p.tailRoom());
        p.setMarker(true);
        p.setPayloadType(96);
        p.setSequenceNumber(1);
        p.setTimestamp(0x12345678L);
        p.setSsrc(42);
        assertTrue(p.wrap(b, off, 32));
        assertTrue(p.marker());
        assertEquals(96, p.payloadType());
        assertEquals(1, p.sequenceNumber());
        assertEquals(0x12345678L, p.timestamp());
        assertEquals(42, p.ssrc());
        p.setMarker(false);
        assertFalse(p.marker());
        assertEquals(96, p.payloadType(), "clearing M keeps PT");
        assertThrows(IllegalArgumentException.class, () -> p.setPayloadType(128));
        assertEquals(0, b[off - 1], "nothing written before the offset");
    }

    /** Seeded mutation: wrap() never throws, and a valid view never reaches past its slice. */
    @Test
    void mutatedPacketsNeverThrowOrEscapeTheirSlice() {
        byte[] seed = HEX.parseHex("b26f0001" + "00000010" + "00000020" + "00000011" + "00000022"
                + "bede0002" + "10ff2102abcd0000" + "aabbccddeeff" + "0002");
        java.util.Random rnd = new java.util.Random(0xF3EE);
        RtpPacket p = new RtpPacket();
        byte[] work = new byte[seed.length + 16];
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            int len = Mutator.mutate(rnd, seed, work);
            int off = rnd.nextInt(4);
            if (off + len > work.length) {
                off = 0;
            }
            if (p.wrap(work, off, len)) {
                valid++;
                assertTrue(p.headerLength() >= 12 && p.headerLength() <= len);
                assertTrue(p.payloadLength() >= 0);
                assertTrue(p.payloadOffset() + p.payloadLength() + p.paddingLength() == off + len);
                p.ssrc();
                p.timestamp();
                for (int c = 0; c < p.csrcCount(); c++) {
                    p.csrc(c);
                }
            }
        }
        assertTrue(valid > 1_000, "mutations should also produce valid packets, got " + valid);
    }
}
