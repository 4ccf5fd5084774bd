package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpReplayAndRolloverTest {

    /** Protects sequence numbers {@code from ..} (count of them, wrapping at 65536). */
    private static List<byte[]> protect(SrtpContext tx, Random rnd, int from, int count, long ssrc, List<byte[]> plain) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int seq = (from + i) & 0xFFFF;
            byte[] b = Packets.rtp(rnd, seq, ssrc, 0, -1, 20 + rnd.nextInt(100), 0);
            int len = Packets.rtpLength(b);
            plain.add(Arrays.copyOf(b, len));
            assertEquals(SrtpResult.OK, tx.protectRtp(b, 0, len), "seq " + seq);
            out.add(Arrays.copyOf(b, tx.length()));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverAcross65535WithReorderingAroundIt(SrtpProfile p) {
        SrtpContext[] c = Packets.pair(p, 11, SrtpPolicy.DEFAULT);
        Random rnd = new Random(12);
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> wire = protect(c[0], rnd, 65_000, 1_200, 0xABCDL, plain); // 65000 .. 65535, 0 .. 663
        assertEquals(1, c[0].stream(0xABCDL).roc, "sender's ROC after the wrap");

        // deliver in order up to 65500, then shuffle windows of 20 packets straddling the wrap
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < wire.size(); i++) {
            order.add(i);
        }
        for (int start = 500; start < 600; start += 20) {
            Collections.shuffle(order.subList(start, start + 20), rnd);
        }
        boolean sawOldRocAfterNewRoc = false;
        boolean newRocSeen = false;
        for (int i : order) {
            byte[] b = wire.get(i).clone();
            assertEquals(SrtpResult.OK, c[1].unprotectRtp(b, 0, b.length), "packet " + i);
            assertArrayEquals(plain.get(i), Arrays.copyOf(b, c[1].length()));
            if (i >= 536) {
                newRocSeen = true;
            } else if (newRocSeen) {
                sawOldRocAfterNewRoc = true;
            }
        }
        assertTrue(sawOldRocAfterNewRoc, "the shuffle must deliver ROC-0 packets after ROC-1 ones");
        SrtpStream s = c[1].stream(0xABCDL);
        assertEquals(1, s.roc);
        assertEquals(663, s.highestSeq);
        // replays from either side of the wrap are refused
        for (int i : new int[] {530, 535, 536, 540, 1199}) {
            byte[] b = wire.get(i).clone();
            assertEquals(SrtpResult.REPLAYED, c[1].unprotectRtp(b, 0, b.length), "replay " + i);
        }
        // a packet from far behind the window is too old
        byte[] old = wire.get(0).clone();
        assertEquals(SrtpResult.TOO_OLD, c[1].unprotectRtp(old, 0, old.length));
    }

    @Test
    void indexEstimationFollowsAppendixA() {
        SrtpStream s = new SrtpStream(1);
        assertEquals(5, s.estimateIndex(5));
        s.update(5);
        assertEquals(-1, s.estimateIndex(65_000), "before ROC 0: refused");
        s.update(40_000);
        assertEquals(40_000, s.highestSeq);
        assertEquals((1L << 16) | 10, s.estimateIndex(10));
        assertEquals(8000, s.estimateIndex(8000), "within 2^15 below s_l: same ROC");
        assertEquals((1L << 16) | 7000, s.estimateIndex(7000), "more than 2^15 below s_l: next ROC");
        s.update((1L << 16) | 10);
        assertEquals(1, s.roc);
        assertEquals(65_000, s.estimateIndex(65_000), "late packet from before the wrap");
        s.update(65_000);
        assertEquals(1, s.roc, "a late packet does not move the ROC back");
        assertEquals(10, s.highestSeq);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsAreRejectedAtEveryBit(SrtpProfile p) {
        SrtpContext[] c = Packets.pair(p, 13, SrtpPolicy.DEFAULT);
        Random rnd = new Random(14);
        byte[] b = Packets.rtp(rnd, 77, 5, 1, 1, 40, 0);
        assertEquals(SrtpResult.OK, c[0].protectRtp(b, 0, Packets.rtpLength(b)));
        byte[] wire = Arrays.copyOf(b, c[0].length());
        int bits = 0;
        for (int bit = 16; bit < wire.length * 8; bit++) { // every bit after V/P/X/CC/M/PT
            byte[] f = wire.clone();
            f[bit >>> 3] ^= (byte) (1 << (bit & 7));
            SrtpResult r = c[1].unprotectRtp(f, 0, f.length);
            // a flipped extension-length bit may make the header unparsable: also a drop
            assertTrue(r == SrtpResult.AUTH_FAILED || r == SrtpResult.MALFORMED, bit + ": " + r);
            bits++;
        }
        assertEquals(0, c[1].count(SrtpResult.OK));
        assertEquals(bits, c[1].count(SrtpResult.AUTH_FAILED) + c[1].count(SrtpResult.MALFORMED));
        assertNull(c[1].stream(5), "forged packets create no stream state");
        byte[] ok = wire.clone();
        assertEquals(SrtpResult.OK, c[1].unprotectRtp(ok, 0, ok.length), "the genuine packet still passes");
        assertEquals(SrtpResult.REPLAYED, c[1].unprotectRtp(wire.clone(), 0, wire.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedAndReplayedRtcpIsRejected(SrtpProfile p) {
        SrtpContext[] c = Packets.pair(p, 15, SrtpPolicy.DEFAULT);
        byte[] b = Packets.rtcp(new Random(16), 9, 28);
        assertEquals(SrtpResult.OK, c[0].protectRtcp(b, 0, b.length - Packets.TAIL));
        byte[] wire = Arrays.copyOf(b, c[0].length());
        for (int bit = 0; bit < wire.length * 8; bit++) {
            if (bit == 6 || bit == 7) {
                continue; // the version bits make it MALFORMED; checked below
            }
            byte[] f = wire.clone();
            f[bit >>> 3] ^= (byte) (1 << (bit & 7));
            assertEquals(SrtpResult.AUTH_FAILED, c[1].unprotectRtcp(f, 0, f.length), "bit " + bit);
        }
        byte[] v = wire.clone();
        v[0] ^= (byte) 0x80;
        assertEquals(SrtpResult.MALFORMED, c[1].unprotectRtcp(v, 0, v.length));
        assertEquals(SrtpResult.OK, c[1].unprotectRtcp(wire.clone(), 0, wire.length));
        assertEquals(SrtpResult.REPLAYED, c[1].unprotectRtcp(wire.clone(), 0, wire.length));
    }

    @Test
    void replayWindowIsConfigurable() {
        SrtpContext[] c = Packets.pair(SrtpProfile.AEAD_AES_128_GCM, 17, new SrtpPolicy(64, 4));
        Random rnd = new Random(18);
        List<byte[]> wire = protect(c[0], rnd, 1000, 200, 3, new ArrayList<>());
        byte[] last = wire.get(199).clone();
        assertEquals(SrtpResult.OK, c[1].unprotectRtp(last, 0, last.length));
        byte[] inWindow = wire.get(199 - 63).clone();
        byte[] behind = wire.get(199 - 64).clone();
        assertEquals(SrtpResult.OK, c[1].unprotectRtp(inWindow, 0, inWindow.length));
        assertEquals(SrtpResult.TOO_OLD, c[1].unprotectRtp(behind, 0, behind.length));

        SrtpContext[] wide = Packets.pair(SrtpProfile.AEAD_AES_128_GCM, 17, new SrtpPolicy(256, 4));
        byte[] last2 = wire.get(199).clone();
        assertEquals(SrtpResult.OK, wide[1].unprotectRtp(last2, 0, last2.length));
        byte[] behind2 = wire.get(199 - 64).clone();
        assertEquals(SrtpResult.OK, wide[1].unprotectRtp(behind2, 0, behind2.length));
    }

    @Test
    void senderRefusesToReuseAnIndex() {
        SrtpContext[] c = Packets.pair(SrtpProfile.AEAD_AES_128_GCM, 19, SrtpPolicy.DEFAULT);
        byte[] a = Packets.rtp(new Random(20), 42, 8, 0, -1, 30, 0);
        byte[] again = a.clone();
        assertEquals(SrtpResult.OK, c[0].protectRtp(a, 0, Packets.rtpLength(a)));
        assertEquals(SrtpResult.REPLAYED, c[0].protectRtp(again, 0, Packets.rtpLength(again)));
    }

    @Test
    void newSsrcsAreAcceptedUpToTheLimit() {
        SrtpContext[] c = Packets.pair(SrtpProfile.AES128_CM_HMAC_SHA1_80, 21, new SrtpPolicy(64, 2));
        Random rnd = new Random(22);
        byte[][] w = new byte[3][];
        for (int i = 0; i < 3; i++) {
            byte[] b = Packets.rtp(rnd, 1, 100 + i, 0, -1, 30, 0);
            w[i] = b;
            SrtpResult r = c[0].protectRtp(b, 0, Packets.rtpLength(b));
            assertEquals(i < 2 ? SrtpResult.OK : SrtpResult.UNKNOWN_SSRC, r);
        }
        assertEquals(2, c[0].streamCount());
        int len = Packets.rtpLength(w[0]) + 10;
        byte[] forged = w[1].clone();
        forged[20] ^= 1;
        assertEquals(SrtpResult.AUTH_FAILED, c[1].unprotectRtp(forged, 0, len));
        assertEquals(0, c[1].streamCount());
        assertEquals(SrtpResult.OK, c[1].unprotectRtp(w[0], 0, len));
        assertEquals(SrtpResult.OK, c[1].unprotectRtp(w[1], 0, len));
        byte[] third = Packets.rtp(rnd, 1, 102, 0, -1, 30, 0);
        SrtpContext otherSender = Packets.pair(SrtpProfile.AES128_CM_HMAC_SHA1_80, 21, new SrtpPolicy(64, 2))[0];
        assertEquals(SrtpResult.OK, otherSender.protectRtp(third, 0, Packets.rtpLength(third)));
        assertEquals(SrtpResult.UNKNOWN_SSRC, c[1].unprotectRtp(third, 0, len));
        assertTrue(c[1].removeStream(100));
        assertFalse(c[1].removeStream(100));
        assertNull(c[1].stream(100));
        assertNotNull(c[1].stream(101), "removal keeps the other streams reachable");
        assertEquals(1, c[1].count(SrtpResult.UNKNOWN_SSRC));
        assertEquals(SrtpResult.OK, c[1].unprotectRtp(third, 0, len), "the freed slot takes the new SSRC");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> c[0].removeStream(100));
    }

    @Test
    void streamTableKeepsProbeChainsThroughRemovals() {
        StreamTable t = new StreamTable(64);
        Random rnd = new Random(23);
        java.util.Set<Long> live = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            long ssrc = rnd.nextInt(200) & 0xFFFFFFFFL;
            if (live.contains(ssrc)) {
                assertNotNull(t.get(ssrc));
                if (rnd.nextBoolean()) {
                    assertTrue(t.remove(ssrc));
                    live.remove(ssrc);
                }
            } else {
                assertNull(t.get(ssrc));
                SrtpStream s = t.add(ssrc);
                assertEquals(live.size() < 64, s != null);
                if (s != null) {
                    live.add(ssrc);
                }
            }
            assertEquals(live.size(), t.size());
        }
    }
}
