package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private static byte[] packet(int tag) {
        return new byte[] {(byte) tag, 1, 2, 3};
    }

    @Test
    void deliversInOrderWaitsOnHolesAndDropsDuplicatesAndLatePackets() {
        ReorderBuffer rb = new ReorderBuffer(16);
        assertEquals(ReorderBuffer.INSERTED, rb.insert(10, 100, packet(0), 0, 4));
        assertTrue(rb.headPresent());
        assertEquals(0, rb.headBuffer()[0]);
        rb.pop();
        assertFalse(rb.headPresent());
        assertEquals(ReorderBuffer.INSERTED, rb.insert(20, 103, packet(3), 0, 4));
        assertEquals(ReorderBuffer.INSERTED, rb.insert(30, 102, packet(2), 0, 4));
        assertEquals(ReorderBuffer.DUPLICATE, rb.insert(31, 102, packet(2), 0, 4));
        assertFalse(rb.headPresent(), "101 is missing");
        assertEquals(2, rb.buffered());
        assertEquals(20, rb.oldestArrival());
        assertEquals(ReorderBuffer.INSERTED, rb.insert(40, 101, packet(1), 0, 4));
        for (int tag = 1; tag <= 3; tag++) {
            assertTrue(rb.headPresent());
            assertEquals(tag, rb.headBuffer()[0]);
            assertEquals(4, rb.headLength());
            rb.pop();
        }
        assertEquals(ReorderBuffer.LATE, rb.insert(50, 102, packet(2), 0, 4));
        assertEquals(0, rb.buffered());
        assertEquals(Long.MAX_VALUE, rb.oldestArrival());
    }

    @Test
    void windowAndSkip() {
        ReorderBuffer rb = new ReorderBuffer(16);
        rb.insert(0, 1000, packet(0), 0, 4);
        rb.pop();
        assertTrue(rb.fits(1001 + 15));
        assertFalse(rb.fits(1001 + 16));
        rb.insert(1, 1003, packet(3), 0, 4);
        rb.skip();
        rb.skip();
        assertTrue(rb.headPresent());
        assertEquals(1003, rb.headExt());
        rb.restart(5000);
        assertEquals(0, rb.buffered());
        assertEquals(5000, rb.headExt());
        assertFalse(rb.headPresent());
    }
}
