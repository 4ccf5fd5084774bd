package org.ferryrtc.rtp;

import static org.ferryrtc.rtp.HeaderExtensions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of packets with header extensions (bit flips, byte changes,
 * truncation, extension, 16-bit length lies; see {@link org.ferryrtc.testkit.Mutator}): reading (count, find,
 * iterate, typed getters) and editing never throw and never read outside the packet, and
 * reading is consistent. Each mutated packet is parsed from an array of exactly its length, so
 * any read past the end is an ArrayIndexOutOfBoundsException.
 */
class HeaderExtensionsMutationTest {
    private static final int ITERATIONS = 150_000;

    private static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String f : ExtVectors.FILES) {
            seeds.add(ExtVectors.load(f).packet());
        }
        byte[] buf = new byte[400];
        RtpPacket p = new RtpPacket();
        int len = ExtTestPackets.build(buf, 0, 1, ExtTestPackets.payload(20, 1), 4);
        assertTrue(p.wrap(buf, 0, len));
        SdesIdentifier.set(p, 1, "audio0", false);
        AbsSendTime.set(p, 2, 0x123456, false);
        TransportCc.set(p, 3, 0xBEEF, false);
        AudioLevel.set(p, 4, true, 42, false);
        VideoOrientation.set(p, 5, true, true, 270, false);
        PlayoutDelay.set(p, 6, 3, 400, false);
        seeds.add(Arrays.copyOfRange(buf, 0, p.length()));
        SdesIdentifier.set(p, 20, "a-rather-long-rid-value", true);
        HeaderExtensions.set(p, 7, new byte[0], true);
        seeds.add(Arrays.copyOfRange(buf, 0, p.length()));
        return seeds;
    }

    @Test
    void mutatedPacketsNeverThrowAndReadConsistently() throws Exception {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(0x8285);
        byte[] work = new byte[512];
        byte[] roomy = new byte[1024];
        RtpPacket p = new RtpPacket();
        RtpPacket q = new RtpPacket();
        ExtensionCursor c = new ExtensionCursor();
        int rtpValid = 0;
        int blocksValid = 0;
        int blocksInvalid = 0;
        int editsApplied = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            int len = Mutator.mutate(rnd, seed, work);
            byte[] exact = Arrays.copyOf(work, len);
            try {
                if (!p.wrap(exact, 0, len)) {
                    continue;
                }
                rtpValid++;
                int n = count(p);
                if (!p.hasExtension()) {
                    assertEquals(0, n);
                    continue;
                }
                if (n < 0) {
                    blocksInvalid++;
                } else {
                    blocksValid++;
                }
                checkReads(p, c, n, rnd);
                if ((i & 3) == 0) {
                    editsApplied += edit(p, q, roomy, rnd);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": " + HexFormat.of().formatHex(exact), e);
            }
        }
        assertTrue(rtpValid > 30_000, "RTP-valid mutants: " + rtpValid);
        assertTrue(blocksValid > 10_000, "valid extension blocks: " + blocksValid);
        assertTrue(blocksInvalid > 5_000, "invalid extension blocks: " + blocksInvalid);
        assertTrue(editsApplied > 5_000, "edits applied: " + editsApplied);
    }

    private static void checkReads(RtpPacket p, ExtensionCursor c, int n, Random rnd) {
        int lo = p.extensionOffset() + 4;
        int hi = p.payloadOffset();
        int[] firstAt = new int[256];
        Arrays.fill(firstAt, NOT_FOUND);
        int seen = 0;
        assertEquals(n >= 0, c.reset(p));
        while (c.next()) {
            seen++;
            assertTrue(c.id() >= 1 && c.id() <= 255);
            assertTrue(c.dataOffset() >= lo && c.dataOffset() + c.dataLength() <= hi, "element inside the block");
            if (firstAt[c.id()] == NOT_FOUND) {
                firstAt[c.id()] = c.dataOffset();
            }
        }
        assertEquals(Math.max(n, 0), seen);
        for (int id = 0; id < 16; id++) {
            int at = find(p, id);
            assertEquals(n < 0 ? INVALID : firstAt[id], at, "find agrees with iteration, id " + id);
        }
        int id = 1 + rnd.nextInt(255);
        int at = find(p, id);
        assertEquals(n < 0 ? INVALID : firstAt[id], at);
        if (at >= 0) {
            assertTrue(at + dataLength(p, at) <= hi);
        }
        TransportCc.get(p, id);
        AbsSendTime.get(p, id);
        AudioLevel.get(p, id);
        VideoOrientation.get(p, id);
        PlayoutDelay.get(p, id);
        SdesIdentifier.length(p, id);
        SdesIdentifier.get(p, id);
        SdesIdentifier.matches(p, id, new byte[] {'a'});
    }

    /**
     * One random edit on a copy with random tail room; a refused edit must leave the bytes
     * alone, an applied one must give a valid packet whose elements are exactly the expected
     * ones (whatever padding, duplicates or stop ids the mutant had). Returns 1 if applied.
     */
    private static int edit(RtpPacket p, RtpPacket q, byte[] roomy, Random rnd) {
        int len = p.length();
        int off = rnd.nextInt(4);
        int room = rnd.nextInt(48);
        byte[] b = Arrays.copyOf(roomy, off + len + room);
        System.arraycopy(p.buffer(), p.offset(), b, off, len);
        assertTrue(q.wrap(b, off, len));
        byte[] before = b.clone();
        byte[] tail = ExtTestPackets.tailOf(q);
        List<String> elements = elements(q);
        boolean two = isTwoByte(q);
        List<String> expected = new ArrayList<>();
        boolean mixed = rnd.nextBoolean();
        int r;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                int id = 1 + rnd.nextInt(255);
                byte[] data = new byte[rnd.nextInt(20)];
                rnd.nextBytes(data);
                r = HeaderExtensions.set(q, id, data, mixed);
                for (String e : elements) {
                    if (!e.startsWith(id + ":")) {
                        expected.add(e);
                    }
                }
                expected.add(id + ":" + HexFormat.of().formatHex(data));
            }
            case 1 -> {
                int id = 1 + rnd.nextInt(16);
                r = remove(q, id);
                for (String e : elements) {
                    if (!e.startsWith(id + ":")) {
                        expected.add(e);
                    }
                }
            }
            default -> {
                int newId = 4 + rnd.nextInt(252);
                ExtensionRewrite map = ExtensionRewrite.of(1, newId, 2, 0, 3, 3);
                r = rewriteIds(q, map, mixed);
                boolean anyTwo = false;
                List<String> renamed = new ArrayList<>();
                for (String e : elements) {
                    int colon = e.indexOf(':');
                    int out = map.map(Integer.parseInt(e.substring(0, colon)));
                    if (out != 0) {
                        renamed.add(out + e.substring(colon));
                        anyTwo |= !fitsOneByte(out, (e.length() - colon - 1) / 2);
                    }
                }
                for (String e : renamed) {
                    int colon = e.indexOf(':');
                    if (two || (anyTwo && mixed)
                            || fitsOneByte(Integer.parseInt(e.substring(0, colon)), (e.length() - colon - 1) / 2)) {
                        expected.add(e);
                    }
                }
            }
        }
        if (r < 0) {
            assertArrayEquals(before, b, "a refused edit changes nothing");
            return 0;
        }
        RtpPacket fresh = new RtpPacket();
        assertTrue(fresh.wrap(b, off, q.length()), "edited packet is valid RTP");
        assertTrue(count(q) >= 0, "edited block is well formed");
        assertArrayEquals(tail, ExtTestPackets.tailOf(q), "payload and padding kept");
        expected.sort(null);
        assertEquals(expected, elements(q), "elements after the edit");
        assertEquals(!expected.isEmpty(), q.hasExtension(), "X bit");
        return 1;
    }

    /** Sorted "id:hex" of every element (duplicates kept). */
    private static List<String> elements(RtpPacket p) {
        List<String> out = new ArrayList<>();
        ExtensionCursor c = new ExtensionCursor();
        if (c.reset(p)) {
            while (c.next()) {
                out.add(c.id() + ":" + HexFormat.of().formatHex(c.buffer(), c.dataOffset(), c.dataOffset() + c.dataLength()));
            }
        }
        out.sort(null);
        return out;
    }
}
