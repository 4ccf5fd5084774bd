package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpCompoundBuilderTest {

    @Test
    void senderReportPlusCnameIsAValidCompound() {
        byte[] b = new byte[200];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 10, 100);
        long ntp = NtpTime.fromUnixMillis(1_763_700_000_123L);
        assertTrue(cb.addSenderReport(0xCAFEBABEL, ntp, 90_000, 10, 12_000,
                new ReportBlock(7, 12, 3, 65_600, 30, NtpTime.middle32(ntp), 65536)));
        assertTrue(cb.addCname(0xCAFEBABEL, "ferry-cname"));
        assertEquals(SenderReport.size(1) + SourceDescription.sizeCname("ferry-cname"), cb.length());

        RtcpReader r = new RtcpReader().reset(b, 10, cb.length());
        SenderReport sr = assertInstanceOf(SenderReport.class, r.next());
        assertEquals(1_763_700_000_123L, NtpTime.toUnixMillis(sr.ntpTimestamp()));
        assertEquals(NtpTime.middle32(ntp), sr.lastSr(0));
        SourceDescription s = assertInstanceOf(SourceDescription.class, r.next());
        assertEquals("ferry-cname", s.cname());
        assertEquals(0xCAFEBABEL, s.chunkSsrc(0));
        assertNull(r.next());
        assertEquals(RtcpError.NONE, r.error());
    }

    @Test
    void packetsThatDoNotFitAreNotWritten() {
        byte[] b = new byte[64];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, 40);
        assertTrue(cb.addReceiverReport(1));
        assertTrue(cb.addPli(1, 2));
        assertEquals(20, cb.length());
        assertFalse(cb.addSenderReport(1, 2, 3, 4, 5));
        assertEquals(20, cb.length());
        assertTrue(cb.addPli(1, 3));
        assertEquals(8, cb.remaining());
        assertFalse(cb.addBye(new long[] {1}, "a long goodbye reason"));
        assertTrue(cb.addBye(new long[] {1}, null));
        assertEquals(0, cb.remaining());
        for (int i = 40; i < 64; i++) {
            assertEquals(0, b[i], "nothing written past the capacity");
        }
        assertEquals(0, cb.reset().length());
    }

    @Test
    void everyAddMethodProducesAParsablePacket() {
        byte[] b = new byte[1000];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, b.length);
        assertTrue(cb.addReceiverReport(1));
        assertTrue(cb.addSdes(List.of(new SourceDescription.Chunk(1, List.of(new SourceDescription.Item(6, "t"))))));
        assertTrue(cb.addNack(1, 2, new int[] {9}, 0, 1));
        assertTrue(cb.addFir(1, new long[] {2}, new int[] {1}));
        assertTrue(cb.addRemb(1, 64_000));
        assertTrue(cb.addTwcc(TwccFeedback.of(1, 2, 0, List.of(new TwccPacket(5, true, 1000)))));
        assertTrue(cb.addXr(1, true, 5));
        assertTrue(cb.addApp(1, 1, "ABCD", new byte[4], 0, 4));
        assertTrue(cb.addBye(new long[] {1}, "bye"));
        RtcpReader r = new RtcpReader().reset(b, 0, cb.length());
        int n = 0;
        while (r.next() != null) {
            n++;
        }
        assertEquals(RtcpError.NONE, r.error());
        assertEquals(9, n);
        assertEquals(0, r.unknownCount());
    }

    @Test
    void misuseThrows() {
        assertThrows(IllegalArgumentException.class, () -> new RtcpCompoundBuilder(new byte[10], 5, 6));
        assertThrows(IllegalArgumentException.class, () -> GenericNack.write(new byte[100], 0, 1, 2, new int[] {70000}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> PictureLossIndication.write(new byte[100], 0, 1L << 32, 2));
        assertThrows(IllegalArgumentException.class, () -> PictureLossIndication.write(new byte[11], 0, 1, 2));
    }
}
