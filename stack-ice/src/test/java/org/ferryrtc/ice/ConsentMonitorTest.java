package org.ferryrtc.ice;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ConsentMonitorTest {
    private final ConsentMonitor m = ConsentMonitor.RFC_7675;

    @Test
    void silenceLeadsToDisconnectedThenFailedPerRfc7675() {
        long t0 = 1_000_000;
        assertEquals(IceState.CONNECTED, m.judge(IceState.CONNECTED, t0, t0 + 11_999));
        assertEquals(IceState.DISCONNECTED, m.judge(IceState.CONNECTED, t0, t0 + 12_000));
        assertEquals(IceState.DISCONNECTED, m.judge(IceState.COMPLETED, t0, t0 + 29_999));
        assertEquals(IceState.FAILED, m.judge(IceState.DISCONNECTED, t0, t0 + 30_000));
    }

    @Test
    void aRefreshRecoversADisconnectedSession() {
        long t0 = 5_000;
        assertEquals(IceState.CONNECTED, m.judge(IceState.DISCONNECTED, t0 + 13_000, t0 + 14_000));
        assertEquals(IceState.COMPLETED, m.judge(IceState.COMPLETED, t0 + 13_000, t0 + 14_000));
    }

    @Test
    void statesBeforeConnectionOrAfterFailureAreLeftAlone() {
        assertEquals(IceState.CHECKING, m.judge(IceState.CHECKING, 0, 100_000));
        assertEquals(IceState.NEW, m.judge(IceState.NEW, 0, 100_000));
        assertEquals(IceState.FAILED, m.judge(IceState.FAILED, 100_000, 100_001));
        assertEquals(IceState.CLOSED, m.judge(IceState.CLOSED, 0, 100_000));
    }

    @Test
    void rejectsInconsistentLimits() {
        assertThrows(IllegalArgumentException.class, () -> new ConsentMonitor(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ConsentMonitor(10, 5));
    }
}
