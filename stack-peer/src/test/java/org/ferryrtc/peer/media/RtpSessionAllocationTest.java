package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.TransportCc;
import org.junit.jupiter.api.Test;

/**
 * The per-packet paths allocate (next to) nothing once warmed up: the receive path of a
 * 1,200-byte VP8 packet through to a polled Frame event, and the send path of sendRtp through
 * pollTransmit. Measured with the JDK's per-thread allocation counter (HotSpot), so it asserts
 * a generous bound, not an exact zero; the JMH benchmark in benchmarks/ gives precise B/op.
 */
class RtpSessionAllocationTest {
    static final long MS = 1_000_000L;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Ten ~1,200-byte packets of one VP8 frame, written by a sending session. */
    static List<byte[]> vp8Template() {
        RtpSession a = new RtpSession(Fixtures.sender(1, true).build(), 0);
        byte[] frame = new byte[10 * 1130];
        frame[0] = 0; // keyframe
        a.sendFrame(0, "video", frame, 0, frame.length, 0);
        List<byte[]> packets = new ArrayList<>();
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        for (int n; (n = a.pollTransmit(out, 0)) >= 0; ) {
            if (!a.lastTransmitWasRtcp()) {
                packets.add(java.util.Arrays.copyOf(out, n));
            }
        }
        return packets;
    }

    @Test
    void receivePathDoesNotAllocatePerPacket() {
        // without transport-cc: nothing per packet but the occasional RTCP report and NACK bookkeeping
        assertTrue(receive(false) < 8);
    }

    @Test
    void receivePathWithTransportCcAllocatesOnlyForTheFeedback() {
        // the TWCC feedback (every 100 ms) is built through TwccFeedback.of(List<TwccPacket>),
        // which costs one small record per reported packet
        assertTrue(receive(true) < 128);
    }

    private long receive(boolean twcc) {
        List<byte[]> tpl = vp8Template();
        assertEquals(10, tpl.size());
        assertTrue(tpl.get(0).length > 1150 && tpl.get(0).length <= 1200, "size " + tpl.get(0).length);
        RtpSession b = new RtpSession(Fixtures.receiver(1, twcc, true).build(), 0);
        RtpPacket v = new RtpPacket();
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        long now = 0;
        int frames = 0;
        long before = 0;
        int measured = 10_000;
        int warm = 20_000;
        for (int i = 0; i < warm + measured; i++) {
            if (i == warm) {
                frames = 0;
                before = allocated();
            }
            byte[] p = tpl.get(i % 10);
            v.wrap(p, 0, p.length);
            v.setSequenceNumber(i & 0xFFFF);
            v.setTimestamp((i / 10) * 3000L);
            TransportCc.set(v, Fixtures.TWCC_ID, i & 0xFFFF, false);
            now += MS / 10;
            b.handleRtp(now, p, 0, p.length);
            for (MediaEvent e; (e = b.pollEvent()) != null; ) {
                if (e instanceof MediaEvent.Frame) {
                    frames++;
                }
            }
            if (b.pollTimeout() <= now) {
                b.handleTimeout(now);
            }
            while (b.pollTransmit(out, 0) >= 0) {
                // drained
            }
        }
        long perPacket = (allocated() - before) / measured;
        assertEquals(measured / 10, frames);
        System.out.println("receive path, transport-cc " + twcc + ": " + perPacket + " B/packet");
        return perPacket;
    }

    @Test
    void sendPathDoesNotAllocatePerPacket() {
        RtpSession a = new RtpSession(Fixtures.sender(1, true).build(), 0);
        byte[] app = new byte[1200];
        RtpPacket.writeFixedHeader(app, 0, true, 96, 0, 0, 0xABCDEFL);
        RtpPacket v = new RtpPacket();
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        long now = 0;
        long before = 0;
        int measured = 10_000;
        int warm = 20_000;
        for (int i = 0; i < warm + measured; i++) {
            if (i == warm) {
                before = allocated();
            }
            v.wrap(app, 0, app.length);
            v.setTimestamp(i * 3000L);
            now += MS / 10;
            a.sendRtp(now, "video", app, 0, app.length);
            if (a.pollTimeout() <= now) {
                a.handleTimeout(now);
            }
            while (a.pollTransmit(out, 0) >= 0) {
                // drained
            }
        }
        long perPacket = (allocated() - before) / measured;
        System.out.println("send path: " + perPacket + " B/packet");
        assertTrue(perPacket < 8, "bytes per sent packet: " + perPacket);
        assertEquals(warm + measured, RtpSessionLinkTest.stats(a, true, Fixtures.VIDEO_SSRC).packets());
    }
}
