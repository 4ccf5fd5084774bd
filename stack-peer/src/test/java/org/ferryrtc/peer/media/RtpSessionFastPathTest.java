package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ferryrtc.rtp.AbsSendTime;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.SdesIdentifier;
import org.ferryrtc.rtp.TransportCc;
import org.junit.jupiter.api.Test;

/**
 * The forwarding hot path's shortcuts: an in-order packet goes straight from the caller's buffer
 * into its Packet event (no copy into the reorder ring), and {@link RtpSession#pollTransmit()}
 * hands out the queued packet in the session's own slot (no copy) with room for the SRTP tag.
 */
class RtpSessionFastPathTest {
    private static final long MS = 1_000_000L;
    private static final int OFF = 37; // packets handed in at an offset inside a larger buffer

    private static byte[] packet(Random r, int seq, int payload) {
        byte[] b = new byte[OFF + 12 + payload + 5];
        r.nextBytes(b);
        RtpPacket.writeFixedHeader(b, OFF, seq % 4 == 3, Fixtures.VP8, seq, 3000L * (seq / 4), Fixtures.VIDEO_SSRC);
        return b;
    }

    /** Feeds packets in the given order; returns the delivered packets (copies) in delivery order. */
    private static List<byte[]> feed(RtpSession s, byte[][] pkts, int[] order, int payload) {
        List<byte[]> got = new ArrayList<>();
        long now = 0;
        for (int i : order) {
            byte[] in = pkts[i];
            byte[] before = in.clone();
            now += 10 * MS;
            s.handleRtp(now, in, OFF, 12 + payload);
            assertArrayEquals(before, in, "input buffer not modified");
            for (MediaEvent e; (e = s.pollEvent()) != null; ) {
                if (e instanceof MediaEvent.Packet p) {
                    assertEquals(12, p.payloadOffset(), "payload offset relative to the event's buffer");
                    got.add(Arrays.copyOf(p.buffer(), p.length()));
                }
            }
        }
        return got;
    }

    @Test
    void inOrderAndReorderedPacketsAreDeliveredWithTheirOwnBytes() {
        Random r = new Random(11);
        int payload = 300;
        byte[][] pkts = new byte[12][];
        for (int i = 0; i < pkts.length; i++) {
            pkts[i] = packet(r, 1000 + i, payload);
        }
        // in order (fast path), a swap (buffered path: 3 waits for 2), then in order again
        int[] order = {0, 1, 3, 2, 4, 5, 7, 6, 8, 9, 10, 11};
        RtpSession s = new RtpSession(Fixtures.receiver(3, false, true).deliverPackets(true).build(), 0);
        List<byte[]> got = feed(s, pkts, order, payload);
        assertEquals(pkts.length, got.size());
        for (int i = 0; i < pkts.length; i++) {
            assertArrayEquals(Arrays.copyOfRange(pkts[i], OFF, OFF + 12 + payload), got.get(i), "packet " + i + " in sequence order");
        }
    }

    @Test
    void aDuplicateOfADeliveredPacketIsNotDeliveredTwice() {
        Random r = new Random(12);
        byte[][] pkts = {packet(r, 7, 100), packet(r, 8, 100), packet(r, 9, 100)};
        RtpSession s = new RtpSession(Fixtures.receiver(3, false, true).deliverPackets(true).build(), 0);
        List<byte[]> got = feed(s, pkts, new int[] {0, 1, 1, 0, 2}, 100);
        assertEquals(3, got.size());
        assertEquals(5, s.stats().get(0).packets(), "the duplicates were counted as received, not delivered");
    }

    @Test
    void inPlacePollTransmitYieldsTheSameBytesAsTheCopyingPoll() {
        RtpSession copying = new RtpSession(Fixtures.sender(5, true).build(), 0);
        RtpSession inPlace = new RtpSession(Fixtures.sender(5, true).build(), 0);
        Random r = new Random(13);
        byte[] app = new byte[1200];
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        int packets = 0;
        for (int i = 0; i < 50; i++) {
            r.nextBytes(app);
            RtpPacket.writeFixedHeader(app, 0, false, 100, i, 90L * i, 0xABCDL);
            long now = i * 30 * MS;
            assertTrue(copying.sendRtp(now, "video", app, 0, app.length));
            assertTrue(inPlace.sendRtp(now, "video", app, 0, app.length));
            if (copying.pollTimeout() <= now) {
                copying.handleTimeout(now);
                inPlace.handleTimeout(now);
            }
            for (int n; (n = copying.pollTransmit(out, 0)) >= 0; ) {
                int m = inPlace.pollTransmit();
                assertEquals(n, m);
                byte[] b = inPlace.transmitBuffer();
                assertTrue(b.length >= m + RtpSession.TAIL_ROOM, "room for the SRTP tag after the packet");
                assertArrayEquals(Arrays.copyOf(out, n), Arrays.copyOf(b, m));
                assertEquals(copying.lastTransmitWasRtcp(), inPlace.lastTransmitWasRtcp());
                packets++;
            }
            assertEquals(-1, inPlace.pollTransmit(), "both queues drained together");
        }
        assertTrue(packets >= 50, "every RTP packet (and the RTCP) compared: " + packets);
    }

    @Test
    void anInOrderPacketAtOffsetZeroIsDeliveredWithoutACopyAndABufferedOneFromTheRing() {
        Random r = new Random(14);
        int payload = 200;
        RtpSession s = new RtpSession(Fixtures.receiver(3, false, true).deliverPackets(true).build(), 0);
        byte[][] pkts = new byte[6][];
        for (int i = 0; i < pkts.length; i++) {
            pkts[i] = Arrays.copyOfRange(packet(r, 500 + i, payload), OFF, OFF + 12 + payload);
        }
        long now = 0;
        int[] order = {0, 1, 3, 2, 4, 5}; // 3 waits in the ring for 2
        int delivered = 0;
        for (int i : order) {
            now += 10 * MS;
            s.handleRtp(now, pkts[i], 0, pkts[i].length);
            for (MediaEvent e; (e = s.pollEvent()) != null; ) {
                if (e instanceof MediaEvent.Packet p) {
                    assertArrayEquals(pkts[delivered], Arrays.copyOf(p.buffer(), p.length()), "packet " + delivered);
                    if (delivered == 2 || delivered == 3) {
                        // 3 waited in the ring, and 2 goes through it to fill the hole in front of 3
                        assertNotSame(pkts[delivered], p.buffer(), "packet " + delivered + " from the reorder ring");
                    } else {
                        assertSame(pkts[delivered], p.buffer(), "in order at offset 0: the caller's buffer, no copy");
                    }
                    delivered++;
                }
            }
        }
        assertEquals(pkts.length, delivered);
    }

    @Test
    void templatedHeadersEqualTheHeadersTheExtensionEditsWrite() {
        RtpSession s = new RtpSession(Fixtures.sender(6, true).build(), 0);
        Random r = new Random(15);
        byte[] app = new byte[700];
        byte[] want = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        RtpPacket v = new RtpPacket();
        int compared = 0;
        int twcc = -1;
        int seq = -1;
        for (int i = 0; i < 40; i++) {
            r.nextBytes(app);
            boolean marker = i % 3 == 0;
            long ts = 0xFFFF_0000L + 977L * i; // wraps past 2^32 - 1
            RtpPacket.writeFixedHeader(app, 0, marker, 100, i, ts & 0xFFFF_FFFFL, 0xABCDL);
            long now = 1_000_000_000L * 63 + i * 7 * MS; // abs-send-time wraps at 64 s
            assertTrue(s.sendRtp(now, "video", app, 0, app.length));
            for (int n; (n = s.pollTransmit()) >= 0; ) {
                if (s.lastTransmitWasRtcp()) {
                    continue;
                }
                byte[] got = Arrays.copyOf(s.transmitBuffer(), n);
                assertTrue(v.wrap(got, 0, n));
                if (twcc < 0) {
                    twcc = TransportCc.get(v, Fixtures.TWCC_ID);
                    seq = v.sequenceNumber();
                }
                // the same header the way SendStream wrote it before the template
                RtpPacket.writeFixedHeader(want, 0, marker, Fixtures.VP8, (seq + i) & 0xFFFF, ts & 0xFFFF_FFFFL, Fixtures.VIDEO_SSRC);
                RtpPacket w = new RtpPacket();
                w.wrap(want, 0, RtpPacket.FIXED_HEADER);
                SdesIdentifier.set(w, Fixtures.MID_ID, "0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
                AbsSendTime.set(w, Fixtures.ABS_ID, AbsSendTime.fromNanos(now), false);
                TransportCc.set(w, Fixtures.TWCC_ID, (twcc + i) & 0xFFFF, false);
                int h = w.length();
                System.arraycopy(app, 12, want, h, app.length - 12);
                assertArrayEquals(Arrays.copyOf(want, h + app.length - 12), got, "packet " + i);
                compared++;
            }
        }
        assertEquals(40, compared);
    }
}
