package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ExtensionMapTest {
    @Test
    void parsesExtmapLinesLikeChromiumOffers() {
        ExtensionMap m = new ExtensionMap();
        assertTrue(m.parseAttribute("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        assertTrue(m.parseAttribute("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
        assertTrue(m.parseAttribute(
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        assertTrue(m.parseAttribute("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"));
        assertTrue(m.parseAttribute("extmap:10/recvonly urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        assertTrue(m.parseAttribute("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"));
        assertTrue(m.parseAttribute("a=extmap:13 urn:3gpp:video-orientation"));
        assertTrue(m.parseAttribute("a=extmap:200 urn:example:with-attributes some attrs"));
        assertFalse(m.allowMixed());
        assertTrue(m.parseAttribute("a=extmap-allow-mixed"));
        assertTrue(m.allowMixed());
        assertEquals(8, m.size());

        assertEquals(1, m.id(KnownExtension.AUDIO_LEVEL));
        assertEquals(2, m.id(ExtensionMap.ABS_SEND_TIME));
        assertEquals(3, m.id(KnownExtension.TRANSPORT_CC));
        assertEquals(4, m.id(KnownExtension.MID));
        assertEquals(10, m.id(KnownExtension.RTP_STREAM_ID));
        assertEquals(11, m.id(KnownExtension.REPAIRED_RTP_STREAM_ID));
        assertEquals(13, m.id(KnownExtension.VIDEO_ORIENTATION));
        assertEquals(0, m.id(KnownExtension.PLAYOUT_DELAY), "not negotiated");
        assertEquals(200, m.id("urn:example:with-attributes"));
        assertEquals(KnownExtension.MID, m.known(4));
        assertNull(m.known(200));
        assertNull(m.uri(0));
        assertNull(m.uri(256));
        assertEquals(ExtensionMap.MID, m.uri(4));
    }

    @Test
    void rejectsMalformedAndConflictingLines() {
        ExtensionMap m = new ExtensionMap();
        assertTrue(m.put(5, ExtensionMap.MID));
        assertFalse(m.put(5, ExtensionMap.ABS_SEND_TIME), "id taken");
        assertFalse(m.put(6, ExtensionMap.MID), "URI taken");
        assertEquals(5, m.id(KnownExtension.MID));
        for (String bad : new String[] {
            "a=extmap:0 urn:x", "a=extmap:256 urn:x", "a=extmap:x urn:x", "a=extmap:1", "a=extmap:1/sideways urn:x",
            "a=extmap:-1 urn:x", "a=rtpmap:1 urn:x", "a=extmap:1234 urn:x", "", null,
        }) {
            assertFalse(m.parseAttribute(bad), String.valueOf(bad));
        }
        assertEquals(1, m.size());
        assertThrows(IllegalArgumentException.class, () -> m.put(0, "urn:x"));
        assertThrows(IllegalArgumentException.class, () -> m.put(1, ""));
    }

    @Test
    void removeFreesIdAndUri() {
        ExtensionMap m = new ExtensionMap();
        m.put(3, KnownExtension.TRANSPORT_CC);
        assertTrue(m.remove(3));
        assertFalse(m.remove(3));
        assertEquals(0, m.id(KnownExtension.TRANSPORT_CC));
        assertEquals(0, m.id(ExtensionMap.TRANSPORT_CC));
        assertTrue(m.put(4, KnownExtension.TRANSPORT_CC));
        assertEquals(4, m.id(KnownExtension.TRANSPORT_CC));
    }

    @Test
    void knownExtensionsRoundTripTheirUris() {
        for (KnownExtension k : KnownExtension.values()) {
            assertEquals(k, KnownExtension.fromUri(k.uri()));
        }
        assertNull(KnownExtension.fromUri("urn:ietf:params:rtp-hdrext:sdes:MID"), "exact match");
        assertNull(KnownExtension.fromUri(null));
    }
}
