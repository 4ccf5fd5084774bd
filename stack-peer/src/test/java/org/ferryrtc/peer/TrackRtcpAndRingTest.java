package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.rtcp.RtcpPacket;
import org.ferryrtc.rtcp.RtcpReader;
import org.ferryrtc.rtcp.SenderReport;
import org.ferryrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteTrack#onRtcp}: the remote sender's SR reaches the track's handler after SRTCP
 * unprotect; {@link LocalTrack#sendRtp}: copies into a pre-allocated ring (no per-packet
 * allocation on the calling thread), refuses (counted) when full, and the owner sends every
 * accepted packet.
 */
class TrackRtcpAndRingTest {

    @Test
    void theRemoteSendersReportReachesTheRemoteTracksRtcpHandler() throws Exception {
        LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
        try (Peers a = Peers.loopback(DtlsRole.CLIENT);
             Peers b = new Peers(Peers.loopback().answerDtlsRole(DtlsRole.SERVER).deliverPackets(true).build(), e -> {
                 if (e instanceof PeerEvent.RemoteTrackAdded t) {
                     t.track().onRtcp((track, buf, off, len) -> rtcp.add(java.util.Arrays.copyOfRange(buf, off, off + len)));
                 }
             })) {
            LocalTrack video = a.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            b.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            Peers.negotiate(a, b);
            b.awaitState(PeerConnectionState.CONNECTED, 15);
            byte[] p = new byte[200];
            SenderReport sr = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int seq = 0; sr == null && System.nanoTime() < end; seq++) {
                RtpPacket.writeFixedHeader(p, 0, seq % 30 == 0, 96, seq, 3000L * seq, 7);
                p[12] = 0x10; // VP8 payload descriptor, start of partition
                video.sendRtp(p, 0, p.length);
                byte[] c = rtcp.poll(20, TimeUnit.MILLISECONDS);
                if (c != null) {
                    RtcpReader r = new RtcpReader().reset(c, 0, c.length);
                    for (RtcpPacket x; (x = r.next()) != null; ) {
                        if (x instanceof SenderReport s && s.senderSsrc() == video.ssrc()) {
                            sr = s;
                        }
                    }
                }
            }
            assertTrue(sr != null, "an SR of the sender's SSRC reached onRtcp");
            assertTrue(sr.packetCount() > 0, "the SR counts the packets sent");
        }
    }

    @Test
    void sendRtpAllocatesNothingPerPacketAndTheOwnerSendsEveryAcceptedOne() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation not measurable on this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        try (Peers a = Peers.loopback(DtlsRole.CLIENT)) {
            LocalTrack t = a.pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            byte[] p = new byte[1200];
            RtpPacket.writeFixedHeader(p, 0, false, 96, 0, 0, 7);
            for (int i = 0; i < 20_000; i++) { // warm-up (JIT, first ring use); not negotiated: counted drops
                t.sendRtp(p, 0, p.length);
                if (i % 100 == 99) {
                    a.pc.stats(); // lets the owner keep up
                }
            }
            // fill the ring once while the owner is held: its slots are allocated on first use
            CountDownLatch warmHold = new CountDownLatch(1);
            CountDownLatch warmHeld = new CountDownLatch(1);
            a.pc.run(() -> {
                warmHeld.countDown();
                try {
                    warmHold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(warmHeld.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < LocalTrack.RING_SLOTS; i++) {
                assertTrue(t.sendRtp(p, 0, p.length));
            }
            warmHold.countDown();
            a.pc.stats(); // the owner drained the warm-up fill
            long base = a.pc.stats().counter("mediaNotReadyDropped") + t.ringDroppedCount();
            assertEquals(20_000 + LocalTrack.RING_SLOTS, base, "every packet was sent to the session or refused, counted");

            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            a.pc.run(() -> {
                held.countDown();
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(held.await(5, TimeUnit.SECONDS));
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            int accepted = 0;
            for (int i = 0; i < LocalTrack.RING_SLOTS; i++) {
                accepted += t.sendRtp(p, 0, p.length) ? 1 : 0;
            }
            boolean overflow = t.sendRtp(p, 0, p.length);
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            long droppedBefore = t.ringDroppedCount();
            hold.countDown();

            assertEquals(LocalTrack.RING_SLOTS, accepted);
            assertFalse(overflow, "a full ring refuses");
            // one wake-up task node for the whole batch; a copy per packet would be > 150,000 bytes
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes for " + (accepted + 1) + " packets");
            long sent = a.pc.stats().counter("mediaNotReadyDropped") + t.ringDroppedCount();
            assertEquals(base + LocalTrack.RING_SLOTS + 1, sent, "the owner took every accepted packet");
            assertEquals(droppedBefore, t.ringDroppedCount());
        }
    }

    @Test
    void aCompoundMentionsATrackWhenAPacketsSenderSsrcIsIts() {
        byte[] c = new byte[8 + 8 + 12];
        // RR (PT 201) from 0x11, then SDES (PT 202) whose first chunk is 0x22, then a lying length
        c[0] = (byte) 0x80; c[1] = (byte) 201; c[3] = 1; c[7] = 0x11;
        c[8] = (byte) 0x81; c[9] = (byte) 202; c[11] = 1; c[15] = 0x22;
        c[16] = (byte) 0x80; c[17] = (byte) 200; c[18] = (byte) 0xFF; c[19] = (byte) 0xFF; c[23] = 0x33;
        assertTrue(MediaHub.mentions(c, 0, c.length, 0x11));
        assertTrue(MediaHub.mentions(c, 0, c.length, 0x22));
        assertTrue(MediaHub.mentions(c, 0, c.length, 0x33));
        assertFalse(MediaHub.mentions(c, 0, c.length, 0x44));
        assertFalse(MediaHub.mentions(c, 0, 7, 0x11), "shorter than a header and an SSRC");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 100_000; i++) { // random bytes and lengths: never out of bounds
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            MediaHub.mentions(b, off, b.length - off, r.nextInt(4));
        }
    }
}
