package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ferryrtc.rtcp.Rtcp;
import org.ferryrtc.rtcp.TwccFeedback;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.TransportCc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Two sessions back to back over a seeded lossy link, in virtual time. */
class RtpSessionLinkTest {
    static final long MS = 1_000_000L;
    static final long START = 5_000 * MS;

    /** Sends {@code videoFrames} VP8 frames at 30 fps and {@code audioFrames} Opus frames at 50/s, then runs 3 s more. */
    static void stream(Pair p, Random r, int videoFrames, int audioFrames, List<byte[]> video, List<byte[]> audio) {
        int vi = 0;
        int ai = 0;
        while (vi < videoFrames || ai < audioFrames) {
            long tv = vi < videoFrames ? START + vi * 100 * MS / 3 : Long.MAX_VALUE;
            long ta = ai < audioFrames ? START + ai * 20 * MS : Long.MAX_VALUE;
            long t = Math.min(tv, ta);
            p.advanceTo(t);
            if (t == tv) {
                byte[] f = Fixtures.vp8Frame(r, vi, vi % 100 == 0);
                video.add(f);
                assertTrue(p.a.sendFrame(t, "video", f, 0, f.length, vi * 3000L) > 0);
                vi++;
            } else {
                byte[] f = Fixtures.opusFrame(r, ai);
                audio.add(f);
                assertEquals(1, p.a.sendFrame(t, "audio", f, 0, f.length, ai * 960L));
                ai++;
            }
        }
        p.advanceTo(p.now + 3_000 * MS);
    }

    static Pair lossyPair(long seed, boolean twcc) {
        RtpSession a = new RtpSession(Fixtures.sender(seed, twcc).build(), START);
        RtpSession b = new RtpSession(Fixtures.receiver(seed, twcc, true).build(), START);
        Link ab = new Link(seed * 31 + 1, 20 * MS);
        Link ba = new Link(seed * 31 + 2, 20 * MS);
        for (Link l : new Link[] {ab, ba}) {
            l.loss = 0.05;
            l.duplicate = 0.02;
            l.reorder = 0.05;
            l.lossFreeUntil = START + 100 * MS;
        }
        return new Pair(a, b, ab, ba, START);
    }

    static RtpSession.StreamStats stats(RtpSession s, boolean outbound, long ssrc) {
        for (RtpSession.StreamStats st : s.stats()) {
            if (st.outbound() == outbound && st.ssrc() == ssrc) {
                return st;
            }
        }
        throw new AssertionError("no stats for " + ssrc);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void videoAndAudioArriveCompleteAndInOrderOverALossyLink(long seed) {
        Pair p = lossyPair(seed, true);
        p.onDeliver = (toB, f) -> assertEquals(f.rtcp(), Rtcp.isRtcp(f.data(), 0, f.data().length));
        List<byte[]> video = new ArrayList<>();
        List<byte[]> audio = new ArrayList<>();
        stream(p, new Random(seed), 300, 1000, video, audio);

        List<byte[]> gotVideo = p.framesB.get(Fixtures.VIDEO_SSRC);
        List<byte[]> gotAudio = p.framesB.get(Fixtures.AUDIO_SSRC);
        assertNotNull(gotVideo);
        assertNotNull(gotAudio);
        assertEquals(300, gotVideo.size());
        assertEquals(1000, gotAudio.size());
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(video.get(i), gotVideo.get(i), "video frame " + i);
        }
        for (int i = 0; i < 1000; i++) {
            assertArrayEquals(audio.get(i), gotAudio.get(i), "audio frame " + i);
        }
        assertTrue(p.ab.lost > 20, "the link lost packets: " + p.ab.lost);

        RtpSession.StreamStats sendVideo = stats(p.a, true, Fixtures.VIDEO_SSRC);
        RtpSession.StreamStats recvVideo = stats(p.b, false, Fixtures.VIDEO_SSRC);
        RtpSession.StreamStats sendAudio = stats(p.a, true, Fixtures.AUDIO_SSRC);
        RtpSession.StreamStats recvAudio = stats(p.b, false, Fixtures.AUDIO_SSRC);
        // RTT from SR/RR: 2 x 20 ms, plus up to 2 x 15 ms when a report was reordered
        assertTrue(sendVideo.rttNanos() >= 39 * MS && sendVideo.rttNanos() <= 71 * MS, "rtt " + sendVideo.rttNanos());
        assertTrue(sendAudio.rttNanos() >= 39 * MS && sendAudio.rttNanos() <= 71 * MS, "rtt " + sendAudio.rttNanos());
        assertTrue(recvVideo.nacks() > 0 && sendVideo.nacks() > 0);
        assertTrue(sendVideo.retransmissions() > 0 && recvVideo.retransmissions() > 0);
        assertTrue(sendAudio.retransmissions() > 0, "audio repaired by plain retransmission");
        assertEquals(300, sendVideo.frames());
        assertEquals(300, recvVideo.frames());
        assertEquals(3, recvVideo.keyframes());
        assertEquals(3, sendVideo.keyframes());
        assertEquals(sendVideo.packets(), recvVideo.packets() + recvVideo.lost(), 2.0,
                "received + lost = sent (less the RFC 3550 A.1 probation packet)");
        assertTrue(recvAudio.jitterSeconds() > 0 && recvAudio.jitterSeconds() < 0.02, "jitter " + recvAudio.jitterSeconds());
        assertEquals(0, p.a.malformedRtpCount() + p.b.malformedRtpCount() + p.a.malformedRtcpCount()
                + p.b.malformedRtcpCount() + p.b.unknownSsrcCount() + p.a.transmitDroppedCount());
    }

    @Test
    void pliOnStreamStartReachesTheSenderAsKeyframeRequested() {
        RtpSession a = new RtpSession(Fixtures.sender(7, false).build(), START);
        RtpSession b = new RtpSession(Fixtures.receiver(7, false, true).build(), START);
        Pair p = new Pair(a, b, new Link(1, 20 * MS), new Link(2, 20 * MS), START);
        Random r = new Random(7);
        byte[] f = Fixtures.vp8Frame(r, 0, false); // a delta frame: the keyframe was "missed"
        a.sendFrame(START, "video", f, 0, f.length, 0);
        p.advanceTo(START + 60 * MS);
        List<MediaEvent.KeyframeRequested> req = p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class);
        assertEquals(1, req.size());
        assertEquals("video", req.get(0).trackId());
        assertEquals(Fixtures.VIDEO_SSRC, req.get(0).ssrc());
        // no keyframe arrives: asked again about 1 s later, not before
        p.advanceTo(START + 900 * MS);
        assertEquals(1, p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class).size());
        p.advanceTo(START + 1100 * MS);
        assertEquals(2, p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class).size());
        // a keyframe stops the retries
        byte[] key = Fixtures.vp8Frame(r, 1, true);
        a.sendFrame(p.now, "video", key, 0, key.length, 3000);
        p.advanceTo(START + 5000 * MS);
        assertEquals(2, p.eventsOf(p.eventsA, MediaEvent.KeyframeRequested.class).size());
        assertEquals(2, stats(b, false, Fixtures.VIDEO_SSRC).plis());
        assertEquals(2, stats(a, true, Fixtures.VIDEO_SSRC).plis());
        // audio streams never ask for keyframes
        byte[] o = Fixtures.opusFrame(r, 0);
        a.sendFrame(p.now, "audio", o, 0, o.length, 0);
        p.advanceTo(p.now + 3000 * MS);
        assertEquals(0, stats(b, false, Fixtures.AUDIO_SSRC).plis());
    }

    @Test
    void unrecoverableGapAsksForAKeyframe() {
        RtpSession a = new RtpSession(Fixtures.sender(8, false).build(), START);
        RtpSession b = new RtpSession(Fixtures.receiver(8, false, true).build(), START);
        Pair p = new Pair(a, b, new Link(1, 20 * MS), new Link(2, 20 * MS), START);
        long lostTs = 10 * 3000L;
        RtpPacket v = new RtpPacket();
        // every packet of frame 10, retransmissions included (RTX keeps the timestamp), is lost
        p.ab.dropIf = d -> !Rtcp.isRtcp(d, 0, d.length) && v.wrap(d, 0, d.length) && v.timestamp() == lostTs;
        Random r = new Random(8);
        long gapAt = 0;
        int answered = 0;
        for (int i = 0; i < 60; i++) {
            long t = START + i * 100 * MS / 3;
            p.advanceTo(t);
            if (i == 10) {
                gapAt = t;
            }
            // the encoder answers a keyframe request with a keyframe
            boolean key = i == 0 || p.keyframeRequestTimesA.size() > answered;
            answered = p.keyframeRequestTimesA.size();
            byte[] f = Fixtures.vp8Frame(r, i, key);
            a.sendFrame(t, "video", f, 0, f.length, i * 3000L);
        }
        p.advanceTo(p.now + 1500 * MS);
        List<byte[]> got = p.framesB.get(Fixtures.VIDEO_SSRC);
        assertEquals(59, got.size(), "all frames but the lost one");
        assertEquals(9, got.get(9)[2]);
        assertEquals(11, got.get(10)[2]);
        // the initial PLI, then one for the gap once the hole is given up (reorder wait 500 ms)
        // no initial PLI (the first frame was a keyframe and arrived with the stream's first packet);
        // one PLI once the hole is given up (reorder wait 500 ms), none after the answering keyframe
        List<Long> req = p.keyframeRequestTimesA;
        assertEquals(1, req.size(), "PLIs at " + req);
        long afterGap = req.get(0) - gapAt;
        assertTrue(afterGap >= 500 * MS && afterGap <= 600 * MS, "gap PLI " + afterGap / MS + " ms after the gap");
        assertTrue(stats(b, false, Fixtures.VIDEO_SSRC).nacks() > 0, "the hole was NACKed first");
        assertEquals(2, stats(b, false, Fixtures.VIDEO_SSRC).keyframes());
        assertEquals(2, stats(a, true, Fixtures.VIDEO_SSRC).keyframes());
    }

    @Test
    void twccFeedbackReportsEveryReceivedTransportSequenceNumber() {
        Pair p = lossyPair(11, true);
        Set<Integer> delivered = new HashSet<>();
        RtpPacket v = new RtpPacket();
        p.onDeliver = (toB, f) -> {
            if (toB && !f.rtcp() && v.wrap(f.data(), 0, f.data().length)) {
                delivered.add(TransportCc.get(v, Fixtures.TWCC_ID));
            }
        };
        stream(p, new Random(11), 60, 100, new ArrayList<>(), new ArrayList<>());
        Set<Integer> reported = new HashSet<>();
        Set<Integer> reportedLost = new HashSet<>();
        for (MediaEvent.TransportFeedback fb : p.eventsOf(p.eventsA, MediaEvent.TransportFeedback.class)) {
            TwccFeedback t = fb.feedback();
            for (int i = 0; i < t.receivedCount(); i++) {
                reported.add(t.receivedSequence(i));
            }
            t.packets().forEach(x -> {
                if (!x.received()) {
                    reportedLost.add(x.sequenceNumber());
                }
            });
        }
        assertTrue(delivered.size() > 200, "delivered " + delivered.size());
        assertTrue(!delivered.contains(-1), "every packet carries a transport-wide sequence number");
        // feedback itself travels over the lossy link back: allow for lost feedback packets
        Set<Integer> missing = new HashSet<>(delivered);
        missing.removeAll(reported);
        assertTrue(missing.size() <= delivered.size() / 10, "missing " + missing.size());
        Set<Integer> wrong = new HashSet<>(reported);
        wrong.removeAll(delivered);
        assertEquals(Set.of(), wrong, "nothing reported received that was not delivered");
        assertTrue(!reportedLost.isEmpty(), "losses are reported as not received");
    }

    @Test
    void twccFeedbackOverACleanReturnPathCoversEverything() {
        Pair p = lossyPair(12, true);
        p.ba.loss = 0;
        p.ba.duplicate = 0;
        Set<Integer> delivered = new HashSet<>();
        RtpPacket v = new RtpPacket();
        p.onDeliver = (toB, f) -> {
            if (toB && !f.rtcp() && v.wrap(f.data(), 0, f.data().length)) {
                delivered.add(TransportCc.get(v, Fixtures.TWCC_ID));
            }
        };
        stream(p, new Random(12), 60, 100, new ArrayList<>(), new ArrayList<>());
        Set<Integer> reported = new HashSet<>();
        for (MediaEvent.TransportFeedback fb : p.eventsOf(p.eventsA, MediaEvent.TransportFeedback.class)) {
            for (int i = 0; i < fb.feedback().receivedCount(); i++) {
                reported.add(fb.feedback().receivedSequence(i));
            }
        }
        assertEquals(delivered, reported);
    }
}
