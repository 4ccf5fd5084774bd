package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ferryrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpRoundTripTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripWithCsrcsExtensionsAndPadding(SrtpProfile p) {
        SrtpContext[] c = Packets.pair(p, 1, SrtpPolicy.DEFAULT);
        Random rnd = new Random(2);
        RtpPacket view = new RtpPacket();
        int n = 0;
        for (int seq = 100; seq < 400; seq++) {
            int csrcs = rnd.nextInt(3);
            int ext = rnd.nextInt(4) - 1;
            int payload = rnd.nextInt(1300);
            int pad = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(8) : 0;
            byte[] b = Packets.rtp(rnd, seq, 0x11223344L, csrcs, ext, payload, pad);
            int len = Packets.rtpLength(b);
            byte[] original = Arrays.copyOf(b, len);
            assertTrue(view.wrap(b, 0, len));
            int hdr = view.headerLength();

            assertEquals(SrtpResult.OK, c[0].protectRtp(b, 0, len));
            int plen = c[0].length();
            assertEquals(len + p.srtpOverhead(), plen);
            // the header (incl. CSRCs and extension) stays clear, the payload does not
            assertArrayEquals(Arrays.copyOf(original, hdr), Arrays.copyOf(b, hdr));
            if (len - hdr >= 8) {
                assertFalse(Arrays.equals(Arrays.copyOfRange(original, hdr, len), Arrays.copyOfRange(b, hdr, len)));
            }

            assertEquals(SrtpResult.OK, c[1].unprotectRtp(b, 0, plen));
            assertEquals(len, c[1].length());
            assertArrayEquals(original, Arrays.copyOf(b, len));
            n++;
        }
        assertEquals(n, c[0].count(SrtpResult.OK));
        assertEquals(n, c[1].count(SrtpResult.OK));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTrip(SrtpProfile p) {
        SrtpContext[] c = Packets.pair(p, 3, SrtpPolicy.DEFAULT);
        Random rnd = new Random(4);
        for (int i = 0; i < 100; i++) {
            byte[] b = Packets.rtcp(rnd, 0xCAFEBABEL, rnd.nextInt(200));
            int len = b.length - Packets.TAIL;
            byte[] original = Arrays.copyOf(b, len);
            assertEquals(SrtpResult.OK, c[0].protectRtcp(b, 0, len));
            int plen = c[0].length();
            assertEquals(len + p.srtcpOverhead(), plen);
            assertArrayEquals(Arrays.copyOf(original, 8), Arrays.copyOf(b, 8), "first 8 bytes stay clear");
            assertFalse(Arrays.equals(original, Arrays.copyOf(b, len)), "the rest is encrypted");
            // E flag set and index i in the trailer
            int trailer = plen - 4 - (p.isAead() ? 0 : p.srtcpTagLength());
            assertEquals(0x8000_0000L | i, SrtpContext.readU32(b, trailer));

            assertEquals(SrtpResult.OK, c[1].unprotectRtcp(b, 0, plen));
            assertEquals(len, c[1].length());
            assertArrayEquals(original, Arrays.copyOf(b, len));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpAuthenticatedOnlyRoundTrip(SrtpProfile p) {
        SrtpContext[] c = Packets.pair(p, 5, SrtpPolicy.DEFAULT);
        byte[] b = Packets.rtcp(new Random(6), 7, 40);
        int len = b.length - Packets.TAIL;
        byte[] original = Arrays.copyOf(b, len);
        assertEquals(SrtpResult.OK, c[0].protectRtcp(b, 0, len, false));
        assertArrayEquals(original, Arrays.copyOf(b, len), "E=0 leaves the packet clear");
        assertEquals(SrtpResult.OK, c[1].unprotectRtcp(b, 0, c[0].length()));
        assertArrayEquals(original, Arrays.copyOf(b, c[1].length()));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void keyingMaterialSplitsByRole(SrtpProfile p) {
        byte[] material = new byte[p.keyingMaterialLength()];
        new Random(7).nextBytes(material);
        SrtpKeys client = SrtpKeys.fromKeyingMaterial(p, material, true);
        SrtpKeys server = SrtpKeys.fromKeyingMaterial(p, material, false);
        int k = p.keyLength();
        int s = p.saltLength();
        assertArrayEquals(Arrays.copyOfRange(material, 0, k), client.localKey());
        assertArrayEquals(Arrays.copyOfRange(material, k, 2 * k), client.remoteKey());
        assertArrayEquals(Arrays.copyOfRange(material, 2 * k, 2 * k + s), client.localSalt());
        assertArrayEquals(Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s), client.remoteSalt());
        assertArrayEquals(client.localKey(), server.remoteKey());
        assertArrayEquals(client.remoteSalt(), server.localSalt());

        // client -> server and server -> client both work, and the two directions differ
        SrtpContext clientOut = SrtpContext.outbound(client, SrtpPolicy.DEFAULT);
        SrtpContext serverIn = SrtpContext.inbound(server, SrtpPolicy.DEFAULT);
        SrtpContext serverOut = SrtpContext.outbound(server, SrtpPolicy.DEFAULT);
        SrtpContext clientIn = SrtpContext.inbound(client, SrtpPolicy.DEFAULT);
        byte[] a = Packets.rtp(new Random(8), 1, 1, 0, -1, 100, 0);
        byte[] b = a.clone();
        int len = Packets.rtpLength(a);
        assertEquals(SrtpResult.OK, clientOut.protectRtp(a, 0, len));
        assertEquals(SrtpResult.OK, serverOut.protectRtp(b, 0, len));
        assertFalse(Arrays.equals(a, b));
        assertEquals(SrtpResult.AUTH_FAILED, clientIn.unprotectRtp(a.clone(), 0, clientOut.length()));
        assertEquals(SrtpResult.OK, serverIn.unprotectRtp(a, 0, clientOut.length()));
        assertEquals(SrtpResult.OK, clientIn.unprotectRtp(b, 0, serverOut.length()));
    }

    @Test
    void profilesCarryTheirIanaIds() {
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.fromId(0x0001));
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_32, SrtpProfile.fromId(0x0002));
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.fromId(0x0007));
        assertEquals(SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.fromId(0x0008));
        assertNull(SrtpProfile.fromId(0x0005));
        assertEquals(60, SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength());
        assertEquals(14, SrtpProfile.AES128_CM_HMAC_SHA1_32.srtcpOverhead());
    }

    @Test
    void apiMisuseThrowsButBadPacketsDoNot() {
        SrtpContext[] c = Packets.pair(SrtpProfile.AEAD_AES_128_GCM, 9, SrtpPolicy.DEFAULT);
        byte[] b = new byte[100];
        assertThrows(IllegalStateException.class, () -> c[0].unprotectRtp(b, 0, 50));
        assertThrows(IllegalStateException.class, () -> c[1].protectRtp(b, 0, 50));
        assertThrows(IndexOutOfBoundsException.class, () -> c[0].protectRtp(b, 60, 50));
        assertThrows(IllegalArgumentException.class, () -> new SrtpPolicy(100, 4));
        assertThrows(IllegalArgumentException.class,
                () -> SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true));
        assertEquals(SrtpResult.MALFORMED, c[0].protectRtp(b, 0, 50)); // version 0
        assertEquals(SrtpResult.TOO_SHORT, c[1].unprotectRtp(b, 0, 20));
        byte[] full = Packets.rtp(new Random(1), 1, 1, 0, -1, 20, 0);
        assertEquals(SrtpResult.NO_TAIL_ROOM, c[0].protectRtp(full, 0, full.length - 4));
        assertEquals(1, c[0].count(SrtpResult.MALFORMED));
        assertEquals(1, c[0].count(SrtpResult.NO_TAIL_ROOM));
    }
}
