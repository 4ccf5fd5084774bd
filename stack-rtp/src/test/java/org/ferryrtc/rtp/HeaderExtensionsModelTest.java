package org.ferryrtc.rtp;

import static org.ferryrtc.rtp.HeaderExtensions.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of set / remove / rewrite on packets with random offsets, CSRCs,
 * payloads, RTP padding and tail room, checked after every step against a plain map model:
 * the elements, the result codes (including NO_ROOM and NEEDS_MIXED), the form, the compact
 * block size, and the payload, padding and fixed header byte for byte.
 */
class HeaderExtensionsModelTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void randomEditsAgreeWithAModel() {
        Random rnd = new Random(8285);
        int[] outcomes = new int[6];
        for (int round = 0; round < 400; round++) {
            int off = rnd.nextInt(8);
            int cc = rnd.nextInt(3);
            int pad = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(8) : 0;
            byte[] payload = new byte[rnd.nextInt(60)];
            rnd.nextBytes(payload);
            byte[] buf = new byte[off + 12 + 4 * cc + payload.length + pad + rnd.nextInt(160)];
            int len = ExtTestPackets.build(buf, off, cc, payload, pad);
            RtpPacket p = new RtpPacket();
            assertTrue(p.wrap(buf, off, len));
            byte[] fixed = ExtTestPackets.fixedOf(p);
            byte[] tail = ExtTestPackets.tailOf(p);
            TreeMap<Integer, String> model = new TreeMap<>();
            boolean two = false;
            for (int step = 0; step < 40; step++) {
                int op = rnd.nextInt(20);
                boolean mixed = rnd.nextBoolean();
                if (op < 12) {
                    int id = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(255) : 1 + rnd.nextInt(14);
                    int n = rnd.nextInt(5) == 0 ? rnd.nextInt(80) : 1 + rnd.nextInt(16);
                    byte[] data = new byte[n];
                    rnd.nextBytes(data);
                    boolean needsTwo = !fitsOneByte(id, n);
                    int expected;
                    if (!two && needsTwo && !mixed) {
                        expected = NEEDS_MIXED;
                    } else {
                        TreeMap<Integer, String> next = new TreeMap<>(model);
                        next.put(id, HEX.formatHex(data));
                        boolean nextTwo = two || needsTwo;
                        expected = size(next, nextTwo) - size(model, two) > p.tailRoom() ? NO_ROOM : 0;
                        if (expected == 0) {
                            model = next;
                            two = nextTwo;
                        }
                    }
                    int r = HeaderExtensions.set(p, id, data, mixed);
                    if (expected == 0) {
                        assertTrue(r > 0, "set " + id + "/" + n + " -> " + r);
                        assertArrayEquals(data, Arrays.copyOfRange(buf, r, r + n), "returned offset holds the data");
                        outcomes[0]++;
                    } else {
                        assertEquals(expected, r, "set " + id + "/" + n);
                        outcomes[expected == NO_ROOM ? 1 : 2]++;
                    }
                } else if (op < 17) {
                    int id = !model.isEmpty() && rnd.nextInt(4) != 0
                            ? new ArrayList<>(model.keySet()).get(rnd.nextInt(model.size()))
                            : 1 + rnd.nextInt(255);
                    int expected = model.remove(id) != null ? OK : NOT_FOUND;
                    assertEquals(expected, remove(p, id));
                    outcomes[3]++;
                } else {
                    List<Integer> pairs = new ArrayList<>();
                    boolean[] used = new boolean[256];
                    TreeMap<Integer, String> renamed = new TreeMap<>();
                    boolean anyTwo = false;
                    for (Map.Entry<Integer, String> e : model.entrySet()) {
                        if (rnd.nextInt(5) == 0) {
                            continue; // unmapped: stripped
                        }
                        int out;
                        do {
                            out = 1 + rnd.nextInt(rnd.nextInt(3) == 0 ? 255 : 14);
                        } while (used[out]);
                        used[out] = true;
                        pairs.add(e.getKey());
                        pairs.add(out);
                        renamed.put(out, e.getValue());
                        anyTwo |= !fitsOneByte(out, e.getValue().length() / 2);
                    }
                    boolean nextTwo = two || (anyTwo && mixed);
                    if (!nextTwo) {
                        renamed.entrySet().removeIf(e -> !fitsOneByte(e.getKey(), e.getValue().length() / 2));
                    }
                    int expected = model.isEmpty() && !p.hasExtension() ? 0
                            : size(renamed, nextTwo) - size(model, two) > p.tailRoom() ? NO_ROOM : renamed.size();
                    int r = rewriteIds(p, ExtensionRewrite.of(pairs.stream().mapToInt(Integer::intValue).toArray()), mixed);
                    assertEquals(expected, r, "rewrite " + pairs);
                    if (r >= 0) {
                        model = renamed;
                        two = nextTwo;
                    }
                    outcomes[r >= 0 ? 4 : 5]++;
                }
                if (model.isEmpty()) {
                    two = false;
                }
                check(p, model, two, fixed, tail);
            }
        }
        for (int i = 0; i < outcomes.length; i++) {
            // set ok, set NO_ROOM, set NEEDS_MIXED, remove, rewrite ok, rewrite NO_ROOM (rare)
            assertTrue(outcomes[i] > (i == 5 ? 2 : 20), "every kind of outcome exercised: " + Arrays.toString(outcomes));
        }
    }

    /** Compact block size for these elements in this form, 0 for none. */
    private static int size(Map<Integer, String> m, boolean two) {
        if (m.isEmpty()) {
            return 0;
        }
        int s = 0;
        for (String hex : m.values()) {
            s += (two ? 2 : 1) + hex.length() / 2;
        }
        return 4 + ((s + 3) & ~3);
    }

    private static void check(RtpPacket p, TreeMap<Integer, String> model, boolean two, byte[] fixed, byte[] tail) {
        RtpPacket fresh = new RtpPacket();
        assertTrue(fresh.wrap(p.buffer(), p.offset(), p.length()), "still a valid packet");
        assertEquals(fresh.headerLength(), p.headerLength(), "view re-wrapped");
        assertArrayEquals(fixed, ExtTestPackets.fixedOf(p), "fixed header and CSRCs");
        assertArrayEquals(tail, ExtTestPackets.tailOf(p), "payload and padding byte-exact");
        assertEquals(!model.isEmpty(), p.hasExtension(), "X bit");
        TreeMap<Integer, String> seen = new TreeMap<>();
        ExtensionCursor c = new ExtensionCursor();
        if (c.reset(p)) {
            while (c.next()) {
                assertNull(seen.put(c.id(), HEX.formatHex(c.buffer(), c.dataOffset(), c.dataOffset() + c.dataLength())),
                        "no duplicate ids");
            }
        }
        assertEquals(model, seen);
        if (!model.isEmpty()) {
            assertEquals(two, isTwoByte(p), "form");
            int blockLen = p.payloadOffset() - p.extensionOffset();
            assertEquals(size(model, two), blockLen, "compact block");
        }
    }
}
