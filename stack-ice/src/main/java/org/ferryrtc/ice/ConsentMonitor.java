package org.ferryrtc.ice;

/**
 * Consent freshness as a pure function of time (RFC 7675 §5.1): the agent refreshes consent
 * with a STUN binding transaction every ~5 s; without a refresh for {@code disconnectAfterMillis}
 * the session is reported {@link IceState#DISCONNECTED} (it may still recover), and without one
 * for {@code failAfterMillis} (30 s in the RFC) consent is lost: {@link IceState#FAILED}, and the
 * owner must stop sending.
 *
 * @param disconnectAfterMillis silence that marks the session disconnected
 * @param failAfterMillis silence that expires consent (RFC 7675: 30,000)
 */
record ConsentMonitor(long disconnectAfterMillis, long failAfterMillis) {
    static final ConsentMonitor RFC_7675 = new ConsentMonitor(12_000, 30_000);

    ConsentMonitor {
        if (disconnectAfterMillis <= 0 || failAfterMillis < disconnectAfterMillis) {
            throw new IllegalArgumentException("need 0 < disconnectAfter <= failAfter");
        }
    }

    /**
     * The state implied by the time of the last consent refresh.
     *
     * @param current the state now (only CONNECTED, COMPLETED and DISCONNECTED are judged)
     * @param lastRefreshMillis when consent was last refreshed (or the pair was selected)
     * @param nowMillis the current time, same clock
     */
    IceState judge(IceState current, long lastRefreshMillis, long nowMillis) {
        if (current != IceState.CONNECTED && current != IceState.COMPLETED && current != IceState.DISCONNECTED) {
            return current;
        }
        long silence = nowMillis - lastRefreshMillis;
        if (silence >= failAfterMillis) {
            return IceState.FAILED;
        }
        if (silence >= disconnectAfterMillis) {
            return IceState.DISCONNECTED;
        }
        return current == IceState.DISCONNECTED ? IceState.CONNECTED : current;
    }
}
