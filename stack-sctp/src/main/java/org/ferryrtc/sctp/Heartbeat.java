package org.ferryrtc.sctp;

/**
 * Path heartbeat (RFC 9260 §8.3): while the association is idle (no DATA outstanding, so T3
 * is not watching the path) a HEARTBEAT goes out every HB.interval plus RTO. Unanswered
 * heartbeats count as errors; past Association.Max.Retrans the peer is declared unreachable.
 * Answers also give RTT samples (§6.3.1).
 *
 * <pre>
 * HEARTBEAT:  | Type = 4 | Flags | Length | Heartbeat Info (type 1) | sent time (8) | nonce (8) |
 * </pre>
 */
final class Heartbeat {
    private static final int INFO_LENGTH = 4 + 16;

    private final SctpAssociation as;
    private final long interval;
    private long sendAt = Long.MAX_VALUE;
    private long timeoutAt = Long.MAX_VALUE;
    private long nonce;
    private int errors;
    long sent;
    long acked;

    Heartbeat(SctpAssociation as) {
        this.as = as;
        this.interval = as.cfg.heartbeatIntervalMillis() * 1_000_000L;
    }

    void start(long now) {
        errors = 0;
        timeoutAt = Long.MAX_VALUE;
        sendAt = interval > 0 ? now + interval : Long.MAX_VALUE;
    }

    void stop() {
        sendAt = Long.MAX_VALUE;
        timeoutAt = Long.MAX_VALUE;
    }

    long deadline() {
        return Math.min(sendAt, timeoutAt);
    }

    /** Runs due timers; returns false when the peer must be considered unreachable. */
    boolean onTimer(long now) {
        if (timeoutAt <= now) {
            timeoutAt = Long.MAX_VALUE;
            if (++errors > as.cfg.maxRetransmits()) {
                return false;
            }
            sendAt = now; // probe again at once, with a backed-off RTO below
            as.sender.cc.backoff();
        }
        if (sendAt <= now) {
            long rto = as.sender.cc.rto();
            sendAt = now + interval + rto;
            if (!as.dataState() || !as.sender.allAcked()) {
                return true; // not up yet, or T3 already watches the path
            }
            nonce = as.cfg.random().nextLong();
            byte[] c = new byte[4 + INFO_LENGTH];
            Chunk.writeHeader(c, 0, Chunk.HEARTBEAT, 0, c.length);
            Bytes.put16(c, 4, 1);
            Bytes.put16(c, 6, INFO_LENGTH);
            Bytes.put64(c, 8, now);
            Bytes.put64(c, 16, nonce);
            as.queueControl(c);
            timeoutAt = now + rto;
            sent++;
        }
        return true;
    }

    /** A HEARTBEAT ACK echoing our info: the path works. Anything else is ignored. */
    void onAck(Chunk c, long now) {
        if (c.valueLength() < INFO_LENGTH || timeoutAt == Long.MAX_VALUE) {
            return;
        }
        byte[] b = c.buffer();
        int v = c.valueOffset();
        if (Bytes.u16(b, v) != 1 || Bytes.u16(b, v + 2) != INFO_LENGTH || Bytes.i64(b, v + 12) != nonce) {
            return;
        }
        timeoutAt = Long.MAX_VALUE;
        errors = 0;
        acked++;
        as.sender.cc.onRttMeasurement(now - Bytes.i64(b, v + 4));
    }
}
