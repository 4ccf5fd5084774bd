package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import org.ferryrtc.rtp.RetransmissionBuffer.Config;
import org.ferryrtc.rtp.RetransmissionBuffer.Lookup;
import org.junit.jupiter.api.Test;

class RetransmissionBufferTest {
    private static final long MS = 1_000_000L;
    private static final long SSRC = 0xCAFEBABEL;

    /** A packet whose payload bytes encode its sequence number, so a wrong slot is visible. */
    private static byte[] packet(long ssrc, int seq, int payloadLen) {
        byte[] b = new byte[12 + payloadLen];
        RtpPacket.writeFixedHeader(b, 0, false, 96, seq, seq * 3000L, ssrc);
        for (int i = 0; i < payloadLen; i++) {
            b[12 + i] = (byte) (seq + i);
        }
        return b;
    }

    private static boolean store(RetransmissionBuffer rb, long now, long ssrc, int seq) {
        byte[] b = packet(ssrc, seq, 20 + seq % 7);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        return rb.store(now, p);
    }

    private static void assertStored(RtpPacket out, long ssrc, int seq) {
        byte[] want = packet(ssrc, seq, 20 + seq % 7);
        assertEquals(want.length, out.length());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], out.buffer()[out.offset() + i], "byte " + i + " of seq " + seq);
        }
    }

    @Test
    void storesCopiesAndReturnsThemBySequenceNumber() {
        RetransmissionBuffer rb = new RetransmissionBuffer(Config.defaults());
        byte[] b = packet(SSRC, 500, 20 + 500 % 7);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(b, 0, b.length));
        assertTrue(rb.store(0, p));
        b[20] = 0x55; // the caller reuses its buffer: the stored copy must not change
        RtpPacket out = new RtpPacket();
        assertEquals(Lookup.FOUND, rb.get(MS, SSRC, 500, 0, out));
        assertStored(out, SSRC, 500);
        assertEquals(500, out.sequenceNumber());
        assertEquals(SSRC, out.ssrc());
        assertEquals(1, rb.hitCount());
        assertEquals(1, rb.storedCount());
    }

    @Test
    void evictsOldestBeyondCapacityAndAcrossTheWrap() {
        RetransmissionBuffer rb = new RetransmissionBuffer(new Config(1, 5, 10_000 * MS, 1500, 0, 0));
        assertEquals(8, rb.capacity(), "rounded up to a power of two");
        for (int i = 0; i < 20; i++) {
            assertTrue(store(rb, i * MS, SSRC, (65530 + i) & 0xFFFF));
        }
        // stored 65530..65535, 0..13; the ring keeps the last 8: 6..13
        RtpPacket out = new RtpPacket();
        for (int s = 6; s <= 13; s++) {
            assertEquals(Lookup.FOUND, rb.get(100 * MS, SSRC, s, 0, out), "seq " + s);
            assertStored(out, SSRC, s);
        }
        assertEquals(Lookup.TOO_OLD, rb.get(100 * MS, SSRC, 5, 0, out));
        assertEquals(Lookup.TOO_OLD, rb.get(100 * MS, SSRC, 65535, 0, out));
        assertEquals(Lookup.TOO_OLD, rb.get(100 * MS, SSRC, 65530, 0, out));
        assertEquals(Lookup.NOT_SENT, rb.get(100 * MS, SSRC, 14, 0, out), "not sent yet");
        assertEquals(8, rb.hitCount());
        assertEquals(3, rb.tooOldCount());
        assertEquals(1, rb.notSentCount());
        assertEquals(4, rb.missCount());
        // a packet older than the whole ring is not stored
        assertFalse(store(rb, 101 * MS, SSRC, 2));
        assertEquals(1, rb.rejectedCount());
    }

    @Test
    void ageLimitAndGapsInWhatWasSent() {
        RetransmissionBuffer rb = new RetransmissionBuffer(new Config(1, 64, 100 * MS, 1500, 0, 0));
        store(rb, 0, SSRC, 10);
        store(rb, 50 * MS, SSRC, 11);
        store(rb, 60 * MS, SSRC, 13); // 12 was never sent
        RtpPacket out = new RtpPacket();
        assertEquals(Lookup.FOUND, rb.get(100 * MS, SSRC, 10, 0, out), "exactly at the age limit");
        assertEquals(Lookup.TOO_OLD, rb.get(100 * MS + 1, SSRC, 10, 0, out), "one ns older");
        assertEquals(Lookup.FOUND, rb.get(120 * MS, SSRC, 11, 0, out));
        assertEquals(Lookup.NOT_SENT, rb.get(120 * MS, SSRC, 12, 0, out));
        assertEquals(Lookup.NOT_SENT, rb.get(120 * MS, SSRC, 9, 0, out), "before the first, still in the ring");
    }

    @Test
    void resendsAreSpacedByRttAndLimited() {
        RetransmissionBuffer rb = new RetransmissionBuffer(new Config(1, 64, 10_000 * MS, 1500, 10 * MS, 3));
        store(rb, 0, SSRC, 1);
        RtpPacket out = new RtpPacket();
        long rtt = 40 * MS;
        assertEquals(Lookup.FOUND, rb.get(100 * MS, SSRC, 1, rtt, out));
        assertEquals(Lookup.THROTTLED, rb.get(100 * MS + rtt - 1, SSRC, 1, rtt, out), "within one RTT");
        assertEquals(Lookup.FOUND, rb.get(100 * MS + rtt, SSRC, 1, rtt, out), "one RTT later");
        // RTT below the minimum interval: the minimum (10 ms) applies
        assertEquals(Lookup.THROTTLED, rb.get(100 * MS + rtt + 9 * MS, SSRC, 1, MS, out));
        assertEquals(Lookup.FOUND, rb.get(100 * MS + rtt + 10 * MS, SSRC, 1, MS, out));
        assertEquals(Lookup.RESEND_LIMIT, rb.get(500 * MS, SSRC, 1, 0, out), "3 resends done");
        assertEquals(3, rb.hitCount());
        assertEquals(2, rb.throttledCount());
        assertEquals(1, rb.resendLimitCount());
        // storing the same sequence number again (a new packet) resets its resend state
        store(rb, 600 * MS, SSRC, 1);
        assertEquals(Lookup.FOUND, rb.get(600 * MS, SSRC, 1, 0, out));
    }

    @Test
    void streamsAreSeparateAndBounded() {
        RetransmissionBuffer rb = new RetransmissionBuffer(new Config(2, 16, 10_000 * MS, 100, 0, 0));
        long a = 1;
        long b = 0xFFFFFFFFL;
        long c = 3;
        assertTrue(store(rb, 0, a, 7));
        assertTrue(store(rb, 0, b, 9));
        assertFalse(store(rb, 0, c, 7), "no third stream slot");
        RtpPacket out = new RtpPacket();
        assertEquals(Lookup.FOUND, rb.get(0, a, 7, 0, out));
        assertStored(out, a, 7);
        assertEquals(Lookup.NOT_SENT, rb.get(0, a, 9, 0, out));
        assertEquals(Lookup.FOUND, rb.get(0, b, 9, 0, out));
        assertStored(out, b, 9);
        assertEquals(Lookup.UNKNOWN_SSRC, rb.get(0, c, 7, 0, out));
        rb.removeStream(a);
        assertEquals(Lookup.UNKNOWN_SSRC, rb.get(0, a, 7, 0, out));
        assertTrue(store(rb, 0, c, 7), "slot freed");
        assertEquals(Lookup.FOUND, rb.get(0, c, 7, 0, out));
        assertStored(out, c, 7);
        // too large for the configured 100-byte slots
        byte[] big = packet(c, 8, 89);
        RtpPacket p = new RtpPacket();
        assertTrue(p.wrap(big, 0, big.length));
        assertFalse(rb.store(0, p));
        assertEquals(2, rb.rejectedCount());
        assertEquals(2, rb.unknownSsrcCount());
    }

    @Test
    void noAllocationPerPacketAfterWarmUp() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RetransmissionBuffer rb = new RetransmissionBuffer(new Config(2, 256, 10_000 * MS, 1500, 0, 0));
        byte[] b = packet(SSRC, 0, 1000);
        RtpPacket p = new RtpPacket();
        RtpPacket out = new RtpPacket();
        int found = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up (fills the slot arrays)
            if (round == 1) {
                before = mx.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < 100_000; i++) {
                int seq = i & 0xFFFF;
                b[2] = (byte) (seq >>> 8);
                b[3] = (byte) seq;
                p.wrap(b, 0, b.length);
                rb.store(i, p);
                if (rb.get(i, SSRC, (seq - 100) & 0xFFFF, 0, out) == Lookup.FOUND) {
                    found++;
                }
            }
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(found > 190_000, "lookups hit: " + found);
        // one 1,000-byte copy per packet would be ~100 MB; allow a little for the runtime itself
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for 100,000 packets");
    }
}
