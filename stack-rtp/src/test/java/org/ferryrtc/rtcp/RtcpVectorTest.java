package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-assembled packets laid out per the RFC/draft diagrams (field values in each file's
 * comments): parsed, fields checked, then written back byte for byte and parsed again.
 */
class RtcpVectorTest {

    /** Parses a single-packet vector and checks write -> parse -> write gives the same bytes. */
    static RtcpPacket single(byte[] v) {
        RtcpReader r = new RtcpReader().reset(v, 0, v.length);
        RtcpPacket p = r.next();
        assertEquals(RtcpError.NONE, r.error());
        assertTrue(p != null);
        assertNull(r.next());
        assertEquals(RtcpError.NONE, r.error());
        assertEquals(v.length, p.length());
        return p;
    }

    static byte[] rewrite(RtcpPacket p) {
        byte[] out = new byte[p.size() + 8];
        int n = p.writeTo(out, 3);
        assertEquals(p.size(), n);
        return Arrays.copyOfRange(out, 3, 3 + n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc3550/sr-two-blocks.hex", "rfc3550/rr-one-block.hex",
            "rfc3550/sdes-two-chunks.hex", "rfc3550/bye-with-reason.hex", "rfc3550/app.hex",
            "rfc4585/generic-nack.hex", "rfc4585/pli.hex", "rfc5104/fir.hex", "remb/remb.hex",
            "twcc/runlength-and-1bit-vector.hex", "twcc/2bit-vector-large-negative.hex",
            "twcc/long-loss-run.hex", "rfc3611/xr-rrtr-dlrr.hex"})
    void canonicalVectorsRoundTripByteForByte(String name) {
        byte[] v = Vectors.load(name);
        byte[] once = rewrite(single(v));
        assertArrayEquals(v, once, name);
        byte[] twice = rewrite(single(once));
        assertArrayEquals(once, twice, name);
    }

    @Test
    void senderReport() {
        SenderReport sr = assertInstanceOf(SenderReport.class, single(Vectors.load("rfc3550/sr-two-blocks.hex")));
        assertEquals(0x11223344L, sr.senderSsrc());
        assertEquals(0xE8A2B5C480000000L, sr.ntpTimestamp());
        assertEquals(0x00FACE00L, sr.rtpTimestamp());
        assertEquals(1234, sr.packetCount());
        assertEquals(567890, sr.octetCount());
        assertEquals(2, sr.reportCount());
        assertEquals(new ReportBlock(0xAABBCCDDL, 25, 3, 0x0001FFFFL, 42, 0xB5C48000L, 0x10000), sr.reportBlock(0));
        assertEquals(-5, sr.cumulativeLost(1));
        assertEquals(0x01020304L, sr.blockSsrc(1));
        assertEquals(0x100, sr.highestSequence(1));
        assertEquals(7, sr.jitter(1));
    }

    @Test
    void receiverReport() {
        ReceiverReport rr = assertInstanceOf(ReceiverReport.class, single(Vectors.load("rfc3550/rr-one-block.hex")));
        assertEquals(0x55667788L, rr.senderSsrc());
        assertEquals(new ReportBlock(0x11223344L, 128, 8388607, 0x00030005L, 1000, 0x12345678L, 0x9ABC),
                rr.reportBlock(0));
    }

    @Test
    void sdes() {
        SourceDescription s = assertInstanceOf(SourceDescription.class,
                single(Vectors.load("rfc3550/sdes-two-chunks.hex")));
        assertEquals(2, s.chunkCount());
        assertEquals(3, s.itemCount());
        assertEquals("user@example.com", s.cname());
        assertEquals(0x11223344L, s.itemSsrc(1));
        assertEquals(SourceDescription.TOOL, s.itemType(1));
        assertEquals("ferry", s.itemValue(1));
        assertEquals(0x55667788L, s.itemSsrc(2));
        assertEquals(SourceDescription.NAME, s.itemType(2));
        assertEquals("Alice", s.itemValue(2));
    }

    @Test
    void bye() {
        Goodbye b = assertInstanceOf(Goodbye.class, single(Vectors.load("rfc3550/bye-with-reason.hex")));
        assertEquals(2, b.ssrcCount());
        assertEquals(0x11223344L, b.ssrc(0));
        assertEquals(0x99887766L, b.ssrc(1));
        assertEquals("camera off", b.reason());
    }

    @Test
    void app() {
        AppPacket a = assertInstanceOf(AppPacket.class, single(Vectors.load("rfc3550/app.hex")));
        assertEquals(3, a.subtype());
        assertEquals(0x0A0B0C0DL, a.ssrc());
        assertEquals("FRRY", a.name());
        assertEquals(8, a.dataLength());
        assertEquals(1, a.buffer()[a.dataOffset()]);
        assertEquals(8, a.buffer()[a.dataOffset() + 7]);
    }

    @Test
    void compoundSrSdes() {
        byte[] v = Vectors.load("rfc3550/compound-sr-sdes.hex");
        RtcpReader r = new RtcpReader().reset(v, 0, v.length);
        SenderReport sr = assertInstanceOf(SenderReport.class, r.next());
        assertEquals(160, sr.rtpTimestamp());
        assertEquals(0, sr.reportCount());
        byte[] out = new byte[64];
        RtcpCompoundBuilder b = new RtcpCompoundBuilder(out, 0, out.length);
        assertTrue(b.add(sr));
        SourceDescription s = assertInstanceOf(SourceDescription.class, r.next());
        assertEquals("ab", s.cname());
        assertTrue(b.add(s));
        assertNull(r.next());
        assertEquals(RtcpError.NONE, r.error());
        assertArrayEquals(v, Arrays.copyOf(out, b.length()));
    }

    @Test
    void nack() {
        GenericNack n = assertInstanceOf(GenericNack.class, single(Vectors.load("rfc4585/generic-nack.hex")));
        assertEquals(0x11223344L, n.senderSsrc());
        assertEquals(0xAABBCCDDL, n.mediaSsrc());
        assertEquals(2, n.entryCount());
        int[] lost = new int[8];
        assertEquals(5, n.copyLost(lost, 0));
        assertArrayEquals(new int[] {65534, 65535, 1, 100, 116}, Arrays.copyOf(lost, 5));
        assertEquals(5, n.lostCount());
    }

    @Test
    void pliAndFir() {
        PictureLossIndication p = assertInstanceOf(PictureLossIndication.class, single(Vectors.load("rfc4585/pli.hex")));
        assertEquals(0xAABBCCDDL, p.mediaSsrc());
        FullIntraRequest f = assertInstanceOf(FullIntraRequest.class, single(Vectors.load("rfc5104/fir.hex")));
        assertEquals(2, f.entryCount());
        assertEquals(0xAABBCCDDL, f.entrySsrc(0));
        assertEquals(7, f.entrySequence(0));
        assertEquals(0x01020304L, f.entrySsrc(1));
        assertEquals(255, f.entrySequence(1));
    }

    @Test
    void remb() {
        Remb r = assertInstanceOf(Remb.class, single(Vectors.load("remb/remb.hex")));
        assertEquals(1_000_000L, r.bitrate());
        assertEquals(2, r.exponent());
        assertEquals(250000, r.mantissa());
        assertEquals(2, r.ssrcCount());
        assertEquals(0x01020304L, r.ssrc(1));
    }

    @Test
    void twccRunLengthAndOneBitVector() {
        TransportCcFeedback t = assertInstanceOf(TransportCcFeedback.class,
                single(Vectors.load("twcc/runlength-and-1bit-vector.hex")));
        assertEquals(65530, t.baseSequence());
        assertEquals(20, t.statusCount());
        assertEquals(258, t.referenceTime());
        assertEquals(7, t.feedbackPacketCount());
        assertEquals(18, t.receivedCount());
        TwccFeedback f = t.decode();
        List<Integer> seqs = new ArrayList<>();
        for (int i = 0; i < f.receivedCount(); i++) {
            seqs.add(f.receivedSequence(i));
        }
        assertEquals(List.of(65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13), seqs);
        assertEquals(258L * 64000 + 250 * 4, f.arrivalTimeUs(0));
        assertEquals(258L * 64000 + 14 * 1000 + 2000, f.arrivalTimeUs(14));
        assertEquals(258L * 64000 + 14 * 1000 + 4 * 2000, f.arrivalTimeUs(17));
    }

    @Test
    void twccTwoBitVectorWithLargeAndNegativeDeltas() {
        TransportCcFeedback t = assertInstanceOf(TransportCcFeedback.class,
                single(Vectors.load("twcc/2bit-vector-large-negative.hex")));
        assertEquals(-2, t.referenceTime());
        TwccFeedback f = t.decode();
        assertEquals(5, f.receivedCount());
        long[] expected = {-124000, 132000, 82000, 83250, 147000};
        int[] seqs = {1000, 1001, 1003, 1004, 1006};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], f.arrivalTimeUs(i));
            assertEquals(seqs[i], f.receivedSequence(i));
        }
        assertEquals(-200, f.deltaTicks(2));
    }

    @Test
    void twccLongLossRun() {
        TransportCcFeedback t = assertInstanceOf(TransportCcFeedback.class, single(Vectors.load("twcc/long-loss-run.hex")));
        TwccFeedback f = t.decode();
        assertEquals(300, f.statusCount());
        assertEquals(2, f.receivedCount());
        assertEquals(40000, f.receivedSequence(0));
        assertEquals(40299, f.receivedSequence(1));
        assertEquals(64000, f.arrivalTimeUs(0));
        assertEquals(2_112_000, f.arrivalTimeUs(1));
        List<TwccPacket> all = f.packets();
        assertEquals(300, all.size());
        assertEquals(2, all.stream().filter(TwccPacket::received).count());
        assertEquals(255, f.feedbackCount());
    }

    @Test
    void extendedReportSkipsOtherBlocks() {
        byte[] v = Vectors.load("rfc3611/xr-rrtr-other-dlrr.hex");
        ExtendedReport x = assertInstanceOf(ExtendedReport.class, single(v));
        assertEquals(0x11223344L, x.senderSsrc());
        assertEquals(3, x.blockCount());
        assertEquals(1, x.skippedBlockCount());
        assertTrue(x.hasRrtr());
        assertEquals(0xE8A2B5C412345678L, x.rrtrNtpTimestamp());
        assertEquals(2, x.dlrrCount());
        assertEquals(0xAABBCCDDL, x.dlrrSsrc(0));
        assertEquals(0x12345678L, x.dlrrLastRr(0));
        assertEquals(0x8000L, x.dlrrDelay(0));
        assertEquals(0x01020304L, x.dlrrSsrc(1));
        // canonical rewrite drops the skipped block, keeps the rest
        byte[] once = rewrite(x);
        assertEquals(v.length - 8, once.length);
        ExtendedReport y = assertInstanceOf(ExtendedReport.class, single(once));
        assertEquals(0, y.skippedBlockCount());
        assertEquals(2, y.dlrrCount());
        assertEquals(0xE8A2B5C412345678L, y.rrtrNtpTimestamp());
        assertFalse(Arrays.equals(v, once));
    }
}
