package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The hot paths (find, iterate, typed get/set, remove, id rewrite) allocate nothing per packet. */
class HeaderExtensionsAllocationTest {
    @Test
    void hotPathsDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation not measurable on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported());
        byte[] buf = new byte[300];
        byte[] mid = {'v', '1'};
        byte[] midCopy = new byte[16];
        RtpPacket p = new RtpPacket();
        ExtensionCursor c = new ExtensionCursor();
        ExtensionRewrite swap = ExtensionRewrite.of(1, 2, 2, 1, 3, 3, 4, 4);
        ExtensionRewrite strip = ExtensionRewrite.of(1, 1, 3, 3);
        int len = ExtTestPackets.build(buf, 0, 0, ExtTestPackets.payload(100, 1), 0);
        long sink = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            for (int i = 0; i < 20_000; i++) {
                assertTrue(p.wrap(buf, 0, len));
                sink += SdesIdentifier.set(p, 1, mid, false);
                sink += TransportCc.set(p, 2, i, false);
                sink += AbsSendTime.set(p, 3, i, false);
                sink += AudioLevel.set(p, 4, true, i & 127, false);
                sink += TransportCc.get(p, 2) + AbsSendTime.get(p, 3) + AudioLevel.get(p, 4);
                sink += SdesIdentifier.matches(p, 1, mid) ? 1 : 0;
                sink += SdesIdentifier.copy(p, 1, midCopy, 0);
                if (c.reset(p)) {
                    while (c.next()) {
                        sink += c.id() + c.dataLength();
                    }
                }
                sink += HeaderExtensions.rewriteIds(p, swap, false);
                sink += HeaderExtensions.rewriteIds(p, strip, false);
                sink += HeaderExtensions.remove(p, 3);
                sink += HeaderExtensions.remove(p, 1);
                assertFalse(p.hasExtension());
            }
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(sink != 0);
        assertTrue(allocated < 4_096, "allocated " + allocated + " bytes over 20,000 packets");
    }
}
