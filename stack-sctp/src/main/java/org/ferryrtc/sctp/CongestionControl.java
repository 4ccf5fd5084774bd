package org.ferryrtc.sctp;

/**
 * Congestion control (RFC 9260 §7.2: slow start, congestion avoidance, fast recovery) and the
 * retransmission timeout estimator (RFC 9260 §6.3.1). All times are nanoseconds.
 */
final class CongestionControl {
    private final int mtu;
    private final long rtoMin;
    private final long rtoMax;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean fastRecovery;
    private long fastRecoveryExit;
    private long srtt = -1;
    private long rttvar;
    private long rto;

    CongestionControl(int mtu, long rtoInitialNanos, long rtoMinNanos, long rtoMaxNanos) {
        this.mtu = mtu;
        this.rtoMin = rtoMinNanos;
        this.rtoMax = rtoMaxNanos;
        this.rto = rtoInitialNanos;
        this.cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
        this.ssthresh = Long.MAX_VALUE;
    }

    /** §7.2.1: ssthresh starts at the peer's a_rwnd. */
    void init(long peerRwnd) {
        ssthresh = Math.max(peerRwnd, 4L * mtu);
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    long rto() {
        return rto;
    }

    boolean inFastRecovery() {
        return fastRecovery;
    }

    /** §6.3.1 rules C2/C3 (alpha 1/8, beta 1/4). */
    void onRttMeasurement(long r) {
        if (r < 0) {
            return;
        }
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = rttvar - (rttvar >> 2) + (Math.abs(srtt - r) >> 2);
            srtt = srtt - (srtt >> 3) + (r >> 3);
        }
        rto = Math.max(rtoMin, Math.min(rtoMax, srtt + Math.max(4 * rttvar, 1_000_000L)));
    }

    /** §6.3.3 rule E2: back off the timer. */
    void backoff() {
        rto = Math.min(rtoMax, rto * 2);
    }

    /** §7.2.1/§7.2.2: called when a SACK advanced the cumulative TSN ack point. */
    void onCumulativeAck(long bytesAcked, long flightBefore, long cumAck) {
        if (fastRecovery) {
            if (cumAck >= fastRecoveryExit) {
                fastRecovery = false;
            } else {
                return;
            }
        }
        boolean utilized = flightBefore + mtu >= cwnd;
        if (cwnd <= ssthresh) {
            if (utilized) {
                cwnd += Math.min(bytesAcked, mtu);
            }
        } else {
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd && utilized) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    /** §7.2.4: entering fast recovery on the first fast retransmit. Returns true if entered. */
    boolean onFastRetransmit(long highestOutstanding) {
        if (fastRecovery) {
            return false;
        }
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
        fastRecovery = true;
        fastRecoveryExit = highestOutstanding;
        return true;
    }

    /** §7.2.3: T3-rtx expiry collapses cwnd to one MTU. */
    void onT3Expiry() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
    }
}
