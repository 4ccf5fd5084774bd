package org.ferryrtc.rtp;

import static org.ferryrtc.rtp.ExtTestPackets.*;
import static org.ferryrtc.rtp.HeaderExtensions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Add, replace and remove in both forms, form switching, room policy. */
class HeaderExtensionsEditTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int OFF = 5;

    private final byte[] buf = new byte[400];
    private final RtpPacket p = new RtpPacket();
    private byte[] original;

    /** A packet at offset 5 with 2 CSRCs, 23 payload bytes and 3 bytes of RTP padding. */
    private void bare() {
        Arrays.fill(buf, (byte) 0x5A);
        int len = build(buf, OFF, 2, payload(23, 7), 3);
        assertTrue(p.wrap(buf, OFF, len));
        original = Arrays.copyOfRange(buf, OFF, OFF + len);
    }

    private String block() {
        return HEX.formatHex(buf, p.extensionOffset(), p.payloadOffset());
    }

    private void assertPayloadAndHeaderKept() {
        assertArrayEquals(Arrays.copyOfRange(original, 20, original.length), tailOf(p), "payload + padding byte-exact");
        assertArrayEquals(Arrays.copyOf(original, 20), fixedOf(p), "fixed header + CSRCs kept");
        assertEquals(23, p.payloadLength());
        assertEquals(3, p.paddingLength());
        assertEquals((byte) 0x5A, buf[OFF - 1], "nothing written before the packet");
    }

    @Test
    void addCreatesOneByteBlockAndSetsX() {
        bare();
        int at = set(p, 3, new byte[] {(byte) 0xAA}, false);
        assertTrue(p.hasExtension());
        assertEquals("bede0001" + "30aa0000", block());
        assertEquals(OFF + 20 + 5, at, "data right after the one-byte element header");
        assertEquals(original.length + 8, p.length());
        assertPayloadAndHeaderKept();
        assertEquals(1, count(p));
    }

    @Test
    void addSecondElementAndReplaceSameLengthInPlace() {
        bare();
        set(p, 1, HEX.parseHex("0102"), false);
        int at2 = set(p, 2, HEX.parseHex("a1a2a3"), false);
        assertEquals("bede0002" + "11010222" + "a1a2a300", block());
        int again = set(p, 2, HEX.parseHex("b1b2b3"), false);
        assertEquals(at2, again, "same length: overwritten where it was");
        assertEquals("bede0002" + "11010222" + "b1b2b300", block());
        assertPayloadAndHeaderKept();
    }

    @Test
    void replaceWithOtherLengthMovesElementLastAndKeepsOthers() {
        bare();
        set(p, 1, HEX.parseHex("0102"), false);
        set(p, 2, HEX.parseHex("a1"), false);
        set(p, 3, HEX.parseHex("c1c2"), false);
        assertEquals("bede0002" + "11010220" + "a131c1c2", block());
        set(p, 1, HEX.parseHex("0a0b0c0d0e"), false);
        assertEquals("bede0003" + "20a131c1" + "c2140a0b" + "0c0d0e00", block());
        assertArrayEquals(HEX.parseHex("0a0b0c0d0e"), element(p, 1));
        assertArrayEquals(HEX.parseHex("a1"), element(p, 2));
        assertArrayEquals(HEX.parseHex("c1c2"), element(p, 3));
        assertPayloadAndHeaderKept();
    }

    @Test
    void removeMiddleShrinksAndRemovingLastRestoresOriginalBytes() {
        bare();
        set(p, 1, HEX.parseHex("0102"), false);
        set(p, 2, HEX.parseHex("a1a2a3a4a5a6"), false);
        set(p, 3, HEX.parseHex("c1"), false);
        assertEquals(OK, remove(p, 2));
        assertEquals("bede0002" + "11010230" + "c1000000", block());
        assertNull(element(p, 2));
        assertPayloadAndHeaderKept();
        assertEquals(NOT_FOUND, remove(p, 2));
        assertEquals(OK, remove(p, 1));
        assertEquals(OK, remove(p, 3));
        assertFalse(p.hasExtension(), "X cleared with the last element");
        assertEquals(-1, p.extensionOffset());
        assertArrayEquals(original, Arrays.copyOfRange(buf, OFF, OFF + p.length()), "back to the original bytes");
        assertEquals(NOT_FOUND, remove(p, 1));
    }

    @Test
    void removeRemovesDuplicatesToo() {
        bare();
        byte[] dup = HEX.parseHex("bede0002" + "10011002" + "20030000");
        byte[] b = new byte[64];
        int len = build(b, 0, 0, payload(4, 1), 0);
        System.arraycopy(b, 12, b, 12 + dup.length, 4);
        System.arraycopy(dup, 0, b, 12, dup.length);
        b[0] |= 0x10;
        assertTrue(p.wrap(b, 0, len + dup.length));
        assertEquals(3, count(p));
        assertEquals(OK, remove(p, 1));
        assertEquals(1, count(p));
        assertArrayEquals(HEX.parseHex("03"), element(p, 2));
        assertArrayEquals(payload(4, 1), payloadOf(p));
    }

    @Test
    void twoByteBlockKeepsAppBitsAndTakesZeroLengthAndLongElements() {
        byte[] b = new byte[600];
        int len = build(b, 0, 0, payload(5, 3), 0);
        byte[] blk = HEX.parseHex("100a0001" + "21020102");
        System.arraycopy(b, 12, b, 12 + blk.length, 5);
        System.arraycopy(blk, 0, b, 12, blk.length);
        b[0] |= 0x10;
        assertTrue(p.wrap(b, 0, len + blk.length));
        assertTrue(isTwoByte(p));
        int at = set(p, 200, new byte[0], false);
        assertTrue(at > 0, "two-byte block: no allow-mixed needed");
        assertEquals(0, dataLength(p, at));
        byte[] big = payload(255, 9);
        assertTrue(set(p, 7, big, false) > 0);
        assertEquals(0x100A, p.extensionProfile(), "application bits kept");
        assertArrayEquals(HEX.parseHex("0102"), element(p, 0x21));
        assertArrayEquals(new byte[0], element(p, 200));
        assertArrayEquals(big, element(p, 7));
        assertArrayEquals(payload(5, 3), payloadOf(p));
        assertEquals(OK, remove(p, 7));
        assertEquals(OK, remove(p, 0x21));
        assertEquals(HEX.formatHex(HEX.parseHex("100a0001" + "c8000000")), HEX.formatHex(b, 12, 20), "stays two-byte");
    }

    @Test
    void switchingToTwoByteNeedsAllowMixed() {
        bare();
        set(p, 1, HEX.parseHex("0102"), false);
        set(p, 14, HEX.parseHex("e1e2e3"), false);
        byte[] before = Arrays.copyOf(buf, buf.length);
        assertEquals(NEEDS_MIXED, set(p, 15, HEX.parseHex("ff"), false), "id 15");
        assertEquals(NEEDS_MIXED, set(p, 2, payload(17, 0), false), "17 bytes");
        assertEquals(NEEDS_MIXED, set(p, 2, new byte[0], false), "0 bytes");
        assertArrayEquals(before, buf, "refused edits change nothing");

        int at = set(p, 15, HEX.parseHex("ff"), true);
        assertTrue(at > 0);
        assertEquals(TWO_BYTE_PROFILE, p.extensionProfile());
        assertEquals("10000003" + "01020102" + "0e03e1e2" + "e30f01ff", block());
        assertTrue(set(p, 2, new byte[0], true) > 0);
        assertTrue(set(p, 3, payload(17, 4), true) > 0);
        assertArrayEquals(HEX.parseHex("0102"), element(p, 1));
        assertArrayEquals(HEX.parseHex("e1e2e3"), element(p, 14));
        assertArrayEquals(HEX.parseHex("ff"), element(p, 15));
        assertArrayEquals(new byte[0], element(p, 2));
        assertArrayEquals(payload(17, 4), element(p, 3));
        assertEquals(5, count(p));
        assertPayloadAndHeaderKept();
    }

    @Test
    void newTwoByteBlockNeedsAllowMixedToo() {
        bare();
        assertEquals(NEEDS_MIXED, set(p, 20, new byte[] {1}, false));
        assertFalse(p.hasExtension());
        assertTrue(set(p, 20, new byte[] {1}, true) > 0);
        assertEquals("10000001" + "14010100", block());
        assertPayloadAndHeaderKept();
    }

    @Test
    void growthNeedsTailRoomAndNoRoomChangesNothing() {
        byte[] b = new byte[12 + 4 + 8];
        int len = build(b, 0, 0, payload(4, 2), 0);
        assertTrue(p.wrap(b, 0, len));
        assertEquals(8, p.tailRoom());
        byte[] before = b.clone();
        assertEquals(NO_ROOM, set(p, 1, payload(5, 0), false), "needs 4 + 8 bytes");
        assertArrayEquals(before, b);
        assertEquals(len, p.length(), "view still as it was");
        assertTrue(set(p, 1, payload(3, 0), false) > 0, "needs exactly the 8 bytes of tail room");
        assertEquals(0, p.tailRoom());
        assertEquals(NO_ROOM, reserve(p, 2, 1, false), "4 more bytes needed");
        assertEquals(NO_ROOM, set(p, 2, new byte[] {9}, false));
        assertArrayEquals(payload(4, 2), payloadOf(p));
        assertTrue(reserve(p, 1, 3, false) > 0, "same size: in place, no room needed");
    }

    @Test
    void paddingAndIdZeroBytesAreSkippedWhenReadingAndDroppedWhenRewriting() {
        // 00 padding, 0x05 = id 0 with a length nibble: skipped as one byte, then id 2 (2 bytes)
        byte[] blk = HEX.parseHex("bede0002" + "00052101" + "02000000");
        byte[] b = new byte[64];
        int len = build(b, 0, 0, payload(3, 5), 0);
        System.arraycopy(b, 12, b, 12 + blk.length, 3);
        System.arraycopy(blk, 0, b, 12, blk.length);
        b[0] |= 0x10;
        assertTrue(p.wrap(b, 0, len + blk.length));
        assertEquals(1, count(p));
        assertArrayEquals(HEX.parseHex("0102"), element(p, 2));
        assertTrue(set(p, 3, new byte[] {7}, false) > 0);
        assertEquals("bede0002" + "21010230" + "07000000", HEX.formatHex(b, 12, 24));
        assertArrayEquals(payload(3, 5), payloadOf(p));
    }

    @Test
    void foreignProfileIsInvalidAndLeftAlone() {
        byte[] b = HEX.parseHex("90600001000000641234567" + "8" + "abac0001" + "10203040" + "aabb" + "00000000");
        RtpPacket q = new RtpPacket();
        assertTrue(q.wrap(b, 0, b.length - 4));
        byte[] before = b.clone();
        assertEquals(INVALID, find(q, 1));
        assertEquals(INVALID, count(q));
        assertEquals(INVALID, set(q, 1, new byte[] {1}, true));
        assertEquals(INVALID, remove(q, 1));
        assertEquals(INVALID, rewriteIds(q, ExtensionRewrite.of(1, 2), true));
        assertArrayEquals(before, b);
    }

    @Test
    void apiMisuseThrows() {
        bare();
        assertThrows(IllegalArgumentException.class, () -> set(p, 0, new byte[1], true));
        assertThrows(IllegalArgumentException.class, () -> set(p, 256, new byte[1], true));
        assertThrows(IllegalArgumentException.class, () -> set(p, 1, new byte[256], true));
        assertThrows(IllegalArgumentException.class, () -> set(p, 1, new byte[4], 2, 3, true));
        assertThrows(IllegalArgumentException.class, () -> reserve(p, 1, -1, true));
        assertFalse(p.hasExtension());
    }
}
