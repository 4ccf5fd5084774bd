package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Packetizer input handling: Annex-B variants, OBU chains, VP9 headers, G.711 budgets. */
class PacketizerInputTest {
    /** Depacketizes mid-stream (after a completed frame), see {@link RfcVectorTest#depacketize}. */
    static String depacketized(String codec, Packets out) {
        byte[] f = RfcVectorTest.depacketize(Codecs.depacketizer(codec), out.payloads, 100, 9000);
        return Packets.hex(f, 0, f.length);
    }

    @Test
    void annexBWithThreeByteStartCodesLeadingAndTrailingZeros() {
        // leading zero_byte, 3-byte and 4-byte start codes, trailing_zero_8bits after a NAL
        byte[] au = Packets.hex("00 00 00 00 01 09 f0 00 00 01 67 42 c0 1e 00 00 00 00 00 01 68 ce 3c 80 00 00 01 65 88 84");
        Packets out = new Packets();
        assertEquals(1, new H264Packetizer().packetize(au, 0, au.length, out), "all four NALs fit one STAP-A");
        assertEquals(0x18, out.get(0)[0] & 0x1F, "STAP-A");
        assertEquals("0000000109f0" + "0000000167 42c01e".replace(" ", "") + "0000000168ce3c80" + "0000000165 8884".replace(" ", ""),
                depacketized("H264", out), "normalised to 4-byte start codes, trailing zeros dropped");
    }

    @Test
    void h264RejectsMalformedAccessUnits() {
        H264Packetizer pk = new H264Packetizer();
        Packets out = new Packets();
        for (String bad : List.of("65 88 84", "01 00 00 01 65", "00 00 01 78 00 02 09 f0", "00 00 01 00 11")) {
            byte[] b = Packets.hex(bad);
            assertEquals(Packetizer.INVALID_FRAME, pk.packetize(b, 0, b.length, out), bad);
        }
        assertEquals(0, out.size());
        byte[] zeros = new byte[5];
        assertEquals(0, pk.packetize(zeros, 0, 5, out), "only zero bytes: nothing to send");
        assertEquals(0, pk.packetize(zeros, 0, 0, out), "empty");
    }

    @Test
    void h264StapAUsesTheHighestNri() {
        byte[] au = Packets.hex("00 00 00 01 06 05 ff  00 00 00 01 21 9a 01"); // SEI NRI=0, slice NRI=1
        Packets out = new Packets();
        new H264Packetizer().packetize(au, 0, au.length, out);
        assertEquals(1, out.size());
        assertEquals(0x38, out.get(0)[0] & 0xFF, "F=0, NRI=1 (max of 0 and 1), type 24");
    }

    @Test
    void av1PacketizerDropsTemporalDelimitersAndTileListsAndAcceptsUnsizedLastObu() {
        // TD, tile list (type 8, sized), frame OBU without obu_size (last OBU: runs to the end)
        byte[] tu = Packets.hex("12 00  42 01 ee  30 a1 a2 a3");
        Packets out = new Packets();
        assertEquals(1, new Av1Packetizer().packetize(tu, 0, tu.length, out));
        assertEquals("00" + "04" + "30a1a2a3", Packets.hex(out.get(0), 0, out.get(0).length));
        assertEquals("1200" + "3203a1a2a3", depacketized("AV1", out));
        byte[] onlyTd = Packets.hex("12 00");
        assertEquals(0, new Av1Packetizer().packetize(onlyTd, 0, 2, out), "nothing left to send");
        byte[] forbidden = Packets.hex("92 00");
        assertEquals(Packetizer.INVALID_FRAME, new Av1Packetizer().packetize(forbidden, 0, 2, out));
    }

    @Test
    void vp9KeyframeHeaderAcrossProfiles() {
        // frame_marker=2 | profile_low | profile_high | [reserved if profile 3] | show_existing | frame_type
        assertTrue(Vp9Packetizer.isKeyFrameHeader(0b1000_0000), "profile 0 key frame");
        assertFalse(Vp9Packetizer.isKeyFrameHeader(0b1000_0100), "profile 0 inter frame");
        assertFalse(Vp9Packetizer.isKeyFrameHeader(0b1000_1000), "profile 0 show_existing_frame");
        assertTrue(Vp9Packetizer.isKeyFrameHeader(0b1010_0000), "profile 1 key frame");
        assertTrue(Vp9Packetizer.isKeyFrameHeader(0b1001_0000), "profile 2 key frame");
        assertTrue(Vp9Packetizer.isKeyFrameHeader(0b1011_0000), "profile 3 key frame");
        assertFalse(Vp9Packetizer.isKeyFrameHeader(0b1011_0010), "profile 3 inter frame");
        assertFalse(Vp9Packetizer.isKeyFrameHeader(0b1011_0100), "profile 3 show_existing_frame");
        assertFalse(Vp9Packetizer.isKeyFrameHeader(0b0100_0000), "bad frame_marker");
        Packets out = new Packets();
        new Vp9Packetizer().packetize(new byte[] {(byte) 0x84, 1, 2}, 0, 3, out);
        assertEquals(0xCC, out.get(0)[0] & 0xFF, "I P B E for an inter frame");
    }

    @Test
    void vp9KeyframesCarryTheirResolutionInTheScalabilityStructure() {
        byte[] header = Packets.hex("82 49 83 42 00 13 f0 0e f6"); // 320x240, profile 0
        assertEquals(320L << 16 | 240, Vp9Packetizer.keyFrameSize(header, 0, header.length));
        assertEquals(-1, Vp9Packetizer.keyFrameSize(header, 0, 7), "truncated frame_size");
        byte[] badSync = Packets.hex("82 49 83 43 00 13 f0 0e f6");
        assertEquals(-1, Vp9Packetizer.keyFrameSize(badSync, 0, badSync.length));
        // profile 1 (4:4:4): color_range + subsampling_x/y + reserved before frame_size
        byte[] p1 = Packets.hex("a2 49 83 42 00 02 7e 01 de");
        assertEquals(320L << 16 | 240, Vp9Packetizer.keyFrameSize(p1, 0, p1.length));
        for (int mtu : new int[] {15, 16, 17, 20, 100}) {
            byte[] frame = new byte[300];
            new java.util.Random(mtu).nextBytes(frame);
            System.arraycopy(header, 0, frame, 0, header.length);
            Packets out = new Packets();
            new Vp9Packetizer(mtu, 0).packetize(frame, 0, frame.length, out);
            byte[] first = out.get(0);
            assertEquals(mtu >= 16, (first[0] & 0x02) != 0, "V only when the SS fits, mtu " + mtu);
            for (int i = 1; i < out.size(); i++) {
                assertEquals(0, out.get(i)[0] & 0x02, "SS on the first packet only");
            }
            Depacketizer dp = new Vp9Depacketizer();
            for (int i = 0; i < out.size(); i++) {
                assertTrue(out.get(i).length <= mtu);
                dp.push(i, 0, out.marker(i), out.get(i), 0, out.get(i).length);
            }
            assertEquals(Packets.hex(frame, 0, frame.length), Packets.hex(dp.frameBuffer(), 0, dp.frameLength()));
            assertTrue(dp.isKeyframe());
        }
    }

    @Test
    void g711PtimeIsCappedByTheBudget() {
        G711Packetizer pk = new G711Packetizer("pcma", 60, 200);
        assertEquals(200, pk.samplesPerPacket(), "60 ms = 480 bytes, capped at 200");
        assertEquals("PCMA", pk.codec());
        Packets out = new Packets();
        assertEquals(3, pk.packetize(new byte[450], 0, 450, out));
        assertEquals(List.of(200, 200, 50), out.payloads.stream().map(p -> p.length).toList());
    }
}
