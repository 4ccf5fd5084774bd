package org.ferryrtc.rtp;

import static org.ferryrtc.rtp.ExtTestPackets.*;
import static org.ferryrtc.rtp.HeaderExtensions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Id rewriting for forwarding (DESIGN §6) and ExtensionMap-derived tables. */
class HeaderExtensionsRewriteTest {
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] buf = new byte[300];
    private final RtpPacket p = new RtpPacket();

    /** One-byte block: 1 -> 0102, 2 -> a1, 3 -> c1c2c3, payload of 9 bytes, 1 CSRC. */
    private void packet() {
        int len = build(buf, 0, 1, payload(9, 4), 0);
        assertTrue(p.wrap(buf, 0, len));
        assertTrue(set(p, 1, HEX.parseHex("0102"), false) > 0);
        assertTrue(set(p, 2, HEX.parseHex("a1"), false) > 0);
        assertTrue(set(p, 3, HEX.parseHex("c1c2c3"), false) > 0);
    }

    @Test
    void renamesAndStripsInPlace() {
        packet();
        int at = find(p, 3);
        int kept = rewriteIds(p, ExtensionRewrite.of(1, 9, 3, 3), false);
        assertEquals(2, kept);
        assertNull(element(p, 2), "unmapped id stripped");
        assertNull(element(p, 1), "old id gone");
        assertArrayEquals(HEX.parseHex("0102"), element(p, 9));
        assertArrayEquals(HEX.parseHex("c1c2c3"), element(p, 3));
        assertEquals("bede0002" + "91010232" + "c1c2c300", HEX.formatHex(buf, 16, 28));
        assertTrue(find(p, 3) < at, "block compacted");
        assertArrayEquals(payload(9, 4), payloadOf(p));
    }

    @Test
    void renameOnlyKeepsTheLayoutIncludingPadding() {
        // one-byte block with padding between elements, as in the RFC 8285 §4.2 figure
        byte[] blk = HEX.parseHex("bede0003" + "10112122" + "23000033" + "31323334");
        int len = build(buf, 0, 0, payload(4, 6), 0);
        System.arraycopy(buf, 12, buf, 12 + blk.length, 4);
        System.arraycopy(blk, 0, buf, 12, blk.length);
        buf[0] |= 0x10;
        assertTrue(p.wrap(buf, 0, len + blk.length));
        assertEquals(3, rewriteIds(p, ExtensionRewrite.of(1, 4, 2, 5, 3, 14), false));
        assertEquals("bede0003" + "40115122" + "230000e3" + "31323334", HEX.formatHex(buf, 12, 28));
        assertArrayEquals(payload(4, 6), payloadOf(p));
    }

    @Test
    void swappingIdsIsOneSimultaneousRename() {
        packet();
        assertEquals(3, rewriteIds(p, ExtensionRewrite.of(1, 2, 2, 1, 3, 3), false));
        assertArrayEquals(HEX.parseHex("a1"), element(p, 1));
        assertArrayEquals(HEX.parseHex("0102"), element(p, 2));
    }

    @Test
    void strippingEverythingRemovesTheBlock() {
        packet();
        assertEquals(0, rewriteIds(p, ExtensionRewrite.of(), true));
        assertFalse(p.hasExtension());
        assertEquals(12 + 4 + 9, p.length());
        assertArrayEquals(payload(9, 4), payloadOf(p));
        assertEquals(0, rewriteIds(p, ExtensionRewrite.of(1, 1), true), "no block: nothing to do");
    }

    @Test
    void renameToTwoByteIdSwitchesFormOnlyWithAllowMixed() {
        packet();
        byte[] copy = buf.clone();
        RtpPacket q = new RtpPacket();
        assertTrue(q.wrap(copy, 0, p.length()));
        ExtensionRewrite r = ExtensionRewrite.of(1, 1, 2, 200, 3, 3);

        assertEquals(3, rewriteIds(p, r, true));
        assertTrue(isTwoByte(p));
        assertEquals("10000003" + "01020102" + "c801a103" + "03c1c2c3", HEX.formatHex(buf, 16, 32));
        assertArrayEquals(HEX.parseHex("a1"), element(p, 200));
        assertArrayEquals(payload(9, 4), payloadOf(p));

        assertEquals(2, rewriteIds(q, r, false), "without allow-mixed the element is stripped");
        assertFalse(isTwoByte(q));
        assertNull(element(q, 200));
        assertNull(element(q, 2));
        assertArrayEquals(HEX.parseHex("0102"), element(q, 1));
        assertArrayEquals(HEX.parseHex("c1c2c3"), element(q, 3));
        assertArrayEquals(payload(9, 4), payloadOf(q));
    }

    @Test
    void twoByteBlockRenamedStaysTwoByte() {
        int len = build(buf, 0, 0, payload(6, 8), 2);
        assertTrue(p.wrap(buf, 0, len));
        assertTrue(set(p, 100, payload(20, 1), true) > 0);
        assertTrue(set(p, 2, new byte[0], true) > 0);
        assertEquals(2, rewriteIds(p, ExtensionRewrite.of(100, 4, 2, 250), false));
        assertTrue(isTwoByte(p));
        assertArrayEquals(payload(20, 1), element(p, 4));
        assertArrayEquals(new byte[0], element(p, 250));
        assertArrayEquals(payload(6, 8), payloadOf(p));
        assertEquals(2, p.paddingLength());
    }

    @Test
    void rewriteNeedingRoomFailsCleanlyAndSucceedsWithExactRoom() {
        for (int room = 0; room <= 4; room += 4) {
            byte[] b = new byte[12 + 4 + 12 + room];
            int len = build(b, 0, 0, payload(4, 0), 0);
            assertTrue(p.wrap(b, 0, len));
            assertTrue(set(p, 1, HEX.parseHex("aabb"), false) > 0);
            assertTrue(set(p, 2, HEX.parseHex("cc"), false) > 0);
            assertTrue(set(p, 3, HEX.parseHex("dd"), false) > 0);
            assertEquals(room, p.tailRoom());
            byte[] before = b.clone();
            // one-byte 3 + 2 + 2 = 7 bytes (2 words); two-byte 4 + 3 + 3 = 10 bytes (3 words)
            int r = rewriteIds(p, ExtensionRewrite.of(1, 20, 2, 2, 3, 3), true);
            if (room == 0) {
                assertEquals(NO_ROOM, r);
                assertArrayEquals(before, b, "nothing changed");
                assertEquals(12 + 12 + 4, p.length());
            } else {
                assertEquals(3, r);
                assertTrue(isTwoByte(p));
                assertEquals(0, p.tailRoom());
                assertArrayEquals(HEX.parseHex("aabb"), element(p, 20));
            }
            assertArrayEquals(payload(4, 0), payloadOf(p));
        }
    }

    @Test
    void extensionMapsBuildTheRewriteByUri() {
        ExtensionMap in = new ExtensionMap();
        assertTrue(in.parseAttribute("a=extmap:1 " + ExtensionMap.MID));
        assertTrue(in.parseAttribute("a=extmap:2/sendrecv " + ExtensionMap.ABS_SEND_TIME));
        assertTrue(in.parseAttribute("a=extmap:3 " + ExtensionMap.TRANSPORT_CC));
        assertTrue(in.parseAttribute("a=extmap:4 urn:example:private"));
        ExtensionMap out = new ExtensionMap();
        out.put(9, KnownExtension.TRANSPORT_CC);
        out.put(1, KnownExtension.ABS_SEND_TIME);
        out.put(3, KnownExtension.MID);
        ExtensionRewrite r = in.rewriteTo(out);
        assertEquals(3, r.map(1));
        assertEquals(1, r.map(2));
        assertEquals(9, r.map(3));
        assertEquals(0, r.map(4), "not negotiated on the other side: stripped");
        assertEquals(0, r.map(5));

        packet();
        set(p, 4, HEX.parseHex("77"), false);
        assertEquals(3, rewriteIds(p, r, out.allowMixed()));
        ExtensionCursor c = new ExtensionCursor();
        assertTrue(c.reset(p));
        while (c.next()) {
            assertNotNull(out.uri(c.id()), "every outgoing id is one the receiver negotiated");
        }
        assertArrayEquals(HEX.parseHex("0102"), element(p, 3), "mid (was id 1) now under the receiver's mid id");
        assertArrayEquals(HEX.parseHex("a1"), element(p, 1));
        assertArrayEquals(HEX.parseHex("c1c2c3"), element(p, 9));
    }

    @Test
    void rewriteTableRejectsAmbiguity() {
        assertThrows(IllegalArgumentException.class, () -> ExtensionRewrite.of(1, 2, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> ExtensionRewrite.of(1, 2, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ExtensionRewrite.of(0, 2));
        assertThrows(IllegalArgumentException.class, () -> ExtensionRewrite.of(1));
        assertEquals(ExtensionRewrite.of(1, 2, 3, 0), ExtensionRewrite.of(1, 2));
        assertEquals(0, ExtensionRewrite.of(1, 2).map(-1));
        assertEquals(0, ExtensionRewrite.of(1, 2).map(999));
        assertTrue(Arrays.asList(ExtensionRewrite.of(7, 8).toString().split("[\\[ \\]]")).contains("7->8"));
    }
}
