package org.ferryrtc.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutatorTest {
    private static final byte[] SEED = {(byte) 0x80, 0x60, 0x12, 0x34, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 9, 8, 7};

    @Test
    void sameSeedSameMutations() {
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 1000; i++) {
            assertArrayEquals(Mutator.mutate(a, SEED, 20), Mutator.mutate(b, SEED, 20));
        }
    }

    @Test
    void lengthsStayWithinTheBufferAndEveryKindOccurs() {
        Random rnd = new Random(11);
        byte[] out = new byte[SEED.length + 10];
        int shorter = 0, longer = 0, changed = 0;
        for (int i = 0; i < 20_000; i++) {
            Arrays.fill(out, (byte) 0x5A);
            int len = Mutator.mutate(rnd, SEED, out);
            assertTrue(len >= 0 && len <= out.length, "length " + len);
            shorter += len < SEED.length ? 1 : 0;
            longer += len > SEED.length ? 1 : 0;
            int common = Math.min(len, SEED.length);
            changed += Arrays.equals(out, 0, common, SEED, 0, common) ? 0 : 1;
        }
        assertTrue(shorter > 1000 && longer > 1000 && changed > 5000, shorter + " " + longer + " " + changed);
    }

    @Test
    void seedIsNeverModifiedAndAnEmptyInputStaysHarmless() {
        byte[] copy = SEED.clone();
        Random rnd = new Random(3);
        for (int i = 0; i < 1000; i++) {
            Mutator.mutate(rnd, SEED, 4);
            assertTrue(Mutator.mutate(rnd, new byte[0], 0).length == 0);
            assertEquals(0, Mutator.mutateOnce(rnd, new byte[0], 0));
        }
        assertArrayEquals(copy, SEED);
    }
}
