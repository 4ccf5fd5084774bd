package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of compound RTCP packets. For each mutated input: the reader (and
 * every accessor of every packet it hands out, TWCC decoding, re-serialisation) must not throw;
 * the input is parsed once in an array of exactly its size (a read past the end would throw)
 * and once at an offset between random bytes (a read outside the window would change the
 * result), and both walks must agree; whatever parses must re-serialise to bytes that parse
 * again to the same re-serialisation.
 */
class RtcpFuzzTest {
    private static final int ITERATIONS = 150_000;

    private static List<byte[]> corpus() {
        List<byte[]> seeds = new ArrayList<>();
        for (String v : new String[] {"rfc3550/sr-two-blocks.hex", "rfc3550/rr-one-block.hex",
                "rfc3550/sdes-two-chunks.hex", "rfc3550/bye-with-reason.hex", "rfc3550/app.hex",
                "rfc3550/compound-sr-sdes.hex", "rfc4585/generic-nack.hex", "rfc4585/pli.hex",
                "rfc5104/fir.hex", "remb/remb.hex", "twcc/runlength-and-1bit-vector.hex",
                "twcc/2bit-vector-large-negative.hex", "twcc/long-loss-run.hex",
                "rfc3611/xr-rrtr-other-dlrr.hex"}) {
            seeds.add(Vectors.load(v));
        }
        byte[] b = new byte[1500];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, b.length);
        ReportBlock blk = new ReportBlock(9, 1, -2, 3, 4, 5, 6);
        cb.addSenderReport(1, 2, 3, 4, 5, blk);
        cb.addCname(1, "fuzz@ferry");
        cb.addNack(1, 2, new int[] {65535, 0, 5, 30}, 0, 4);
        cb.addPli(1, 2);
        cb.addFir(1, new long[] {2}, new int[] {3});
        cb.addRemb(1, 123_456_789, 2, 3);
        cb.addTwcc(TwccFeedback.of(1, 2, 3, List.of(new TwccPacket(1, true, 100_000),
                new TwccPacket(3, true, 90_000), new TwccPacket(4, true, 900_000))));
        cb.addXr(1, true, 7, new ExtendedReport.Dlrr(2, 3, 4));
        cb.addBye(new long[] {1}, "done");
        seeds.add(Arrays.copyOf(b, cb.length()));
        return seeds;
    }

    @Test
    void mutatedCompoundPacketsNeverEscapeTheDeclaredFailure() {
        Random rnd = new Random(0x5EED_3550L);
        List<byte[]> seeds = corpus();
        RtcpReader exact = new RtcpReader();
        RtcpReader shifted = new RtcpReader();
        byte[] scratch = new byte[1 << 19];
        int parsedPackets = 0;
        int failures = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] in = mutate(rnd, seeds.get(rnd.nextInt(seeds.size())), seeds);
            try {
                long a = walk(exact, in, 0, in.length, scratch);
                int pre = 1 + rnd.nextInt(9);
                byte[] framed = new byte[pre + in.length + 1 + rnd.nextInt(9)];
                rnd.nextBytes(framed);
                System.arraycopy(in, 0, framed, pre, in.length);
                long b = walk(shifted, framed, pre, in.length, scratch);
                assertEquals(a, b, "result depends on bytes outside the window");
                assertEquals(exact.error(), shifted.error());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " input=" + HexFormat.of().formatHex(in), e);
            } catch (Throwable t) {
                fail("input " + HexFormat.of().formatHex(in) + " threw " + t, t);
            }
            parsedPackets += exact.position() > 0 ? 1 : 0;
            failures += exact.error() != RtcpError.NONE ? 1 : 0;
        }
        assertEquals(ITERATIONS, exact.compoundCount());
        assertEquals(failures, exact.malformedCount());
        // the mutations must exercise both outcomes
        assertTrue(failures > ITERATIONS / 10, "failures " + failures);
        assertTrue(ITERATIONS - failures > ITERATIONS / 10, "successes " + (ITERATIONS - failures));
        assertTrue(parsedPackets > ITERATIONS / 4);
    }

    /**
     * One to four mutations: the generic ones of {@link Mutator} (bit flips, byte changes,
     * interesting values, truncation, extension by up to 16 bytes, 16-bit lies) and, kept here,
     * the RTCP-aware ones: a length lie at a header-aligned position, a count/FMT/P change, a
     * packet type change and another seed spliced in at a 4-byte boundary.
     */
    static byte[] mutate(Random rnd, byte[] seed, List<byte[]> seeds) {
        byte[] b = seed.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            if (b.length == 0) {
                b = new byte[] {(byte) 0x80};
            }
            int i = rnd.nextInt(b.length);
            switch (rnd.nextInt(9)) {
                case 4 -> { // length field lie at a header-aligned position
                    int h = i & ~3;
                    if (h + 3 < b.length) {
                        int v = rnd.nextBoolean() ? rnd.nextInt(65536) : ((b[h + 3] & 0xFF) + rnd.nextInt(5) - 2);
                        b[h + 2] = (byte) (v >>> 8);
                        b[h + 3] = (byte) v;
                    }
                }
                case 5 -> { // count / FMT / P-bit change
                    int h = i & ~3;
                    b[h] = (byte) ((b[h] & 0xC0) | rnd.nextInt(64));
                }
                case 7 -> { // splice another seed in at a 4-byte boundary
                    byte[] o = seeds.get(rnd.nextInt(seeds.size()));
                    int cut = (rnd.nextInt(b.length + 1)) & ~3;
                    byte[] n = Arrays.copyOf(b, Math.min(cut, b.length) + o.length);
                    System.arraycopy(o, 0, n, Math.min(cut, b.length), o.length);
                    b = n;
                }
                case 8 -> { // packet type change
                    int h = i & ~3;
                    if (h + 1 < b.length) {
                        b[h + 1] = (byte) (192 + rnd.nextInt(32));
                    }
                }
                default -> { // the generic kinds
                    byte[] work = Arrays.copyOf(b, b.length + 16);
                    b = Arrays.copyOf(work, Mutator.mutateOnce(rnd, work, b.length));
                }
            }
        }
        return b;
    }

    /** Walks everything and folds every observable value into a digest. */
    static long walk(RtcpReader r, byte[] buf, int off, int len, byte[] scratch) {
        r.reset(buf, off, len);
        long h = 17;
        for (RtcpPacket p; (p = r.next()) != null; ) {
            h = h * 31 + p.packetType() * 64 + p.count() + (p.padding() ? 7 : 0);
            h = h * 31 + p.length();
            h = h * 31 + (p.offset() - off);
            h = h * 31 + digest(p);
            int n = p.size();
            assertEquals(n, p.writeTo(scratch, 0));
            h = h * 31 + Arrays.hashCode(Arrays.copyOf(scratch, n));
            rewriteIsStable(p, scratch, n);
        }
        return h * 31 + r.error().ordinal();
    }

    private static void rewriteIsStable(RtcpPacket p, byte[] scratch, int n) {
        byte[] once = Arrays.copyOf(scratch, n);
        RtcpReader again = new RtcpReader().reset(once, 0, n);
        RtcpPacket q = again.next();
        assertEquals(RtcpError.NONE, again.error(), "re-serialised packet does not parse");
        assertEquals(p.getClass(), q.getClass());
        byte[] twice = new byte[q.size()];
        q.writeTo(twice, 0);
        assertArrayEquals(once, twice);
    }

    private static long digest(RtcpPacket p) {
        long h = 0;
        if (p instanceof SenderReport sr) {
            h = sr.senderSsrc() + sr.ntpTimestamp() + sr.rtpTimestamp() + sr.packetCount() + sr.octetCount();
            for (int i = 0; i < sr.reportCount(); i++) {
                h = h * 31 + sr.reportBlock(i).hashCode();
            }
        } else if (p instanceof ReceiverReport rr) {
            h = rr.senderSsrc();
            for (int i = 0; i < rr.reportCount(); i++) {
                h = h * 31 + rr.reportBlock(i).hashCode() + rr.fractionLost(i) + rr.jitter(i);
            }
        } else if (p instanceof SourceDescription s) {
            for (int c = 0; c < s.chunkCount(); c++) {
                h = h * 31 + s.chunkSsrc(c);
            }
            for (int i = 0; i < s.itemCount(); i++) {
                h = h * 31 + s.itemType(i) + s.itemSsrc(i) + s.itemValue(i).hashCode() + s.itemChunk(i);
            }
            String cname = s.cname();
            h = h * 31 + (cname == null ? 0 : cname.hashCode());
        } else if (p instanceof Goodbye g) {
            for (int i = 0; i < g.ssrcCount(); i++) {
                h = h * 31 + g.ssrc(i);
            }
            h = h * 31 + (g.hasReason() ? g.reason().hashCode() : 1);
        } else if (p instanceof AppPacket a) {
            h = a.ssrc() + a.name().hashCode() + a.subtype() + a.nameAsInt();
            for (int i = 0; i < a.dataLength(); i++) {
                h = h * 31 + a.buffer()[a.dataOffset() + i];
            }
        } else if (p instanceof GenericNack n) {
            h = n.senderSsrc() + n.mediaSsrc() + n.lostCount();
            long[] acc = {0};
            n.forEachLost(s -> acc[0] = acc[0] * 31 + s);
            h = h * 31 + acc[0];
            int[] lost = new int[7];
            h = h * 31 + n.copyLost(lost, 2) + Arrays.hashCode(lost);
        } else if (p instanceof PictureLossIndication pli) {
            h = pli.senderSsrc() * 3 + pli.mediaSsrc();
        } else if (p instanceof FullIntraRequest f) {
            for (int i = 0; i < f.entryCount(); i++) {
                h = h * 31 + f.entrySsrc(i) + f.entrySequence(i);
            }
        } else if (p instanceof Remb rb) {
            h = rb.bitrate() + rb.exponent() + rb.mantissa();
            for (int i = 0; i < rb.ssrcCount(); i++) {
                h = h * 31 + rb.ssrc(i);
            }
        } else if (p instanceof TransportCcFeedback t) {
            TwccFeedback f = t.decode();
            assertTrue(f.receivedCount() <= t.length(), "decode bounded by the packet length");
            assertEquals(t.receivedCount(), f.receivedCount());
            h = f.hashCode() + t.baseSequence() + t.statusCount() + t.referenceTime() + t.feedbackPacketCount();
            for (int i = 0; i < f.receivedCount(); i++) {
                h = h * 31 + f.arrivalTimeUs(i) + f.receivedSequence(i);
            }
        } else if (p instanceof ExtendedReport x) {
            h = x.senderSsrc() + x.rrtrNtpTimestamp() + x.blockCount() * 7L + x.skippedBlockCount();
            for (int i = 0; i < x.dlrrCount(); i++) {
                h = h * 31 + x.dlrrSsrc(i) + x.dlrrLastRr(i) + x.dlrrDelay(i);
            }
        } else if (p instanceof UnknownPacket u) {
            for (int i = 0; i < u.payloadLength(); i++) {
                h = h * 31 + u.buffer()[u.payloadOffset() + i];
            }
        }
        return h;
    }
}
