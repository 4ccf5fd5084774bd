package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** PID/BLP packing, RFC 4585 §6.2.1. */
class GenericNackTest {

    private static GenericNack write(int... lost) {
        byte[] b = new byte[GenericNack.size(lost, 0, lost.length)];
        assertEquals(b.length, GenericNack.write(b, 0, 1, 2, lost, 0, lost.length));
        GenericNack n = new GenericNack();
        assertTrue(n.wrap(b, 0, b.length));
        return n;
    }

    private static int[] entries(GenericNack n) {
        int[] e = new int[2 * n.entryCount()];
        for (int i = 0; i < n.entryCount(); i++) {
            e[2 * i] = n.pid(i);
            e[2 * i + 1] = n.blp(i);
        }
        return e;
    }

    @Test
    void seventeenConsecutiveFitOneEntry() {
        int[] lost = new int[17];
        for (int i = 0; i < 17; i++) {
            lost[i] = 100 + i;
        }
        assertArrayEquals(new int[] {100, 0xFFFF}, entries(write(lost)));
    }

    @Test
    void eighteenthStartsASecondEntry() {
        int[] lost = new int[18];
        for (int i = 0; i < 18; i++) {
            lost[i] = 100 + i;
        }
        assertArrayEquals(new int[] {100, 0xFFFF, 117, 0}, entries(write(lost)));
    }

    @Test
    void sparseBits() {
        assertArrayEquals(new int[] {7, 0b1000_0000_0000_0101}, entries(write(7, 8, 10, 23)));
    }

    @Test
    void wrapsFrom65535ToZero() {
        assertArrayEquals(new int[] {65530, 0x01FF}, entries(write(65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3)));
        assertArrayEquals(new int[] {65535, 0x0001, 16, 0}, entries(write(65535, 0, 16)));
        assertArrayEquals(new int[] {65535, 0x8000}, entries(write(65535, 15)));
    }

    @Test
    void duplicatesAndDescendingStayCorrect() {
        assertArrayEquals(new int[] {5, 1}, entries(write(5, 5, 6, 6)));
        assertArrayEquals(new int[] {10, 0, 5, 0}, entries(write(10, 5)));
    }

    @Test
    void emptyListWritesHeaderOnly() {
        GenericNack n = write();
        assertEquals(0, n.entryCount());
        assertEquals(12, n.length());
    }

    @Test
    void randomSetsSurviveWithGreedyEntryCount() {
        Random rnd = new Random(4585);
        for (int round = 0; round < 2000; round++) {
            int start = rnd.nextInt(65536);
            TreeSet<Integer> unwrapped = new TreeSet<>();
            int count = 1 + rnd.nextInt(60);
            int span = 1 + rnd.nextInt(300);
            while (unwrapped.size() < Math.min(count, span)) {
                unwrapped.add(start + rnd.nextInt(span));
            }
            int[] lost = unwrapped.stream().mapToInt(x -> x & 0xFFFF).toArray();
            GenericNack n = write(lost);
            List<Integer> got = new ArrayList<>();
            n.forEachLost(got::add);
            List<Integer> want = new ArrayList<>();
            for (int x : lost) {
                want.add(x);
            }
            assertEquals(want, got);
            assertEquals(lost.length, n.lostCount());
            int expectedEntries = 0;
            long pid = Long.MIN_VALUE / 2;
            for (int x : unwrapped) {
                if (x - pid > 16) {
                    expectedEntries++;
                    pid = x;
                }
            }
            assertEquals(expectedEntries, n.entryCount());
        }
    }
}
