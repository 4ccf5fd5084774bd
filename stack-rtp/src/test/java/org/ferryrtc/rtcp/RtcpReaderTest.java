package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compound walking, unknown types, typed failures and counters (RFC 3550 §6.1, RFC 5506). */
class RtcpReaderTest {

    private static List<Class<?>> kinds(RtcpReader r, byte[] b, int off, int len) {
        r.reset(b, off, len);
        List<Class<?>> out = new ArrayList<>();
        for (RtcpPacket p; (p = r.next()) != null; ) {
            out.add(p.getClass());
        }
        return out;
    }

    @Test
    void unknownTypesInTheMiddleAreWalkedPast() {
        byte[] b = new byte[512];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, b.length);
        assertTrue(cb.addReceiverReport(1, new ReportBlock(2, 0, 0, 0, 0, 0, 0)));
        int at = cb.length();
        byte[] odd = Vectors.hex("81d20002 01020304 05060708"); // PT 210: not ours
        System.arraycopy(odd, 0, b, at, odd.length);
        byte[] fb3 = Vectors.hex("83cd0002 00000001 00000002"); // RTPFB FMT 3 (TMMBR, not decoded)
        System.arraycopy(fb3, 0, b, at + 12, fb3.length);
        byte[] afb = Vectors.hex("8fce0003 00000001 00000000 41424344"); // PSFB FMT 15, not "REMB"
        System.arraycopy(afb, 0, b, at + 24, afb.length);
        RtcpCompoundBuilder rest = new RtcpCompoundBuilder(b, at + 40, b.length - at - 40);
        assertTrue(rest.addNack(1, 2, new int[] {3}, 0, 1));
        assertTrue(rest.addRemb(1, 500_000, 2));
        assertTrue(rest.addCname(1, "x"));
        int len = at + 40 + rest.length();

        RtcpReader r = new RtcpReader();
        assertEquals(List.of(ReceiverReport.class, UnknownPacket.class, UnknownPacket.class, UnknownPacket.class,
                GenericNack.class, Remb.class, SourceDescription.class), kinds(r, b, 0, len));
        assertEquals(RtcpError.NONE, r.error());
        assertEquals(3, r.unknownCount());
        assertEquals(7, r.packetCount());
        assertEquals(0, r.malformedCount());
        assertEquals(len, r.position());
    }

    @Test
    void reducedSizeSinglePacket() {
        byte[] b = new byte[12];
        PictureLossIndication.write(b, 0, 5, 6);
        RtcpReader r = new RtcpReader();
        assertEquals(List.of(PictureLossIndication.class), kinds(r, b, 0, 12));
        assertEquals(RtcpError.NONE, r.error());
        assertTrue(r.reducedSize());
        byte[] rr = new byte[8];
        ReceiverReport.write(rr, 0, 1);
        r.reset(rr, 0, 8);
        assertFalse(r.reducedSize());
    }

    @Test
    void viewsAreReused() {
        byte[] b = new byte[64];
        int n = ReceiverReport.write(b, 0, 1);
        n += ReceiverReport.write(b, n, 2);
        RtcpReader r = new RtcpReader().reset(b, 0, n);
        ReceiverReport a = assertInstanceOf(ReceiverReport.class, r.next());
        assertEquals(1, a.senderSsrc());
        ReceiverReport c = assertInstanceOf(ReceiverReport.class, r.next());
        assertSame(a, c);
        assertEquals(2, c.senderSsrc());
    }

    private static RtcpError walkError(byte[] b) {
        RtcpReader r = new RtcpReader().reset(b, 0, b.length);
        while (r.next() != null) {
            // walk
        }
        return r.error();
    }

    @Test
    void malformedInputStopsWithATypedFailure() {
        byte[] rr = new byte[8];
        ReceiverReport.write(rr, 0, 1);
        assertEquals(RtcpError.NONE, walkError(rr));

        byte[] v1 = rr.clone();
        v1[0] = 0x40;
        assertEquals(RtcpError.BAD_VERSION, walkError(v1));

        byte[] longer = rr.clone();
        longer[3] = 2;
        assertEquals(RtcpError.LENGTH_EXCEEDS_BUFFER, walkError(longer));

        assertEquals(RtcpError.TRUNCATED, walkError(new byte[0]));
        assertEquals(RtcpError.TRUNCATED, walkError(new byte[] {(byte) 0x80, (byte) 201, 0}));
        byte[] trailing = java.util.Arrays.copyOf(rr, 11);
        assertEquals(RtcpError.TRUNCATED, walkError(trailing));

        byte[] rcLie = rr.clone();
        rcLie[0] = (byte) 0x81; // one report block announced, none present
        assertEquals(RtcpError.TRUNCATED, walkError(rcLie));

        byte[] padZero = Vectors.hex("a0c90002 00000001 00000000");
        assertEquals(RtcpError.BAD_PADDING, walkError(padZero));
        byte[] padHuge = Vectors.hex("a0c90002 00000001 000000ff");
        assertEquals(RtcpError.BAD_PADDING, walkError(padHuge));
        byte[] padEatsSsrc = Vectors.hex("a0c90002 00000001 00000008");
        assertEquals(RtcpError.TRUNCATED, walkError(padEatsSsrc));

        byte[] sdesOverrun = Vectors.hex("81ca0002 00000001 01080000");
        assertEquals(RtcpError.TRUNCATED, walkError(sdesOverrun));
        byte[] rembLie = Vectors.hex("8fce0004 00000001 00000000 52454d42 05000001");
        assertEquals(RtcpError.TRUNCATED, walkError(rembLie));
        byte[] xrBadRrtr = Vectors.hex("80cf0002 00000001 04000000");
        assertEquals(RtcpError.MALFORMED, walkError(xrBadRrtr));
    }

    @Test
    void validPaddingIsStripped() {
        // RR with 4 bytes of padding, count in the last octet
        byte[] b = Vectors.hex("a0c90002 00000007 00000004");
        RtcpReader r = new RtcpReader().reset(b, 0, b.length);
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, r.next());
        assertTrue(rr.padding());
        assertEquals(12, rr.length());
        assertEquals(7, rr.senderSsrc());
        assertEquals(8, rr.size());
        assertNull(r.next());
        assertEquals(RtcpError.NONE, r.error());
    }

    @Test
    void errorsAreCountedPerKind() {
        RtcpReader r = new RtcpReader();
        byte[] bad = {0x40, (byte) 201, 0, 1, 0, 0, 0, 0};
        for (int i = 0; i < 3; i++) {
            r.reset(bad, 0, bad.length);
            assertNull(r.next());
            assertNull(r.next(), "stays stopped");
        }
        r.reset(new byte[2], 0, 2);
        assertNull(r.next());
        assertEquals(3, r.errorCount(RtcpError.BAD_VERSION));
        assertEquals(1, r.errorCount(RtcpError.TRUNCATED));
        assertEquals(4, r.malformedCount());
        assertEquals(4, r.compoundCount());
        assertThrows(IllegalArgumentException.class, () -> r.reset(bad, 4, 5));
        assertFalse(new ReceiverReport().wrap(bad, 4, 5), "wrap never throws");
    }

    @Test
    void walkingHotPathTypesDoesNotAllocate() {
        byte[] b = new byte[512];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, b.length);
        ReportBlock blk = new ReportBlock(9, 1, 2, 3, 4, 5, 6);
        assertTrue(cb.addSenderReport(1, 2, 3, 4, 5, blk, blk));
        assertTrue(cb.addReceiverReport(1, blk));
        assertTrue(cb.addNack(1, 2, new int[] {1, 2, 3, 40}, 0, 4));
        assertTrue(cb.addPli(1, 2));
        assertTrue(cb.addRemb(1, 1_000_000, 2, 3));
        int len = cb.length();
        RtcpReader r = new RtcpReader();
        long[] sink = new long[1];
        java.util.function.IntConsumer lostSink = s -> sink[0] += s;
        Runnable walk = () -> {
            r.reset(b, 0, len);
            for (RtcpPacket p; (p = r.next()) != null; ) {
                if (p instanceof SenderReport sr) {
                    sink[0] += sr.ntpTimestamp() + sr.lastSr(1) + sr.delaySinceLastSr(0);
                } else if (p instanceof ReceiverReport rr) {
                    sink[0] += rr.jitter(0) + rr.cumulativeLost(0);
                } else if (p instanceof GenericNack nack) {
                    nack.forEachLost(lostSink);
                } else if (p instanceof PictureLossIndication pli) {
                    sink[0] += pli.mediaSsrc();
                } else if (p instanceof Remb remb) {
                    sink[0] += remb.bitrate() + remb.ssrc(1);
                }
            }
        };
        for (int i = 0; i < 20_000; i++) {
            walk.run();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            walk.run();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals(5L * 30_000, r.packetCount());
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes over 10,000 compound walks");
        assertTrue(sink[0] != 0);
    }
}
