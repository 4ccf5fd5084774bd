package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PacketKindTest {
    private static PacketKind kind(int b0, int b1) {
        return PacketKind.of(new byte[] {(byte) b0, (byte) b1}, 0, 2);
    }

    @Test
    void everyFirstByteFallsInItsRfc7983Range() {
        for (int b = 0; b < 256; b++) {
            PacketKind k = kind(b, 96);
            PacketKind expected = b <= 3 ? PacketKind.STUN
                    : b >= 20 && b <= 63 ? PacketKind.DTLS
                    : b >= 128 && b <= 191 ? PacketKind.RTP
                    : PacketKind.OTHER;
            assertEquals(expected, k, "first byte " + b);
        }
    }

    @Test
    void rtcpIsToldFromRtpByTheSecondByte() {
        assertEquals(PacketKind.RTP, kind(0x80, 111));
        assertEquals(PacketKind.RTP, kind(0x80, 0x80 | 111), "marker bit set");
        assertEquals(PacketKind.RTCP, kind(0x80, 200), "SR");
        assertEquals(PacketKind.RTCP, kind(0x81, 205), "RTPFB");
        assertEquals(PacketKind.RTCP, kind(0x81, 206), "PSFB");
        assertEquals(PacketKind.RTCP, kind(0x80, 192));
        assertEquals(PacketKind.RTCP, kind(0x80, 223));
        assertEquals(PacketKind.RTP, kind(0x80, 224), "M=1 PT=96");
    }

    @Test
    void shortOrEmptyInputIsOther() {
        assertEquals(PacketKind.OTHER, PacketKind.of(new byte[0], 0, 0));
        assertEquals(PacketKind.OTHER, PacketKind.of(new byte[] {(byte) 0x80}, 0, 1));
        assertEquals(PacketKind.STUN, PacketKind.of(new byte[] {0, 1}, 0, 1));
        assertEquals(PacketKind.DTLS, PacketKind.of(new byte[] {9, 22}, 1, 1), "offset honoured");
    }
}
