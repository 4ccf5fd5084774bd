package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.ferryrtc.ice.IceCandidate;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

/**
 * The trickled-candidate parser (RFC 8839 §5.1) under 100,000 seeded mutations of real candidate
 * lines: it returns a candidate or null, never throws.
 */
class CandidateMutationTest {
    private static final String[] SEEDS = {
        "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 network-cost 999",
        "candidate:1 1 UDP 2130706431 127.0.0.1 5000 typ host",
        "a=candidate:3 1 tcp 1518280447 192.168.1.4 9 typ host tcptype active generation 0",
        "candidate:4 1 udp 41885439 198.51.100.1 3478 typ relay raddr 0.0.0.0 rport 0",
        "candidate:5 1 udp 2122262783 2001:db8::1 51000 typ host",
    };

    @Test
    void mutatedCandidatesNeverThrow() {
        Random r = new Random(8839);
        int parsed = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] seed = SEEDS[i % SEEDS.length].getBytes(StandardCharsets.UTF_8);
            String s = new String(Mutator.mutate(r, seed, 32), StandardCharsets.ISO_8859_1);
            IceCandidate c = MediaSetup.parseCandidate(s); // must not throw
            if (c != null) {
                parsed++;
                assertTrue(c.port() >= 0 && c.port() <= 65535);
            }
        }
        assertTrue(parsed > 0, "some mutations still parse (e.g. a changed priority digit)");
        assertTrue(parsed < 100_000, "most mutations are rejected");
    }
}
