package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each type: static write -> parse (fields equal what was written) -> writeTo (same bytes). */
class RtcpRoundTripTest {

    /** Parses {@code b[off..off+n)} as one packet, checks writeTo reproduces it, returns the view. */
    static RtcpPacket roundTrip(byte[] b, int off, int n) {
        assertEquals(0, n % 4, "size is a multiple of 4");
        assertEquals(n / 4 - 1, ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF), "length field");
        RtcpReader r = new RtcpReader().reset(b, off, n);
        RtcpPacket p = r.next();
        assertEquals(RtcpError.NONE, r.error());
        assertNull(r.next());
        assertEquals(n, p.size());
        byte[] again = new byte[n];
        assertEquals(n, p.writeTo(again, 0));
        assertArrayEquals(Arrays.copyOfRange(b, off, off + n), again);
        return p;
    }

    @Test
    void senderReport() {
        byte[] b = new byte[200];
        ReportBlock rb = new ReportBlock(0xFFFFFFFFL, 255, -0x800000, 0xFFFFFFFFL, 0, 1, 2);
        int n = SenderReport.write(b, 5, 0xDEADBEEFL, 0xFFFFFFFF00000001L, 0xFFFFFFFFL, 0, 0xFFFFFFFFL, rb, rb);
        assertEquals(SenderReport.size(2), n);
        SenderReport sr = assertInstanceOf(SenderReport.class, roundTrip(b, 5, n));
        assertEquals(0xDEADBEEFL, sr.senderSsrc());
        assertEquals(0xFFFFFFFF00000001L, sr.ntpTimestamp());
        assertEquals(0xFFFFFFFFL, sr.rtpTimestamp());
        assertEquals(0xFFFFFFFFL, sr.octetCount());
        assertEquals(rb, sr.reportBlock(1));
        assertEquals(-0x800000, sr.cumulativeLost(0));
        assertTrue(new SenderReport().wrap(b, 5, n));
        assertFalse(new ReceiverReport().wrap(b, 5, n), "type mismatch");
        assertFalse(new SenderReport().wrap(b, 5, n - 4), "length mismatch");
    }

    @Test
    void receiverReportWithMaxBlocks() {
        ReportBlock[] blocks = new ReportBlock[31];
        for (int i = 0; i < 31; i++) {
            blocks[i] = new ReportBlock(i, i, -i, 1000 + i, 7 * i, 0, 0);
        }
        byte[] b = new byte[ReceiverReport.size(31)];
        int n = ReceiverReport.write(b, 0, 42, blocks);
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, roundTrip(b, 0, n));
        assertEquals(31, rr.reportCount());
        for (int i = 0; i < 31; i++) {
            assertEquals(blocks[i], rr.reportBlock(i));
        }
        assertThrows(IllegalArgumentException.class, () -> ReceiverReport.write(new byte[2000], 0, 1, new ReportBlock[32]));
        assertThrows(IllegalArgumentException.class, () -> ReceiverReport.write(new byte[10], 4, 1));
    }

    @Test
    void sdesChunksAndItems() {
        List<SourceDescription.Chunk> chunks = List.of(
                new SourceDescription.Chunk(1, List.of(new SourceDescription.Item(1, "a"),
                        new SourceDescription.Item(SourceDescription.NOTE, "héllo"))),
                new SourceDescription.Chunk(2, List.of()),
                new SourceDescription.Chunk(3, List.of(new SourceDescription.Item(1, "xy"))));
        byte[] b = new byte[100];
        int n = SourceDescription.write(b, 0, chunks);
        assertEquals(SourceDescription.size(chunks), n);
        SourceDescription s = assertInstanceOf(SourceDescription.class, roundTrip(b, 0, n));
        assertEquals(3, s.chunkCount());
        assertEquals(3, s.itemCount());
        assertEquals("héllo", s.itemValue(1));
        assertEquals(2L, s.chunkSsrc(1));
        assertEquals(3L, s.itemSsrc(2));
        assertEquals(2, s.itemChunk(2));
        // CNAME lengths 0..8 cover every padding case
        for (int len = 0; len <= 8; len++) {
            String cname = "c".repeat(len);
            int m = SourceDescription.writeCname(b, 0, 7, cname);
            assertEquals(SourceDescription.sizeCname(cname), m);
            SourceDescription c = assertInstanceOf(SourceDescription.class, roundTrip(b, 0, m));
            assertEquals(cname, c.cname());
        }
    }

    @Test
    void byeWithAndWithoutReason() {
        byte[] b = new byte[64];
        for (String reason : new String[] {null, "", "x", "bye!", "a longer reason"}) {
            int n = Goodbye.write(b, 0, new long[] {1, 0xFFFFFFFFL}, reason);
            assertEquals(Goodbye.size(2, reason), n);
            Goodbye g = assertInstanceOf(Goodbye.class, roundTrip(b, 0, n));
            assertEquals(0xFFFFFFFFL, g.ssrc(1));
            assertEquals(reason == null || reason.isEmpty() ? null : reason, g.reason());
        }
    }

    @Test
    void app() {
        byte[] b = new byte[64];
        byte[] data = {9, 8, 7, 6, 5, 4, 3, 2};
        int n = AppPacket.write(b, 4, 31, 5, "TEST", data, 0, 8);
        AppPacket a = assertInstanceOf(AppPacket.class, roundTrip(b, 4, n));
        assertEquals(31, a.subtype());
        assertEquals("TEST", a.name());
        assertArrayEquals(data, Arrays.copyOfRange(a.buffer(), a.dataOffset(), a.dataOffset() + a.dataLength()));
        assertThrows(IllegalArgumentException.class, () -> AppPacket.write(b, 0, 0, 5, "TEST", data, 0, 3));
    }

    @Test
    void pliFirRemb() {
        byte[] b = new byte[64];
        int n = PictureLossIndication.write(b, 0, 1, 2);
        PictureLossIndication p = assertInstanceOf(PictureLossIndication.class, roundTrip(b, 0, n));
        assertEquals(1, p.senderSsrc());
        assertEquals(2, p.mediaSsrc());

        n = FullIntraRequest.write(b, 0, 1, new long[] {10, 20, 30}, new int[] {0, 128, 255});
        FullIntraRequest f = assertInstanceOf(FullIntraRequest.class, roundTrip(b, 0, n));
        assertEquals(3, f.entryCount());
        assertEquals(0, f.mediaSsrc());
        assertEquals(128, f.entrySequence(1));
        assertEquals(30, f.entrySsrc(2));

        for (long rate : new long[] {0, 1, 262143, 262144, 1_000_000, 2_500_000_000L, 1L << 40}) {
            n = Remb.write(b, 0, 9, rate, 0xAAAAAAAAL);
            Remb r = assertInstanceOf(Remb.class, roundTrip(b, 0, n));
            assertTrue(r.bitrate() <= rate, "rounds down");
            assertTrue(r.bitrate() > rate - (rate >>> 17) - 1, "within one mantissa step: " + rate);
            assertEquals(0xAAAAAAAAL, r.ssrc(0));
        }
        n = Remb.write(b, 0, 9, 1_000_000);
        assertEquals(0, assertInstanceOf(Remb.class, roundTrip(b, 0, n)).ssrcCount());
    }

    @Test
    void rembBitrateOverflowIsClamped() {
        byte[] b = new byte[20];
        Remb.write(b, 0, 1, 5);
        b[17] = (byte) 0xFC; // exponent 63
        Remb r = new Remb();
        assertTrue(r.wrap(b, 0, 20));
        assertEquals(Long.MAX_VALUE, r.bitrate());
    }

    @Test
    void extendedReport() {
        byte[] b = new byte[100];
        ExtendedReport.Dlrr d1 = new ExtendedReport.Dlrr(5, 0x12345678L, 0xFFFFFFFFL);
        int n = ExtendedReport.write(b, 0, 77, true, 0x0102030405060708L, d1, d1);
        ExtendedReport x = assertInstanceOf(ExtendedReport.class, roundTrip(b, 0, n));
        assertEquals(0x0102030405060708L, x.rrtrNtpTimestamp());
        assertEquals(2, x.dlrrCount());
        assertEquals(0xFFFFFFFFL, x.dlrrDelay(1));
        n = ExtendedReport.write(b, 0, 77, false, 0);
        x = assertInstanceOf(ExtendedReport.class, roundTrip(b, 0, n));
        assertFalse(x.hasRrtr());
        assertEquals(0, x.blockCount());
        n = ExtendedReport.write(b, 0, 77, true, 99);
        x = assertInstanceOf(ExtendedReport.class, roundTrip(b, 0, n));
        assertEquals(99, x.rrtrNtpTimestamp());
        assertEquals(0, x.dlrrCount());
    }

    @Test
    void nackAndTwcc() {
        byte[] b = new byte[300];
        int[] lost = {5, 6, 21, 22, 40};
        int n = GenericNack.write(b, 0, 1, 2, lost, 0, lost.length);
        GenericNack g = assertInstanceOf(GenericNack.class, roundTrip(b, 0, n));
        int[] got = new int[10];
        assertArrayEquals(lost, Arrays.copyOf(got, g.copyLost(got, 0)));

        TwccFeedback f = TwccFeedback.of(1, 2, 3, List.of(new TwccPacket(10, true, 1_000_000),
                new TwccPacket(12, true, 1_000_500), new TwccPacket(13, true, 900_000)));
        n = f.writeTo(b, 0);
        TransportCcFeedback t = assertInstanceOf(TransportCcFeedback.class, roundTrip(b, 0, n));
        assertEquals(f, t.decode());
    }

    @Test
    void unknownPacketIsCopiedVerbatim() {
        byte[] b = Vectors.hex("81 d2 0002 01020304 05060708");
        UnknownPacket u = assertInstanceOf(UnknownPacket.class, roundTrip(b, 0, b.length));
        assertEquals(210, u.packetType());
        assertEquals(8, u.payloadLength());
    }
}
