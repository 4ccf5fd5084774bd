package org.ferryrtc.peer.media;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ferryrtc.rtcp.RtcpCompoundBuilder;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of real RTP and RTCP traffic into handleRtp/handleRtcp: bit flips,
 * byte changes, truncation, extension and length-field lies. Nothing may escape (no exception,
 * in particular no ArrayIndexOutOfBoundsException); malformed input must be counted.
 */
class RtpSessionMutationTest {
    static final long MS = 1_000_000L;
    static final int INPUTS = 110_000;

    private static final class Corpus {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();
    }

    private static Corpus corpus() {
        Corpus c = new Corpus();
        Pair p = RtpSessionLinkTest.lossyPair(21, true);
        p.onDeliver = (toB, f) -> (f.rtcp() ? c.rtcp : c.rtp).add(f.data());
        RtpSessionLinkTest.stream(p, new Random(21), 30, 50, new ArrayList<>(), new ArrayList<>());
        byte[] b = new byte[300];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, b.length);
        cb.addReceiverReport(Fixtures.B_SSRC);
        cb.addNack(Fixtures.B_SSRC, Fixtures.VIDEO_SSRC, new int[] {1, 2, 3, 40, 41}, 0, 5);
        cb.addPli(Fixtures.B_SSRC, Fixtures.VIDEO_SSRC);
        cb.addFir(Fixtures.B_SSRC, new long[] {Fixtures.VIDEO_SSRC}, new int[] {3});
        cb.addRemb(Fixtures.B_SSRC, 1_000_000, Fixtures.VIDEO_SSRC, Fixtures.AUDIO_SSRC);
        cb.addBye(new long[] {Fixtures.VIDEO_SSRC, Fixtures.AUDIO_SSRC}, "done");
        c.rtcp.add(java.util.Arrays.copyOf(b, cb.length()));
        return c;
    }

    /** Applies 1..4 random mutations. {@code rtcp} selects which length fields to lie in. */
    static byte[] mutate(Random r, byte[] seed, boolean rtcp) {
        byte[] d = seed.clone();
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            switch (r.nextInt(7)) {
                case 0 -> {
                    if (d.length > 0) {
                        int i = r.nextInt(d.length);
                        d[i] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {
                    if (d.length > 0) {
                        d[r.nextInt(d.length)] = (byte) r.nextInt(256);
                    }
                }
                case 2 -> d = java.util.Arrays.copyOf(d, d.length == 0 ? 0 : r.nextInt(d.length));
                case 3 -> {
                    int add = 1 + r.nextInt(64);
                    byte[] e = java.util.Arrays.copyOf(d, d.length + add);
                    for (int i = d.length; i < e.length; i++) {
                        e[i] = (byte) r.nextInt(256);
                    }
                    d = e;
                }
                case 4 -> { // length-field lies
                    if (rtcp && d.length >= 4) {
                        int at = 4 * r.nextInt(d.length / 4);
                        d[at + 2] = (byte) r.nextInt(256);
                        d[at + 3] = (byte) r.nextInt(256);
                    } else if (!rtcp && d.length >= 16) {
                        if (r.nextBoolean()) {
                            d[0] = (byte) ((d[0] & 0xF0) | r.nextInt(16)); // CSRC count
                        } else {
                            int cc = d[0] & 0x0F;
                            int at = 12 + 4 * cc + 2;
                            if (at + 1 < d.length) {
                                d[at] = (byte) r.nextInt(256); // extension length
                                d[at + 1] = (byte) r.nextInt(256);
                            }
                        }
                    }
                }
                case 5 -> { // padding bit / count lies
                    if (d.length > 0) {
                        d[0] ^= 0x20;
                        d[d.length - 1] = (byte) r.nextInt(256);
                    }
                }
                default -> { // header-extension element headers
                    if (!rtcp && d.length > 20) {
                        int i = 16 + r.nextInt(Math.min(16, d.length - 16));
                        d[i] = (byte) r.nextInt(256);
                    }
                }
            }
        }
        return d;
    }

    private static void run(RtpSession s, List<byte[]> seeds, boolean rtcp, long seed) {
        Random r = new Random(seed);
        byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
        long now = RtpSessionLinkTest.START + 60_000 * MS;
        for (int n = 0; n < INPUTS; n++) {
            byte[] d = mutate(r, seeds.get(r.nextInt(seeds.size())), rtcp);
            now += MS / 4;
            try {
                if (rtcp) {
                    s.handleRtcp(now, d, 0, d.length);
                } else {
                    s.handleRtp(now, d, 0, d.length);
                }
                if ((n & 63) == 0) {
                    if (s.pollTimeout() <= now) {
                        s.handleTimeout(now);
                    }
                    while (s.pollTransmit(out, 0) >= 0) {
                        // drained
                    }
                    while (s.pollEvent() != null) {
                        // drained
                    }
                }
            } catch (Throwable t) {
                fail("input " + n + " threw on " + HexFormat.of().formatHex(d), t);
            }
        }
    }

    @Test
    void mutatedRtpIsCountedNeverThrown() {
        Corpus c = corpus();
        RtpSession b = new RtpSession(Fixtures.receiver(21, true, true).build(), RtpSessionLinkTest.START);
        run(b, c.rtp, false, 1234);
        assertTrue(b.malformedRtpCount() > 1_000, "malformed " + b.malformedRtpCount());
        assertTrue(b.unknownSsrcCount() > 100 && b.unknownPayloadTypeCount() > 100,
                "unknown " + b.unknownSsrcCount() + " " + b.unknownPayloadTypeCount() + " " + b.stats().size());
        assertTrue(b.stats().size() <= RtpSession.MAX_REMOTE_STREAMS, "remote streams are bounded");
    }

    @Test
    void mutatedRtcpIsCountedNeverThrown() {
        Corpus c = corpus();
        RtpSession a = new RtpSession(Fixtures.sender(21, true).build(), RtpSessionLinkTest.START);
        Random r = new Random(5);
        for (int i = 0; i < 50; i++) { // something to retransmit
            byte[] f = Fixtures.vp8Frame(r, i, i == 0);
            a.sendFrame(RtpSessionLinkTest.START + i * MS, "video", f, 0, f.length, i * 3000L);
        }
        run(a, c.rtcp, true, 5678);
        assertTrue(a.malformedRtcpCount() > 1_000, "malformed " + a.malformedRtcpCount());
        // mutated RTP into the sender side too (it receives RTP only in other tests)
        RtpSession b = new RtpSession(Fixtures.receiver(22, true, true).build(), RtpSessionLinkTest.START);
        run(b, c.rtcp, true, 91011);
        assertTrue(b.malformedRtcpCount() > 1_000);
    }
}
