package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import org.ferryrtc.ice.IceCandidate;
import org.junit.jupiter.api.Test;

class MediaSetupTest {
    @Test
    void parsesCandidateAttributesRfc8839() {
        IceCandidate c = MediaSetup.parseCandidate(
                "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0");
        assertEquals(new IceCandidate("842163049", 1, "udp", 1677729535L, "203.0.113.7", 46154, "srflx", "10.0.0.2", 46154), c);
        IceCandidate h = MediaSetup.parseCandidate("a=candidate:1 1 UDP 2130706431 127.0.0.1 5000 typ host");
        assertEquals("udp", h.transport());
        assertNull(h.relatedAddress());
        assertEquals(-1, h.relatedPort());
        assertEquals(h, MediaSetup.toIce(MediaSetup.toSdp(h)), "SDP round trip");
    }

    @Test
    void malformedCandidatesGiveNull() {
        for (String s : new String[] {"", "candidate:", "candidate:1 1 udp x 1.2.3.4 5 typ host",
                "candidate:1 1 udp 1 1.2.3.4 5 host host", "candidate:1 999 udp 1 1.2.3.4 5 typ host",
                "candidate:1 1 udp 1 1.2.3.4 70000 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ host raddr"}) {
            assertNull(MediaSetup.parseCandidate(s), s);
        }
    }
}
