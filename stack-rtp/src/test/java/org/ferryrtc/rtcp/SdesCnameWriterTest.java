package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SDES CNAME (RFC 3550 §6.5.1) written without allocating, same bytes as the general writer. */
class SdesCnameWriterTest {
    static final char[] ALPHABET = {'a', 'Z', '0', '@', '.', '-', 'é', 'ß', '€', '中', '\uD83D', '\uDE00', '\u07FF', '\u0800', '\uFFFF'};

    @Test
    void sameBytesAsTheGeneralWriterForRandomStrings() {
        Random rnd = new Random(3550);
        byte[] a = new byte[1100];
        byte[] b = new byte[1100];
        for (int i = 0; i < 20_000; i++) {
            char[] cs = new char[rnd.nextInt(90)];
            for (int k = 0; k < cs.length; k++) {
                cs[k] = ALPHABET[rnd.nextInt(ALPHABET.length)];
            }
            String s = new String(cs);
            long ssrc = rnd.nextLong() & 0xFFFFFFFFL;
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, SourceDescription.utf8Length(s), s);
            if (SourceDescription.utf8Length(s) > 255) {
                assertThrows(IllegalArgumentException.class, () -> SourceDescription.writeCname(a, 0, ssrc, s));
                continue;
            }
            Arrays.fill(a, (byte) 0x77);
            Arrays.fill(b, (byte) 0x77);
            int n = SourceDescription.writeCname(a, 3, ssrc, s);
            assertEquals(SourceDescription.sizeCname(s), n);
            int m = SourceDescription.write(b, 3, List.of(new SourceDescription.Chunk(ssrc,
                    List.of(new SourceDescription.Item(SourceDescription.CNAME, s)))));
            assertEquals(m, n);
            assertArrayEquals(b, a, s);
        }
        assertThrows(IllegalArgumentException.class, () -> SourceDescription.writeCname(a, 0, 1, null));
        assertThrows(IllegalArgumentException.class, () -> SourceDescription.writeCname(a, 0, 1, "x".repeat(256)));
    }

    @Test
    void writingACnameAllocatesNothingOnceWarm() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation counter not available");
        byte[] out = new byte[200];
        String cname = "ferry-Ω-cname@example";
        long sink = 0;
        for (int i = 0; i < 50_000; i++) {
            sink += SourceDescription.sizeCname(cname) + SourceDescription.writeCname(out, 0, i, cname);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50_000; i++) {
            sink += SourceDescription.sizeCname(cname) + SourceDescription.writeCname(out, 0, i, cname);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes for 50,000 CNAMEs");
    }
}
