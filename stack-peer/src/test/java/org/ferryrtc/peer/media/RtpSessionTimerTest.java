package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.ferryrtc.rtcp.GenericNack;
import org.ferryrtc.rtcp.ReceiverReport;
import org.ferryrtc.rtcp.RtcpPacket;
import org.ferryrtc.rtcp.RtcpReader;
import org.ferryrtc.rtcp.SourceDescription;
import org.ferryrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/** pollTimeout/handleTimeout behaviour: RTCP interval randomisation (RFC 3550 §6.3.1), NACK timing. */
class RtpSessionTimerTest {
    static final long MS = 1_000_000L;
    static final long START = 123_456 * MS;

    @Test
    void idleSessionReportsAtRandomisedIntervalsAndNothingElse() {
        RtpSession b = new RtpSession(Fixtures.receiver(1, false, true).build(), START);
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        long first = b.pollTimeout();
        assertTrue(first >= START + 250 * MS && first <= START + 750 * MS, "first report " + (first - START));
        b.handleTimeout(first - 1);
        assertEquals(-1, b.pollTransmit(out, 0), "nothing before the deadline");
        assertEquals(first, b.pollTimeout());
        long now = first;
        Set<Long> intervals = new HashSet<>();
        long sum = 0;
        RtcpReader reader = new RtcpReader();
        for (int i = 0; i < 50; i++) {
            b.handleTimeout(now);
            int n = b.pollTransmit(out, 0);
            assertTrue(n > 0);
            assertTrue(b.lastTransmitWasRtcp());
            assertEquals(-1, b.pollTransmit(out, 0), "one compound per interval");
            reader.reset(out, 0, n);
            RtcpPacket p1 = reader.next();
            RtcpPacket p2 = reader.next();
            assertTrue(p1 instanceof ReceiverReport rr && rr.senderSsrc() == Fixtures.B_SSRC, "RR first: " + p1);
            assertTrue(p2 instanceof SourceDescription sd && "bob".equals(sd.cname()), "then SDES CNAME");
            long next = b.pollTimeout();
            long interval = next - now;
            assertTrue(interval >= 500 * MS && interval <= 1500 * MS, "interval " + interval);
            intervals.add(interval);
            sum += interval;
            now = next;
        }
        assertTrue(intervals.size() > 40, "randomised");
        long mean = sum / 50;
        assertTrue(mean > 850 * MS && mean < 1150 * MS, "mean " + mean);
    }

    @Test
    void aGapMakesANackDueAtOnceAndTheDeadlineMovesOnAfterIt() {
        RtpSession b = new RtpSession(Fixtures.receiver(1, false, true).build(), START);
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        byte[] pkt = new byte[100];
        long now = START + 10 * MS;
        for (int seq : new int[] {100, 101, 102, 105}) {
            RtpPacket.writeFixedHeader(pkt, 0, false, Fixtures.OPUS, seq, seq * 960L, Fixtures.AUDIO_SSRC);
            b.handleRtp(now, pkt, 0, pkt.length);
            now += 20 * MS;
        }
        now -= 20 * MS;
        assertTrue(b.pollTimeout() <= now, "NACK due at once");
        b.handleTimeout(now);
        assertTrue(b.pollTimeout() > now);
        RtcpReader reader = new RtcpReader();
        GenericNack nack = null;
        for (int n; (n = b.pollTransmit(out, 0)) >= 0; ) {
            reader.reset(out, 0, n);
            for (RtcpPacket p; (p = reader.next()) != null; ) {
                if (p instanceof GenericNack g) {
                    assertEquals(Fixtures.AUDIO_SSRC, g.mediaSsrc());
                    int[] lost = new int[8];
                    int k = g.copyLost(lost, 0);
                    assertEquals(2, k);
                    assertEquals(103, lost[0]);
                    assertEquals(104, lost[1]);
                    nack = g;
                }
            }
        }
        assertTrue(nack != null, "a NACK was sent");
        // retried no earlier than the 100 ms default RTT later, and the hole is skipped after the reorder wait
        long t = b.pollTimeout();
        assertTrue(t >= now + 20 * MS && t <= now + 500 * MS, "next " + (t - now));
    }

    @Test
    void deadlineIsNeverInThePastAfterHandleTimeout() {
        Pair p = RtpSessionLinkTest.lossyPair(31, true);
        // Pair asserts pollTimeout() > now after every handleTimeout(now)
        RtpSessionLinkTest.stream(p, new java.util.Random(31), 60, 100, new java.util.ArrayList<>(),
                new java.util.ArrayList<>());
        assertTrue(p.a.pollTimeout() > p.now && p.b.pollTimeout() > p.now);
    }
}
