package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet paths (unwrapping, RTX wrap/unwrap, NACK bookkeeping, receive statistics)
 * allocate nothing once warmed up, measured with the JDK's per-thread allocation counter.
 */
class HotPathAllocationTest {
    private static final long MS = 1_000_000L;

    @Test
    void perPacketPathsDoNotAllocate() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation counter not available");
        byte[] media = new byte[12 + 8 + 500];
        byte[] rtxBuf = new byte[600];
        byte[] restored = new byte[600];
        RtpPacket view = new RtpPacket();
        RtpPacket rtxView = new RtpPacket();
        Rtx rtx = new Rtx();
        rtx.mapPayloadType(97, 96);
        SequenceUnwrapper seqs = new SequenceUnwrapper();
        TimestampUnwrapper stamps = new TimestampUnwrapper();
        NackGenerator nack = new NackGenerator(NackGenerator.Config.defaults());
        ReceiveStatistics stats = new ReceiveStatistics(1, 90000);
        int[] out = new int[64];
        long checksum = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = mx.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < 100_000; i++) {
                int seq = (round * 100_000 + i) & 0xFFFF;
                long now = (round * 100_000L + i) * MS;
                RtpPacket.writeFixedHeader(media, 0, false, 96, seq, seq * 3000L, 1);
                media[0] = (byte) 0x90; // one-byte extension of one word
                media[12] = (byte) 0xBE;
                media[13] = (byte) 0xDE;
                media[15] = 1;
                view.wrap(media, 0, media.length);
                int n = Rtx.wrap(view, 2, 97, seq, rtxBuf, 0);
                rtxView.wrap(rtxBuf, 0, n);
                if (rtx.unwrap(rtxView, 1, restored, 0) == Rtx.Status.OK) {
                    checksum += rtx.unwrappedLength();
                }
                if (rtx.unwrapInPlace(rtxView, 1) == Rtx.Status.OK) {
                    checksum += rtxView.sequenceNumber();
                }
                checksum += seqs.unwrap(seq) + stamps.unwrap(seq * 3000L);
                if (i % 10 != 3) { // 10% loss
                    nack.onPacket(now, seq);
                    stats.onPacket(now, seq, seq * 3000L);
                }
                if (nack.pollTimeout() <= now) {
                    checksum += nack.poll(now, out);
                }
            }
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(checksum != 0);
        assertTrue(nack.requestCount() > 10_000, "NACK path exercised: " + nack.requestCount());
        assertEquals(400_000, rtx.restoredCount(), "2 rounds x 2 unwraps x 100,000");
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 100,000 packets");
    }
}
