package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ferryrtc.rtcp.RtcpCompoundBuilder;
import org.ferryrtc.rtp.HeaderExtensions;
import org.ferryrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/** Routing by SSRC and by mid (RFC 8843 §9.2), app-provided RTP, BYE/REMB, API misuse. */
class RtpSessionRoutingTest {
    static final long MS = 1_000_000L;
    static final long START = RtpSessionLinkTest.START;

    private static Pair pair(RtpSessionConfig.Builder receiver, double loss) {
        RtpSession a = new RtpSession(Fixtures.sender(3, false).build(), START);
        RtpSession b = new RtpSession(receiver.build(), START);
        Link ab = new Link(5, 15 * MS);
        ab.loss = loss;
        ab.lossFreeUntil = START + 100 * MS;
        return new Pair(a, b, ab, new Link(6, 15 * MS), START);
    }

    @Test
    void unannouncedSsrcIsAcceptedByItsMidAndRtxFollowsIt() {
        Pair p = pair(Fixtures.receiver(3, false, false), 0.05);
        List<byte[]> video = new ArrayList<>();
        List<byte[]> audio = new ArrayList<>();
        RtpSessionLinkTest.stream(p, new Random(3), 90, 150, video, audio);
        List<MediaEvent.RemoteStreamStarted> started = p.eventsOf(p.eventsB, MediaEvent.RemoteStreamStarted.class);
        assertEquals(2, started.size());
        for (MediaEvent.RemoteStreamStarted s : started) {
            assertTrue(s.byMid());
            if (s.ssrc() == Fixtures.VIDEO_SSRC) {
                assertEquals("0", s.mid());
                assertEquals(RtpSessionConfig.Kind.VIDEO, s.kind());
            } else {
                assertEquals(Fixtures.AUDIO_SSRC, s.ssrc());
                assertEquals("1", s.mid());
                assertEquals(RtpSessionConfig.Kind.AUDIO, s.kind());
            }
        }
        assertEquals(90, p.framesB.get(Fixtures.VIDEO_SSRC).size());
        for (int i = 0; i < video.size(); i++) {
            assertArrayEquals(video.get(i), p.framesB.get(Fixtures.VIDEO_SSRC).get(i));
        }
        assertEquals(150, p.framesB.get(Fixtures.AUDIO_SSRC).size());
        assertTrue(RtpSessionLinkTest.stats(p.b, false, Fixtures.VIDEO_SSRC).retransmissions() > 0,
                "RTX SSRC bound to the stream of its mid");
        assertEquals(0, p.b.unknownSsrcCount());
    }

    @Test
    void unannouncedSsrcIsDroppedWhenMidRoutingIsOff() {
        Pair p = pair(Fixtures.receiver(3, false, false).acceptUnannouncedByMid(false), 0);
        RtpSessionLinkTest.stream(p, new Random(3), 5, 5, new ArrayList<>(), new ArrayList<>());
        assertTrue(p.b.unknownSsrcCount() >= 10);
        assertTrue(p.eventsOf(p.eventsB, MediaEvent.RemoteStreamStarted.class).isEmpty());
        assertTrue(p.framesB.isEmpty());
    }

    @Test
    void unannouncedSsrcWithAnUnknownMidIsDropped() {
        RtpSessionConfig.Builder rb = RtpSessionConfig.builder()
                .receiveCodec(new RtpSessionConfig.ReceiveCodec(Fixtures.VP8, "VP8", 90_000, RtpSessionConfig.Kind.VIDEO,
                        Fixtures.VP8_RTX, true))
                .receiveMid("video-other").receiveExtensions(Fixtures.extensions(false));
        Pair p = pair(rb, 0);
        RtpSessionLinkTest.stream(p, new Random(3), 5, 0, new ArrayList<>(), new ArrayList<>());
        assertTrue(p.b.unknownSsrcCount() >= 5);
        assertTrue(p.framesB.isEmpty());
    }

    @Test
    void unknownPayloadTypeOnAKnownSsrcIsCounted() {
        RtpSession b = new RtpSession(Fixtures.receiver(3, false, true).build(), START);
        byte[] pkt = new byte[40];
        RtpPacket.writeFixedHeader(pkt, 0, true, 100, 1, 0, Fixtures.VIDEO_SSRC);
        b.handleRtp(START, pkt, 0, pkt.length);
        assertEquals(0, b.unknownSsrcCount());
        assertEquals(1, b.unknownPayloadTypeCount());
        RtpPacket.writeFixedHeader(pkt, 0, true, Fixtures.VP8, 1, 0, Fixtures.VIDEO_SSRC);
        b.handleRtp(START, pkt, 0, pkt.length);
        RtpPacket.writeFixedHeader(pkt, 0, true, 100, 2, 0, Fixtures.VIDEO_SSRC);
        b.handleRtp(START, pkt, 0, pkt.length);
        assertEquals(2, b.unknownPayloadTypeCount());
        assertEquals(1, b.stats().size());
    }

    @Test
    void appRtpIsRewrittenOntoTheTrack() {
        Pair p = pair(Fixtures.receiver(4, false, true).deliverPackets(true), 0);
        byte[] app = new byte[200];
        RtpPacket v = new RtpPacket();
        Random r = new Random(4);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = RtpPacket.writeFixedHeader(app, 0, i % 2 == 1, 100, 5000 + 7 * i, 123_000 + 960L * i, 0xDEADBEEFL);
            app[0] |= 1; // one CSRC
            n += 4;
            int len = n + 60;
            assertTrue(v.wrap(app, 0, len));
            HeaderExtensions.set(v, 9, new byte[] {1, 2, 3}, false); // an id the peer never negotiated
            len = v.length();
            byte[] payload = new byte[60];
            r.nextBytes(payload);
            payload[0] = 0x10; // a valid Opus-sized payload; content does not matter for packets
            System.arraycopy(payload, 0, app, v.payloadOffset(), 60);
            payloads.add(payload);
            assertTrue(p.a.sendRtp(p.now, "audio", app, 0, len));
            p.advanceTo(p.now + 20 * MS);
        }
        assertFalse(p.a.sendRtp(p.now, "audio", new byte[5], 0, 5), "malformed app packet refused");
        assertEquals(1, p.a.malformedRtpCount());
        p.advanceTo(p.now + 100 * MS);
        List<byte[]> got = p.packetsB.get(Fixtures.AUDIO_SSRC);
        assertEquals(20, got.size());
        int seq0 = -1;
        for (int i = 0; i < 20; i++) {
            byte[] g = got.get(i);
            assertTrue(v.wrap(g, 0, g.length));
            assertEquals(Fixtures.AUDIO_SSRC, v.ssrc());
            assertEquals(Fixtures.OPUS, v.payloadType());
            assertEquals(0, v.csrcCount());
            assertEquals(123_000 + 960L * i, v.timestamp());
            assertEquals(i % 2 == 1, v.marker());
            assertEquals(-1, HeaderExtensions.find(v, 9), "foreign extension not forwarded");
            if (seq0 < 0) {
                seq0 = v.sequenceNumber();
            }
            assertEquals((seq0 + i) & 0xFFFF, v.sequenceNumber(), "continuous sequence numbers");
            assertArrayEquals(payloads.get(i), java.util.Arrays.copyOfRange(g, v.payloadOffset(), g.length));
        }
    }

    @Test
    void byeEndsTheStreamAndRembIsReported() {
        Pair p = pair(Fixtures.receiver(5, false, true), 0);
        RtpSessionLinkTest.stream(p, new Random(5), 3, 3, new ArrayList<>(), new ArrayList<>());
        byte[] buf = new byte[200];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(buf, 0, buf.length);
        cb.addReceiverReport(Fixtures.VIDEO_SSRC);
        cb.addBye(new long[] {Fixtures.VIDEO_SSRC}, "bye");
        p.b.handleRtcp(p.now, buf, 0, cb.length());
        p.events();
        List<MediaEvent.RemoteStreamEnded> ended = p.eventsOf(p.eventsB, MediaEvent.RemoteStreamEnded.class);
        assertEquals(1, ended.size());
        assertEquals(Fixtures.VIDEO_SSRC, ended.get(0).ssrc());
        assertEquals("0", ended.get(0).mid());
        assertEquals(1, p.b.stats().size(), "only the audio stream is left");

        cb.reset();
        cb.addFir(Fixtures.B_SSRC, new long[] {Fixtures.VIDEO_SSRC, 77}, new int[] {1, 1});
        p.a.handleRtcp(p.now, buf, 0, cb.length());
        p.events();
        List<MediaEvent.KeyframeRequested> fir = p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class);
        assertTrue(fir.get(fir.size() - 1).fir() && "video".equals(fir.get(fir.size() - 1).trackId()));

        cb.reset();
        cb.addRemb(Fixtures.B_SSRC, 1_500_000, Fixtures.VIDEO_SSRC);
        p.a.handleRtcp(p.now, buf, 0, cb.length());
        p.events();
        List<MediaEvent.Remb> remb = p.eventsOf(p.eventsA, MediaEvent.Remb.class);
        assertEquals(1, remb.size());
        assertTrue(Math.abs(remb.get(0).bitrate() - 1_500_000) < 1_500_000 / 100);
        assertArrayEquals(new long[] {Fixtures.VIDEO_SSRC}, remb.get(0).ssrcs());
    }

    @Test
    void requestKeyframeSendsAPliToTheSender() {
        Pair p = pair(Fixtures.receiver(6, false, true), 0);
        RtpSessionLinkTest.stream(p, new Random(6), 3, 0, new ArrayList<>(), new ArrayList<>());
        int before = p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class).size();
        assertTrue(p.b.requestKeyframe(p.now, Fixtures.VIDEO_SSRC));
        assertFalse(p.b.requestKeyframe(p.now, 42));
        p.advanceTo(p.now + 50 * MS);
        assertEquals(before + 1, p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class).size());
    }

    @Test
    void apiMisuseThrows() {
        RtpSession a = new RtpSession(Fixtures.sender(1, false).build(), START);
        assertThrows(IllegalArgumentException.class, () -> a.sendFrame(START, "nope", new byte[10], 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> a.handleRtp(START, new byte[10], 5, 10));
        assertThrows(IllegalArgumentException.class, () -> a.handleRtcp(START, null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RtpSessionConfig.SendTrack("t",
                RtpSessionConfig.Kind.AUDIO, "0", "opus", 128, 48_000, 1, -1, -1, "c"));
        assertNull(a.pollEvent());
        assertEquals(-1, a.pollTransmit(new byte[2000], 0));
    }
}
