package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of protected packets into unprotect: bit flips, byte changes,
 * truncation, extension ({@link Mutator}), and lies in the CC / X / extension-length / RTCP
 * length fields.
 * Each mutated packet sits at the very end of its own array, so any read past it throws.
 * Nothing may escape but an {@link SrtpResult}, and no modified packet may pass; as the
 * genuine packets are never delivered first, the replay check cannot hide a forgery.
 */
class SrtpMutationTest {
    private static final int PER_PROFILE = 26_000;

    @Test
    void mutatedPacketsOnlyEverYieldTypedResults() {
        int total = 0;
        for (SrtpProfile p : SrtpProfile.values()) {
            total += run(p, 31 + p.ordinal());
        }
        assertTrue(total >= 100_000, "mutated inputs: " + total);
    }

    private static int run(SrtpProfile p, long seed) {
        Random rnd = new Random(seed);
        SrtpContext[] c = Packets.pair(p, seed, SrtpPolicy.DEFAULT);
        List<byte[]> rtp = new ArrayList<>();
        List<byte[]> rtcp = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] b = Packets.rtp(rnd, 1000 + i, 0x1000 + (i & 3), rnd.nextInt(3), rnd.nextInt(3) - 1,
                    rnd.nextInt(300), rnd.nextInt(5) == 0 ? 4 : 0);
            assertEquals(SrtpResult.OK, c[0].protectRtp(b, 0, Packets.rtpLength(b)));
            rtp.add(Arrays.copyOf(b, c[0].length()));
            byte[] r = Packets.rtcp(rnd, 0x2000 + (i & 3), rnd.nextInt(120));
            assertEquals(SrtpResult.OK, c[0].protectRtcp(r, 0, r.length - Packets.TAIL));
            rtcp.add(Arrays.copyOf(r, c[0].length()));
        }
        SrtpContext rx = c[1];
        for (int n = 0; n < PER_PROFILE; n++) {
            boolean isRtp = (n & 1) == 0;
            byte[] original = (isRtp ? rtp : rtcp).get(rnd.nextInt(32));
            byte[] m = mutate(rnd, original, isRtp);
            while (Arrays.equals(m, original)) { // e.g. a byte overwritten with its own value
                m = mutate(rnd, original, isRtp);
            }
            int off = rnd.nextInt(4);
            byte[] buf = new byte[off + m.length];
            System.arraycopy(m, 0, buf, off, m.length);
            SrtpResult r;
            try {
                r = isRtp ? rx.unprotectRtp(buf, off, m.length) : rx.unprotectRtcp(buf, off, m.length);
            } catch (RuntimeException e) {
                throw new AssertionError(p + " mutation " + n + " threw on " + Vectors.hex(m, 0, m.length), e);
            }
            assertNotNull(r);
            assertTrue(r != SrtpResult.OK, p + ": a modified packet authenticated: " + Vectors.hex(m, 0, m.length));
        }
        assertEquals(0, rx.count(SrtpResult.CRYPTO_ERROR), p + " crypto errors");
        assertEquals(0, rx.count(SrtpResult.OK));
        assertEquals(0, rx.streamCount(), "no stream state from forgeries");
        assertTrue(rx.count(SrtpResult.AUTH_FAILED) > PER_PROFILE / 2, p + " auth failures " + rx.count(SrtpResult.AUTH_FAILED));
        assertTrue(rx.count(SrtpResult.TOO_SHORT) > 0 && rx.count(SrtpResult.MALFORMED) > 0);

        // the mutations left no trace: every genuine packet still decrypts
        for (byte[] w : rtp) {
            assertEquals(SrtpResult.OK, rx.unprotectRtp(w.clone(), 0, w.length), p + " genuine RTP");
        }
        for (byte[] w : rtcp) {
            assertEquals(SrtpResult.OK, rx.unprotectRtcp(w.clone(), 0, w.length), p + " genuine RTCP");
        }
        return PER_PROFILE;
    }

    /**
     * The generic kinds of {@link Mutator} (bit flips, byte changes, interesting values,
     * truncation, extension by up to 40 bytes, 16-bit lies) five times in eight; otherwise one
     * SRTP-aware lie kept here: the CC / X / P bits (RTP) or count/PT (RTCP), the extension
     * length (RTP) or RTCP length, and the sequence number (RTP) or SRTCP trailer region.
     */
    private static byte[] mutate(Random rnd, byte[] in, boolean isRtp) {
        byte[] b = in.clone();
        switch (rnd.nextInt(8)) {
            case 4: // CC / X / P lies (RTP) or count/PT lies (RTCP)
                b[0] = (byte) ((b[0] & 0xC0) | rnd.nextInt(64));
                return b;
            case 5: // length-field lies: extension length (RTP) or RTCP length
                if (isRtp && b.length > 16) {
                    int cc = b[0] & 0x0F;
                    b[0] |= 0x10;
                    int e = 12 + 4 * cc;
                    if (e + 4 <= b.length) {
                        b[e + 2] = (byte) rnd.nextInt();
                        b[e + 3] = (byte) rnd.nextInt();
                    }
                } else {
                    b[2] = (byte) rnd.nextInt();
                    b[3] = (byte) rnd.nextInt();
                }
                return b;
            case 6: // the SRTCP trailer / sequence number region
                if (isRtp) {
                    b[2 + rnd.nextInt(2)] = (byte) rnd.nextInt();
                } else {
                    int t = b.length - 4 - rnd.nextInt(Math.min(b.length - 3, 20));
                    b[t] = (byte) rnd.nextInt();
                }
                return b;
            default:
                return Mutator.mutate(rnd, in, 40);
        }
    }
}
