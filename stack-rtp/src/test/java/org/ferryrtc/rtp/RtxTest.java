package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

class RtxTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long MEDIA_SSRC = 0x11223344L;
    private static final long RTX_SSRC = 0xA1B2C3D4L;

    // V=2 P=0 X=1 CC=2 | M=1 PT=96 | seq=0xFFFE | ts=0x01020304 | SSRC 0x11223344
    // CSRCs 0x0000AAAA 0x0000BBBB | one-byte ext (0xBEDE, 2 words): id1 len2 "abc", id2 len1 "de", pad
    // payload 10 bytes
    private static final String ORIGINAL = "92e0fffe" + "01020304" + "11223344"
            + "0000aaaa" + "0000bbbb"
            + "bede0002" + "12616263" + "21646500"
            + "00112233445566778899";

    private static Rtx rtx() {
        Rtx r = new Rtx();
        r.mapPayloadType(97, 96);
        return r;
    }

    @Test
    void wrapBuildsRfc4588PacketAndUnwrapRestoresItByteExact() {
        byte[] orig = HEX.parseHex(ORIGINAL);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(orig, 0, orig.length));
        Rtx r = rtx();
        byte[] out = new byte[100];
        int n = r.wrap(p, RTX_SSRC, 0x1234, out, 5);
        assertEquals(orig.length + 2, n);

        // expected RTX bytes, written out field by field
        String want = "92e11234" + "01020304" + "a1b2c3d4"          // PT 97, RTX seq, RTX SSRC; M, ts kept
                + "0000aaaa" + "0000bbbb"                             // CSRCs kept
                + "bede0002" + "12616263" + "21646500"               // extension kept
                + "fffe"                                              // OSN
                + "00112233445566778899";                             // original payload
        assertEquals(want, HEX.formatHex(out, 5, 5 + n));

        RtpPacket v = new RtpPacket();
        assertTrue(v.wrap(out, 5, n));
        assertEquals(Rtx.Status.OK, r.unwrapInPlace(v, MEDIA_SSRC));
        assertEquals(orig.length, r.unwrappedLength());
        assertEquals(0xFFFE, r.originalSequenceNumber());
        assertArrayEquals(orig, Arrays.copyOfRange(out, 5, 5 + orig.length), "in place round trip");
        assertEquals(orig.length, v.length(), "view re-wrapped over the original");
        assertEquals(0xFFFE, v.sequenceNumber());
        assertEquals(96, v.payloadType());
        assertEquals(MEDIA_SSRC, v.ssrc());
        assertEquals(2, v.csrcCount());
        assertEquals(0xBEDE, v.extensionProfile());
        assertEquals(1, r.restoredCount());
    }

    @Test
    void unwrapIntoCallerBufferLeavesRtxUntouched() {
        byte[] orig = HEX.parseHex(ORIGINAL);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(orig, 0, orig.length));
        byte[] rtxBytes = new byte[orig.length + 2];
        assertEquals(rtxBytes.length, Rtx.wrap(p, RTX_SSRC, 97, 7, rtxBytes, 0));
        byte[] before = rtxBytes.clone();
        RtpPacket v = new RtpPacket();
        assertTrue(v.wrap(rtxBytes, 0, rtxBytes.length));
        Rtx r = rtx();
        byte[] out = new byte[orig.length + 3];
        assertEquals(Rtx.Status.OK, r.unwrap(v, MEDIA_SSRC, out, 3));
        assertArrayEquals(orig, Arrays.copyOfRange(out, 3, 3 + r.unwrappedLength()));
        assertArrayEquals(before, rtxBytes);
        assertEquals(Rtx.Status.NO_ROOM, r.unwrap(v, MEDIA_SSRC, out, 4));
        assertEquals(-1, r.originalSequenceNumber());
        assertEquals(-1, Rtx.wrap(p, RTX_SSRC, 97, 7, new byte[orig.length + 1], 0), "no room for RTX");
    }

    @Test
    void paddingOfOriginalIsNotCarriedAndRtxPaddingIsDropped() {
        // original: P=1, payload c0ffee, 3 bytes padding (00 00 03)
        byte[] orig = HEX.parseHex("a0600005" + "00000064" + "11223344" + "c0ffee" + "000003");
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(orig, 0, orig.length));
        byte[] out = new byte[64];
        int n = Rtx.wrap(p, RTX_SSRC, 97, 9, out, 0);
        assertEquals("80610009" + "00000064" + "a1b2c3d4" + "0005" + "c0ffee", HEX.formatHex(out, 0, n));

        // an RTX packet padded by its sender (2 padding bytes)
        byte[] padded = HEX.parseHex("a0610009" + "00000064" + "a1b2c3d4" + "0005" + "c0ffee" + "0002");
        RtpPacket v = new RtpPacket();
        assertTrue(v.wrap(padded, 0, padded.length));
        assertEquals(Rtx.Status.OK, rtx().unwrapInPlace(v, MEDIA_SSRC));
        assertEquals("80600005" + "00000064" + "11223344" + "c0ffee",
                HEX.formatHex(padded, 0, v.length()), "original without padding");
        assertFalse(v.padding());
    }

    @Test
    void paddingOnlyProbeIsRecognised() {
        byte[] out = new byte[300];
        int n = Rtx.writePaddingOnly(out, 4, 97, 300, 0xDEADL, RTX_SSRC, 224);
        assertEquals(12 + 224, n);
        RtpPacket v = new RtpPacket();
        assertTrue(v.wrap(out, 4, n));
        assertTrue(v.padding());
        assertEquals(0, v.payloadLength());
        assertEquals(224, v.paddingLength());
        assertEquals(300, v.sequenceNumber());
        Rtx r = rtx();
        byte[] before = out.clone();
        assertEquals(Rtx.Status.PADDING_ONLY, r.unwrapInPlace(v, MEDIA_SSRC));
        assertEquals(Rtx.Status.PADDING_ONLY, r.unwrap(v, MEDIA_SSRC, new byte[300], 0));
        assertArrayEquals(before, out, "left alone");
        assertEquals(2, r.paddingOnlyCount());
        assertEquals(0, r.restoredCount());
        assertEquals(-1, Rtx.writePaddingOnly(out, 100, 97, 1, 0, RTX_SSRC, 255));
        assertThrows(IllegalArgumentException.class, () -> Rtx.writePaddingOnly(out, 0, 97, 1, 0, RTX_SSRC, 0));
    }

    @Test
    void malformedAndUnknownAreTypedResults() {
        Rtx r = rtx();
        RtpPacket v = new RtpPacket();
        byte[] oneByte = HEX.parseHex("80610001" + "00000000" + "a1b2c3d4" + "ff");
        assertTrue(v.wrap(oneByte, 0, oneByte.length));
        assertEquals(Rtx.Status.MALFORMED, r.unwrapInPlace(v, MEDIA_SSRC));
        byte[] empty = HEX.parseHex("80610001" + "00000000" + "a1b2c3d4");
        assertTrue(v.wrap(empty, 0, empty.length));
        assertEquals(Rtx.Status.MALFORMED, r.unwrap(v, MEDIA_SSRC, new byte[64], 0));
        // one payload byte plus padding: neither padding-only nor long enough for an OSN
        byte[] onePlusPad = HEX.parseHex("a0610001" + "00000000" + "a1b2c3d4" + "ff" + "01");
        assertTrue(v.wrap(onePlusPad, 0, onePlusPad.length));
        assertEquals(Rtx.Status.MALFORMED, r.unwrapInPlace(v, MEDIA_SSRC));
        assertFalse(v.wrap(empty, 0, 5));
        assertEquals(Rtx.Status.MALFORMED, r.unwrapInPlace(v, MEDIA_SSRC), "unwrapped view");
        byte[] unknownPt = HEX.parseHex("80620001" + "00000000" + "a1b2c3d4" + "0001");
        assertTrue(v.wrap(unknownPt, 0, unknownPt.length));
        assertEquals(Rtx.Status.UNKNOWN_PAYLOAD_TYPE, r.unwrapInPlace(v, MEDIA_SSRC));
        assertEquals(4, r.malformedCount());
        assertEquals(1, r.unknownPayloadTypeCount());
        assertEquals(0, r.unwrappedLength());
        // OSN only: the original had an empty payload
        byte[] osnOnly = HEX.parseHex("80610001" + "00000000" + "a1b2c3d4" + "abcd");
        assertTrue(v.wrap(osnOnly, 0, osnOnly.length));
        assertEquals(Rtx.Status.OK, r.unwrapInPlace(v, MEDIA_SSRC));
        assertEquals(12, v.length());
        assertEquals(0xABCD, v.sequenceNumber());
    }

    @Test
    void payloadTypeMapping() {
        Rtx r = rtx();
        assertEquals(96, r.apt(97));
        assertEquals(97, r.rtxPayloadType(96));
        assertEquals(-1, r.apt(98));
        assertEquals(-1, r.rtxPayloadType(111));
        assertEquals(-1, r.apt(200));
        byte[] opus = new byte[20];
        RtpPacket.writeFixedHeader(opus, 0, false, 111, 1, 2, 3);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(opus, 0, 20));
        assertEquals(-1, r.wrap(p, RTX_SSRC, 1, new byte[64], 0), "no RTX for PT 111");
        assertThrows(IllegalArgumentException.class, () -> r.mapPayloadType(128, 96));
    }

    /** Seeded mutations of RTX packets and of originals: typed results only, invariants hold. */
    @Test
    void mutatedRtxPacketsNeverThrow() {
        byte[] orig = HEX.parseHex(ORIGINAL);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(orig, 0, orig.length));
        byte[] rtxFull = new byte[orig.length + 2];
        Rtx.wrap(p, RTX_SSRC, 97, 77, rtxFull, 0);
        byte[] probe = new byte[40];
        Rtx.writePaddingOnly(probe, 0, 97, 78, 5, RTX_SSRC, 28);
        byte[][] seeds = {
            rtxFull,
            probe,
            HEX.parseHex("a0610009" + "00000064" + "a1b2c3d4" + "0005" + "c0ffee" + "0002"),
            HEX.parseHex("80610001" + "00000000" + "a1b2c3d4" + "abcd"),
        };
        Random rnd = new Random(4588);
        Rtx r = rtx();
        r.mapPayloadType(99, 98);
        byte[] mutated = new byte[160];
        byte[] work = new byte[160];
        byte[] out = new byte[160];
        byte[] rtxOut = new byte[200];
        RtpPacket v = new RtpPacket();
        RtpPacket back = new RtpPacket();
        Map<Rtx.Status, Integer> seen = new EnumMap<>(Rtx.Status.class);
        int parsed = 0;
        int iterations = 150_000;
        for (int it = 0; it < iterations; it++) {
            byte[] seed = seeds[it % seeds.length];
            int len = Mutator.mutate(rnd, seed, mutated);
            try {
                if (!v.wrap(mutated, 0, len)) {
                    continue;
                }
                parsed++;
                int hdr = v.headerLength();
                int pay = v.payloadLength();
                int pt = v.payloadType();
                // 1) into a caller buffer, sometimes too small
                int outLen = rnd.nextInt(4) == 0 ? rnd.nextInt(out.length) : out.length;
                byte[] small = outLen == out.length ? out : Arrays.copyOf(out, outLen);
                Rtx.Status s1 = r.unwrap(v, MEDIA_SSRC, small, 0);
                seen.merge(s1, 1, Integer::sum);
                if (s1 == Rtx.Status.OK) {
                    checkRestored(r, small, 0, hdr, pay, pt, mutated, v.payloadOffset(), back);
                }
                // 2) in place on a copy
                System.arraycopy(mutated, 0, work, 0, len);
                RtpPacket w = new RtpPacket();
                assertTrue(w.wrap(work, 0, len));
                Rtx.Status s2 = r.unwrapInPlace(w, MEDIA_SSRC);
                assertEquals(s1 == Rtx.Status.NO_ROOM ? Rtx.Status.OK : s1, s2, "same verdict in place");
                if (s2 == Rtx.Status.OK) {
                    assertEquals(r.unwrappedLength(), w.length());
                    assertArrayEquals(Arrays.copyOfRange(mutated, hdr + 2, hdr + pay),
                            Arrays.copyOfRange(work, hdr, hdr + pay - 2));
                }
                // 3) any valid packet taken as an original round-trips through RTX
                int n = Rtx.wrap(v, RTX_SSRC, 97, it & 0xFFFF, rtxOut, 1);
                assertEquals(hdr + pay + 2, n);
                RtpPacket x = new RtpPacket();
                assertTrue(x.wrap(rtxOut, 1, n), "RTX output is a valid RTP packet");
                assertEquals(Rtx.Status.OK, r.unwrapInPlace(x, v.ssrc()));
                assertEquals(hdr + pay, x.length());
                assertEquals(v.sequenceNumber(), x.sequenceNumber());
                assertEquals(96, x.payloadType());
                assertArrayEquals(Arrays.copyOfRange(mutated, 2, hdr), Arrays.copyOfRange(rtxOut, 1 + 2, 1 + hdr),
                        "seq, timestamp, SSRC (restored), CSRCs and extension byte-exact");
                assertEquals(mutated[0] & 0xDF, rtxOut[1] & 0xFF, "first byte kept, P cleared");
                assertEquals(mutated[1] & 0x80, rtxOut[2] & 0x80, "marker kept");
                assertArrayEquals(Arrays.copyOfRange(mutated, hdr, hdr + pay),
                        Arrays.copyOfRange(rtxOut, 1 + hdr, 1 + hdr + pay));
            } catch (AssertionError e) {
                throw new AssertionError("iteration " + it + ": " + HEX.formatHex(mutated, 0, len), e);
            } catch (RuntimeException e) {
                fail("iteration " + it + " threw on " + HEX.formatHex(mutated, 0, len), e);
            }
        }
        assertTrue(iterations >= 100_000);
        assertTrue(parsed > 10_000, "enough inputs reached the RTX code: " + parsed);
        for (Rtx.Status s : Rtx.Status.values()) {
            assertTrue(seen.getOrDefault(s, 0) > 0, "status " + s + " reached: " + seen);
        }
    }

    private static void checkRestored(Rtx r, byte[] out, int at, int hdr, int pay, int rtxPt, byte[] rtxBytes,
            int rtxPayloadOffset, RtpPacket view) {
        assertEquals(hdr + pay - 2, r.unwrappedLength());
        assertTrue(view.wrap(out, at, r.unwrappedLength()), "restored packet is valid RTP");
        assertFalse(view.padding());
        assertEquals(r.originalSequenceNumber(), view.sequenceNumber());
        int osn = ((rtxBytes[rtxPayloadOffset] & 0xFF) << 8) | (rtxBytes[rtxPayloadOffset + 1] & 0xFF);
        assertEquals(osn, view.sequenceNumber());
        assertEquals(r.apt(rtxPt), view.payloadType());
        assertEquals(MEDIA_SSRC, view.ssrc());
        assertEquals(pay - 2, view.payloadLength());
    }
}
