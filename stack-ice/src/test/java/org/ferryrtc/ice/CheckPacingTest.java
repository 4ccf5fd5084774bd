package org.ferryrtc.ice;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Check pacing Ta stays within RFC 8445 §14.2 (never below 5 ms). */
class CheckPacingTest {

    @Test
    void theDefaultIsAtLeastTheRfcMinimum() {
        assertTrue(IceSession.TA_MILLIS >= 5, "RFC 8445 §14.2: Ta MUST NOT be below 5 ms");
    }

    @Test
    void aPacingBelowFiveMillisecondsIsRefused() throws Exception {
        try (IceSession s = IceSession.standalone(List.of(InetAddress.getByName("127.0.0.1")), true,
                (x, e) -> { }, (b, o, l) -> { })) {
            assertThrows(IllegalArgumentException.class, () -> s.setCheckPacingMillis(4));
            assertDoesNotThrow(() -> s.setCheckPacingMillis(5));
            assertDoesNotThrow(() -> s.setCheckPacingMillis(20));
        }
    }
}
