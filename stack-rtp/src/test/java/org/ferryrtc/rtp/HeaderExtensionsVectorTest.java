package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8285 §4.2 / §4.3 layouts as data files: parse, write, parse again, write again. */
class HeaderExtensionsVectorTest {
    static String[] files() {
        return ExtVectors.FILES;
    }

    @ParameterizedTest
    @MethodSource("files")
    void parseWriteParseWrite(String file) throws Exception {
        ExtVectors.Vector v = ExtVectors.load(file);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(v.packet(), 0, v.packet().length), "vector is a valid RTP packet");
        if (v.form().equals("invalid")) {
            assertEquals(HeaderExtensions.INVALID, HeaderExtensions.count(p));
            for (int id = 0; id <= 255; id++) {
                assertTrue(HeaderExtensions.find(p, id) < 0, "nothing found in an invalid block, id " + id);
            }
            ExtensionCursor c = new ExtensionCursor();
            assertFalse(c.reset(p));
            assertFalse(c.next());
            byte[] before = v.packet().clone();
            assertEquals(HeaderExtensions.INVALID, HeaderExtensions.set(p, 1, new byte[] {1}, true));
            assertEquals(HeaderExtensions.INVALID, HeaderExtensions.remove(p, 1));
            assertArrayEquals(before, v.packet(), "a refused edit changes nothing");
            return;
        }
        assertEquals(v.form().equals("two-byte"), HeaderExtensions.isTwoByte(p));
        assertEquals(v.elements(), parsed(p, v.elements()), "parsed elements");

        // write: the same fixed header, CSRCs, payload and padding, no extension, then add the elements
        byte[] written = write(p, v.elements(), v.form().equals("two-byte"));
        assertEquals(HexFormat.of().formatHex(v.canonical()), HexFormat.of().formatHex(written), "canonical encoding");

        RtpPacket q = new RtpPacket();
        assertTrue(q.wrap(written, 0, written.length));
        List<ExtVectors.Element> again = parsed(q, v.elements());
        assertEquals(v.elements(), again, "parse of what we wrote");
        assertArrayEquals(written, write(q, again, v.form().equals("two-byte")), "second write is identical");
        assertEquals(p.payloadLength(), q.payloadLength());
        assertArrayEquals(Arrays.copyOfRange(v.packet(), p.payloadOffset(), p.length()),
                Arrays.copyOfRange(written, q.payloadOffset(), q.length()), "payload and padding unchanged");
    }

    /** Elements by cursor, checked against find() for each expected id. */
    private static List<ExtVectors.Element> parsed(RtpPacket p, List<ExtVectors.Element> expected) {
        List<ExtVectors.Element> out = new ArrayList<>();
        ExtensionCursor c = new ExtensionCursor();
        assertTrue(c.reset(p));
        while (c.next()) {
            out.add(new ExtVectors.Element(c.id(), Arrays.copyOfRange(c.buffer(), c.dataOffset(), c.dataOffset() + c.dataLength())));
        }
        assertEquals(out.size(), HeaderExtensions.count(p));
        for (ExtVectors.Element e : expected) {
            int at = HeaderExtensions.find(p, e.id());
            assertTrue(at >= 0, "find " + e.id());
            assertArrayEquals(e.data(), Arrays.copyOfRange(p.buffer(), at, at + HeaderExtensions.dataLength(p, at)));
        }
        return out;
    }

    /** The packet without its extension block, in a roomy buffer, with the elements set in order. */
    private static byte[] write(RtpPacket src, List<ExtVectors.Element> elements, boolean mixed) {
        byte[] s = src.buffer();
        int fixed = RtpPacket.FIXED_HEADER + 4 * src.csrcCount();
        int tail = src.length() - src.headerLength();
        byte[] buf = new byte[fixed + tail + 512];
        System.arraycopy(s, src.offset(), buf, 0, fixed);
        buf[0] &= (byte) ~0x10;
        System.arraycopy(s, src.payloadOffset(), buf, fixed, tail);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(buf, 0, fixed + tail));
        for (ExtVectors.Element e : elements) {
            int at = HeaderExtensions.set(p, e.id(), e.data(), mixed);
            assertTrue(at >= 0, "set " + e.id() + " -> " + at);
        }
        return Arrays.copyOf(buf, p.length());
    }
}
