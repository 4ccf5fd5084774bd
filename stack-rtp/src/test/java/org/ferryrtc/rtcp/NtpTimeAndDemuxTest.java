package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NtpTimeAndDemuxTest {

    @Test
    void rttExampleFromRfc3550Section641() {
        // A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s)
        long now = 0x0000_B710_8000_0000L;
        assertEquals(0xB7108000L, NtpTime.middle32(now));
        assertEquals(6_125_000_000L, NtpTime.rttNanos(now, 0xB7052000L, 0x00054000L));
        assertEquals(-1, NtpTime.rttNanos(now, 0, 0x00054000L), "no SR received yet");
        assertEquals(-1, NtpTime.rttNanos(now, 0xB7108000L, 0x00054000L), "negative");
    }

    @Test
    void rttAcrossTheMiddle32Wrap() {
        long now = 0x0001_0000_1000_0000L; // middle 32 = 0x00001000
        assertEquals(NtpTime.compactToNanos(0x2000), NtpTime.rttNanos(now, 0xFFFFF000L, 0));
    }

    @Test
    void unixEpochAndHalfSecond() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromUnixMillis(0));
        assertEquals((2_208_988_801L << 32) | 0x8000_0000L, NtpTime.fromUnixMillis(1500));
        assertEquals(1500, NtpTime.toUnixMillis((2_208_988_801L << 32) | 0x8000_0000L));
        assertEquals(0, NtpTime.toUnixNanos(2_208_988_800L << 32));
    }

    @Test
    void era1AfterFebruary2036() {
        // NTP seconds wrap to 0 on 2036-02-07T06:28:16Z = Unix 2085978496 s
        assertEquals(2_085_978_496_000L, NtpTime.toUnixMillis(0));
        assertEquals(0L, NtpTime.fromUnixMillis(2_085_978_496_000L));
    }

    @Test
    void nanosAndMillisRoundTrip() {
        Random rnd = new Random(1900);
        for (int i = 0; i < 100_000; i++) {
            long ns = 1_600_000_000_000_000_000L + (rnd.nextLong() >>> 4) % 2_000_000_000_000_000_000L;
            assertEquals(ns, NtpTime.toUnixNanos(NtpTime.fromUnixNanos(ns)));
            long ms = ns / 1_000_000;
            assertEquals(ms, NtpTime.toUnixMillis(NtpTime.fromUnixMillis(ms)));
        }
    }

    @Test
    void compactDurations() {
        assertEquals(65536, NtpTime.nanosToCompact(1_000_000_000L));
        assertEquals(1_000_000_000L, NtpTime.compactToNanos(65536));
        assertEquals(0xFFFF_FFFFL, NtpTime.nanosToCompact(Long.MAX_VALUE));
        assertEquals(0, NtpTime.nanosToCompact(-5));
        assertEquals(32768, NtpTime.nanosToCompact(500_000_000L));
    }

    @Test
    void rtpRtcpDemuxPerRfc5761() {
        byte[] b = new byte[4];
        b[0] = (byte) 0x80;
        for (int second = 0; second < 256; second++) {
            b[1] = (byte) second;
            assertEquals(second >= 192 && second <= 223, Rtcp.isRtcp(b, 0, 4), "second octet " + second);
        }
        b[1] = (byte) 200;
        assertTrue(Rtcp.isRtcp(b, 0, 2));
        assertFalse(Rtcp.isRtcp(b, 0, 1));
        assertFalse(Rtcp.isRtcp(b, 3, 2));
        assertFalse(Rtcp.isRtcp(null, 0, 4));
        assertFalse(Rtcp.isRtcp(b, -1, 2));
        b[1] = (byte) (0x80 | 96); // RTP PT 96 with the marker bit: 224
        assertFalse(Rtcp.isRtcp(b, 0, 4));
    }
}
