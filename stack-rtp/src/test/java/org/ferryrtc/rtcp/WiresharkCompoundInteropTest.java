package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Our RTCP writers checked by Wireshark's dissector ({@code tshark}): one compound packet
 * (RFC 3550 §6.1) holding SR with report blocks, SDES CNAME, Generic NACK with several FCI
 * entries (RFC 4585 §6.2.1), PLI (§6.3.1), FIR (RFC 5104 §4.3.1), REMB
 * (draft-alvestrand-rmcat-remb §2.2), XR RRTR + DLRR (RFC 3611 §4.4/§4.5), TWCC, APP and BYE
 * with a reason, and a second compound RR + SDES. Every field Wireshark shows is compared with
 * what we wrote; nothing may be malformed, and its frame length check must pass.
 */
@Tag("interop")
class WiresharkCompoundInteropTest {
    static final long ME = 0x1A2B3C4DL;
    static final long PEER = 0x9E8D7C6BL;
    static final long PEER2 = 0x0000BEEFL;
    static final long NTP = 0xE8A0_1234_8000_0000L;

    @Test
    void wiresharkDecodesEveryPacketTypeOfACompoundAsWritten() throws Exception {
        byte[] b = new byte[1500];
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, b.length);
        ReportBlock rb1 = new ReportBlock(PEER, 25, 1234, 0x0002_FFF0L, 987, 0xA1B2C3D4L, 65536 + 32768);
        ReportBlock rb2 = new ReportBlock(PEER2, 0, 0, 42, 0, 0, 0);
        int[] lost = {100, 101, 105, 116, 117, 300, 65535, 2};
        TwccFeedback twcc = TwccFeedback.of(ME, PEER, 7, WiresharkTwccInteropTest.run(65533, 5, true, 1_280_000, 3_000));
        assertTrue(cb.addSenderReport(ME, NTP, 0xFFFF_FFF0L, 123_456, 98_765_432, rb1, rb2)
                && cb.addCname(ME, "ferry@example")
                && cb.addNack(ME, PEER, lost, 0, lost.length)
                && cb.addPli(ME, PEER)
                && cb.addFir(ME, new long[] {PEER, PEER2}, new int[] {5, 255})
                && cb.addRemb(ME, 123_456_789L, PEER, PEER2)
                && cb.addXr(ME, true, NTP, new ExtendedReport.Dlrr(PEER, 0x12345678L, 0x00010000L))
                && cb.addTwcc(twcc)
                && cb.addApp(3, ME, "ferr", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8)
                && cb.addBye(new long[] {ME, PEER2}, "shutting down"));
        byte[] first = Arrays.copyOf(b, cb.length());
        cb.reset();
        assertTrue(cb.addReceiverReport(PEER2, rb1) && cb.addCname(PEER2, "rr-only"));
        byte[] second = Arrays.copyOf(b, cb.length());

        List<Element> ps = Tshark.dissect(List.of(first, second));
        Element p = ps.get(0);
        assertEquals(List.of(), Tshark.problems(p));
        assertEquals(List.of("1"), Tshark.shows(p, "rtcp.length_check"), "frame length check OK");
        assertEquals(List.of("200", "202", "205", "206", "206", "206", "207", "205", "204", "203"),
                Tshark.shows(p, "rtcp.pt"));
        // SR (RFC 3550 §6.4.1)
        assertEquals(List.of("2"), Tshark.shows(p, "rtcp.rc"));
        assertEquals(List.of(Long.toString(NTP >>> 32)), Tshark.shows(p, "rtcp.timestamp.ntp.msw"));
        assertEquals(List.of(Long.toString(NTP & 0xFFFFFFFFL)), Tshark.shows(p, "rtcp.timestamp.ntp.lsw"));
        assertEquals(List.of("4294967280"), Tshark.shows(p, "rtcp.timestamp.rtp"));
        assertEquals(List.of("123456"), Tshark.shows(p, "rtcp.sender.packetcount"));
        assertEquals(List.of("98765432"), Tshark.shows(p, "rtcp.sender.octetcount"));
        assertEquals(List.of("25", "0"), Tshark.shows(p, "rtcp.ssrc.fraction"));
        assertEquals(List.of("1234", "0"), Tshark.shows(p, "rtcp.ssrc.cum_nr"));
        assertEquals(List.of(Long.toString(0x0002_FFF0L), "42"), Tshark.shows(p, "rtcp.ssrc.ext_high"));
        assertEquals(List.of("987", "0"), Tshark.shows(p, "rtcp.ssrc.jitter"));
        assertEquals(List.of(Long.toString(0xA1B2C3D4L), "0"), Tshark.shows(p, "rtcp.ssrc.lsr"));
        assertEquals(List.of("98304", "0"), Tshark.shows(p, "rtcp.ssrc.dlsr"));
        // SSRC identifiers in order: 2 report blocks, SDES chunk, XR DLRR, APP, BYE x2
        assertEquals(List.of(hex(PEER), hex(PEER2), hex(ME), hex(PEER), hex(ME), hex(ME), hex(PEER2)),
                Tshark.shows(p, "rtcp.ssrc.identifier"));
        // SDES CNAME (§6.5.1) and the BYE reason (§6.6), which Wireshark files under sdes.text
        assertEquals(List.of("1", "0"), Tshark.shows(p, "rtcp.sdes.type"));
        assertEquals(List.of("ferry@example", "shutting down"), Tshark.shows(p, "rtcp.sdes.text"));
        // Generic NACK (RFC 4585 §6.2.1): every lost number, as PID or as a BLP bit. Wireshark 4.0
        // shows PID + bit without the 16-bit wrap (PID 65535, bit 3 shows as "Frame 65538"),
        // while RTP sequence numbers are modulo 2^16 (RFC 3550 §5.1): compare modulo 2^16
        List<Integer> nacked = new ArrayList<>();
        for (String s : Tshark.shows(p, "rtcp.rtpfb.nack_pid")) {
            nacked.add(Integer.parseInt(s) & 0xFFFF);
        }
        assertEquals(List.of(100, 101, 105, 116, 117, 300, 65535, 2), nacked);
        assertEquals(List.of("1", "15"), Tshark.shows(p, "rtcp.rtpfb.fmt"));
        assertEquals(List.of("1", "4", "15"), Tshark.shows(p, "rtcp.psfb.fmt"));
        // FIR (RFC 5104 §4.3.1)
        assertEquals(List.of(hex(PEER), hex(PEER2)), Tshark.shows(p, "rtcp.psfb.fir.fci.ssrc"));
        assertEquals(List.of("5", "255"), Tshark.shows(p, "rtcp.psfb.fir.fci.csn"));
        // REMB: bitrate = mantissa x 2^exp as Wireshark computes it
        int exp = Integer.parseInt(Tshark.shows(p, "rtcp.psfb.remb.fci.br_exp").get(0));
        long mantissa = Long.parseLong(Tshark.shows(p, "rtcp.psfb.remb.fci.br_mantissa").get(0));
        assertTrue(mantissa < (1 << 18));
        long bitrate = mantissa << exp;
        assertTrue(bitrate <= 123_456_789L && 123_456_789L - bitrate < (1L << exp), "REMB " + bitrate);
        assertEquals(List.of("REMB"), Tshark.shows(p, "rtcp.psfb.remb.identifier"));
        assertEquals(List.of("2"), Tshark.shows(p, "rtcp.psfb.remb.fci.number_ssrcs"));
        assertEquals(List.of(hex(PEER), hex(PEER2)), Tshark.shows(p, "rtcp.psfb.remb.fci.ssrc"));
        assertTrue(Tshark.fields(p, "rtcp.psfb.remb.fci.bitrate").get(0).getAttribute("showname")
                .endsWith(": " + bitrate));
        // XR (RFC 3611)
        assertEquals(List.of("4", "5"), Tshark.shows(p, "rtcp.xr.bt"));
        assertEquals(List.of("2", "3"), Tshark.shows(p, "rtcp.xr.bl"));
        assertEquals(List.of(Long.toString(0x12345678L)), Tshark.shows(p, "rtcp.xr.lrr"));
        assertEquals(List.of(Long.toString(0x00010000L)), Tshark.shows(p, "rtcp.xr.dlrr"));
        assertEquals(Tshark.shows(p, "rtcp.timestamp.ntp"), Tshark.shows(p, "rtcp.xr.timestamp"), "RRTR = SR NTP time");
        // TWCC inside a compound
        assertEquals(List.of("65533"), Tshark.shows(p, "rtcp.rtpfb.transportcc.baseseq"));
        assertEquals(List.of("5"), Tshark.shows(p, "rtcp.rtpfb.transportcc.statuscount"));
        assertEquals(List.of("20"), Tshark.shows(p, "rtcp.rtpfb.transportcc.reftime"));
        assertEquals(List.of("7"), Tshark.shows(p, "rtcp.rtpfb.transportcc.pktcount"));
        assertEquals(5, Tshark.fields(p, "rtcp.rtpfb.transportcc.recv_delta").size());
        // APP (§6.7)
        assertEquals(List.of("3"), Tshark.shows(p, "rtcp.app.subtype"));
        assertEquals(List.of("ferr"), Tshark.shows(p, "rtcp.app.name"));
        assertEquals(List.of("01:02:03:04:05:06:07:08"), Tshark.shows(p, "rtcp.app.data"));
        // BYE (§6.6)
        assertEquals(List.of("1", "2"), Tshark.shows(p, "rtcp.sc"), "SDES 1 chunk, BYE 2 sources");

        Element rr = ps.get(1);
        assertEquals(List.of(), Tshark.problems(rr));
        assertEquals(List.of("1"), Tshark.shows(rr, "rtcp.length_check"));
        assertEquals(List.of("201", "202"), Tshark.shows(rr, "rtcp.pt"));
        assertEquals(List.of(hex(PEER2)), Tshark.shows(rr, "rtcp.senderssrc"));
        assertEquals(List.of("25"), Tshark.shows(rr, "rtcp.ssrc.fraction"));
        assertEquals(List.of("1234"), Tshark.shows(rr, "rtcp.ssrc.cum_nr"));
        assertEquals(List.of("rr-only"), Tshark.shows(rr, "rtcp.sdes.text"));
    }

    static String hex(long ssrc) {
        return String.format("0x%08x", ssrc);
    }
}
