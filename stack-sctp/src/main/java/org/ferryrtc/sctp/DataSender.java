package org.ferryrtc.sctp;

import java.util.ArrayDeque;

/**
 * Sending side of data transfer: TSN assignment, fragmentation into DATA chunks, SACK
 * processing with gap blocks (RFC 9260 §6.2.1), fast retransmit on three miss indications
 * (§7.2.4), T3-rtx (§6.3.3), congestion and peer-window limits (§6.1, §7.2) and partial
 * reliability with FORWARD TSN (RFC 3758 §3.5). Times are nanoseconds.
 */
final class DataSender {
    static final int T3_OK = 0;
    static final int T3_GIVE_UP = 1;

    private final Outstanding out = new Outstanding();
    final SendQueue queue;
    final CongestionControl cc;
    private final int maxRetrans;
    private long nextTsn;
    private long cumAck;
    private long advancedAckPoint;
    private long peerRwnd;
    private long flight;
    private int rtxPending;
    private boolean fastRtxPending;
    private boolean forwardTsnPending;
    private long rttTsn = -1;
    private long rttStart;
    private int errorCount;
    long t3At = Long.MAX_VALUE;

    long dataChunksSent;
    long retransmissions;
    long fastRetransmissions;
    long t3Expiries;
    long abandonedMessages;

    private final int[] fwdStreams = new int[256];
    private final int[] fwdSsns = new int[256];
    private final boolean[] fwdUnordered = new boolean[256];
    private boolean idata;
    private int header = DataChunk.HEADER;

    DataSender(ArrayDeque<SctpEvent> events, SctpConfig cfg) {
        this.queue = new SendQueue(events, cfg.sendBufferSize());
        this.cc = new CongestionControl(cfg.mtu(), cfg.rtoInitialMillis() * 1_000_000L,
                cfg.rtoMinMillis() * 1_000_000L, cfg.rtoMaxMillis() * 1_000_000L);
        this.maxRetrans = cfg.maxRetransmits();
    }

    void init(int myInitialTsn, long peerARwnd, boolean useIData) {
        idata = useIData;
        queue.idata = useIData;
        header = useIData ? DataChunk.I_HEADER : DataChunk.HEADER;
        nextTsn = (1L << 32) + (myInitialTsn & 0xFFFFFFFFL);
        cumAck = nextTsn - 1;
        advancedAckPoint = cumAck;
        out.init(nextTsn);
        peerRwnd = peerARwnd;
        cc.init(peerARwnd);
    }

    /** Wire value of the last TSN assigned (RFC 6525 "Sender's Last Assigned TSN"). */
    int lastAssignedTsn() {
        return (int) (nextTsn - 1);
    }

    boolean allAcked() {
        return out.size() == 0;
    }

    boolean idle() {
        return out.size() == 0 && queue.isEmpty();
    }

    long flight() {
        return flight;
    }

    long peerRwnd() {
        return peerRwnd;
    }

    boolean forwardTsnPending() {
        return forwardTsnPending;
    }

    /** True if a call to {@link #fill} could write a DATA chunk now. */
    boolean canSendData() {
        if (rtxPending > 0 && (fastRtxPending || flight < cc.cwnd())) {
            return true;
        }
        return !queue.isEmpty() && mayAddNew();
    }

    private boolean mayAddNew() {
        return flight < cc.cwnd() && (peerRwnd > 0 || flight == 0) && out.size() < TsnTracker.WINDOW - 1024;
    }

    /**
     * Processes a SACK (RFC 9260 §6.2.1). Returns false when it acknowledges TSNs never sent
     * (a protocol violation the caller may count).
     */
    boolean onSack(SackChunk s, long now) {
        long cum = cumAck + (s.cumTsnAck() - (int) cumAck); // int difference: serial arithmetic
        if (cum < cumAck) {
            return true; // an old, reordered SACK
        }
        if (cum >= nextTsn) {
            return false;
        }
        long flightBefore = flight;
        long bytesAcked = 0;
        boolean cumAdvanced = cum > cumAck;
        while (out.size() > 0 && out.headTsn() <= cum) {
            Outstanding.OutChunk c = out.removeHead();
            bytesAcked += release(c, now);
        }
        cumAck = cum;
        if (advancedAckPoint < cumAck) {
            advancedAckPoint = cumAck;
        }
        long highestNewlyAcked = -1;
        for (int i = 0; i < s.gapCount(); i++) {
            long start = cum + s.gapStart(i);
            long end = cum + s.gapEnd(i);
            if (start > end || start <= cum || end >= nextTsn) {
                continue;
            }
            for (long t = start; t <= end; t++) {
                Outstanding.OutChunk c = out.get(t);
                if (c != null && c.state != Outstanding.ACKED) {
                    bytesAcked += release(c, now);
                    c.state = Outstanding.ACKED;
                    highestNewlyAcked = t;
                }
            }
        }
        boolean fastRtx = false;
        if (highestNewlyAcked > cum) {
            for (long t = cum + 1; t < highestNewlyAcked; t++) {
                Outstanding.OutChunk c = out.get(t);
                if (c != null && c.state == Outstanding.IN_FLIGHT && ++c.misses >= 3 && !c.fastRetransmitted) {
                    c.fastRetransmitted = true;
                    markRetransmit(c, now);
                    fastRtx = true;
                }
            }
        }
        peerRwnd = Math.max(0, s.aRwnd() - flight);
        if (cumAdvanced) {
            errorCount = 0;
            cc.onCumulativeAck(bytesAcked, flightBefore, cumAck);
        }
        if (fastRtx) {
            fastRetransmissions++;
            cc.onFastRetransmit(nextTsn - 1);
            fastRtxPending = true;
        }
        if (out.size() == 0) {
            t3At = Long.MAX_VALUE;
        } else if (cumAdvanced) {
            t3At = now + cc.rto();
        }
        advanceAckPoint();
        return true;
    }

    /** A cumulative acknowledgement without gap blocks (the one a SHUTDOWN carries, RFC 9260 §9.2). */
    void onCumulativeAckOnly(int wire, long now) {
        long cum = cumAck + (wire - (int) cumAck);
        if (cum <= cumAck || cum >= nextTsn) {
            return;
        }
        long flightBefore = flight;
        long bytesAcked = 0;
        while (out.size() > 0 && out.headTsn() <= cum) {
            bytesAcked += release(out.removeHead(), now);
        }
        cumAck = cum;
        errorCount = 0;
        cc.onCumulativeAck(bytesAcked, flightBefore, cumAck);
        t3At = out.size() == 0 ? Long.MAX_VALUE : now + cc.rto();
        advanceAckPoint();
    }

    /** Takes a chunk out of flight accounting when acked; returns the newly acked bytes. */
    private long release(Outstanding.OutChunk c, long now) {
        if (c.state == Outstanding.ACKED) {
            return 0;
        }
        if (c.state == Outstanding.RETRANSMIT) {
            rtxPending--;
        }
        if (c.state == Outstanding.IN_FLIGHT) {
            flight -= c.len;
        }
        if (c.tsn == rttTsn) {
            if (c.txCount == 1) {
                cc.onRttMeasurement(now - rttStart);
            }
            rttTsn = -1;
        }
        return c.state == Outstanding.ABANDONED ? 0 : c.len;
    }

    private void markRetransmit(Outstanding.OutChunk c, long now) {
        if (c.state != Outstanding.IN_FLIGHT) {
            return;
        }
        flight -= c.len;
        c.state = Outstanding.RETRANSMIT;
        rtxPending++;
        if (c.tsn == rttTsn) {
            rttTsn = -1;
        }
        if (policyExpired(c.msg, c.txCount, now)) {
            abandon(c.msg);
        }
    }

    private static boolean policyExpired(SendQueue.OutMessage m, int txCount, long now) {
        return (m.maxRetransmits >= 0 && txCount > m.maxRetransmits)
                || (m.expiresAt != Long.MAX_VALUE && now >= m.expiresAt);
    }

    /** RFC 3758 §3.5 A1-A3: abandon every chunk of the message, sent or not. */
    private void abandon(SendQueue.OutMessage m) {
        if (m.abandoned) {
            return;
        }
        m.abandoned = true;
        abandonedMessages++;
        queue.cancelCurrent(m);
        for (long t = out.headTsn(); t < out.endTsn(); t++) {
            Outstanding.OutChunk c = out.get(t);
            if (c.msg == m && c.state != Outstanding.ACKED && c.state != Outstanding.ABANDONED) {
                if (c.state == Outstanding.IN_FLIGHT) {
                    flight -= c.len;
                } else if (c.state == Outstanding.RETRANSMIT) {
                    rtxPending--;
                }
                c.state = Outstanding.ABANDONED;
            }
        }
        advanceAckPoint();
    }

    private void advanceAckPoint() {
        long p = Math.max(advancedAckPoint, cumAck);
        while (true) {
            Outstanding.OutChunk c = out.get(p + 1);
            if (c == null || c.state != Outstanding.ABANDONED) {
                break;
            }
            p++;
        }
        advancedAckPoint = p;
        forwardTsnPending = advancedAckPoint > cumAck;
    }

    /** T3-rtx expiry (RFC 9260 §6.3.3). */
    int onT3(long now) {
        t3At = Long.MAX_VALUE;
        if (out.size() == 0) {
            return T3_OK;
        }
        t3Expiries++;
        if (++errorCount > maxRetrans) {
            return T3_GIVE_UP;
        }
        cc.onT3Expiry();
        cc.backoff();
        for (long t = out.headTsn(); t < out.endTsn(); t++) {
            Outstanding.OutChunk c = out.get(t);
            if (c.state == Outstanding.IN_FLIGHT) {
                markRetransmit(c, now);
            }
        }
        rttTsn = -1;
        advanceAckPoint();
        t3At = now + cc.rto();
        return T3_OK;
    }

    /** Writes a FORWARD TSN chunk for the abandoned range (RFC 3758 §3.2); returns the end offset. */
    int writeForwardTsn(byte[] b, int p, int room) {
        if (idata) {
            return writeIForwardTsn(b, p, room);
        }
        int maxEntries = Math.min(fwdStreams.length, (room - 8) / 4);
        int n = 0;
        long newCum = cumAck;
        for (long t = cumAck + 1; t <= advancedAckPoint; t++) {
            Outstanding.OutChunk c = out.get(t);
            if (c == null) {
                break;
            }
            if ((c.flags & DataChunk.FLAG_U) == 0) {
                int i = 0;
                while (i < n && fwdStreams[i] != c.msg.stream) {
                    i++;
                }
                if (i == n) {
                    if (n == maxEntries) {
                        break;
                    }
                    fwdStreams[n] = c.msg.stream;
                    n++;
                }
                fwdSsns[i] = c.msg.ssn;
            }
            newCum = t;
        }
        forwardTsnPending = false;
        return ForwardTsnChunk.write(b, p, (int) newCum, fwdStreams, fwdSsns, n);
    }

    /** I-FORWARD-TSN (RFC 8260 §2.3): one (stream, U, MID) entry per stream and kind, ordered or not. */
    private int writeIForwardTsn(byte[] b, int p, int room) {
        int maxEntries = Math.min(fwdStreams.length, (room - 8) / 8);
        int n = 0;
        long newCum = cumAck;
        for (long t = cumAck + 1; t <= advancedAckPoint; t++) {
            Outstanding.OutChunk c = out.get(t);
            if (c == null) {
                break;
            }
            boolean u = (c.flags & DataChunk.FLAG_U) != 0;
            int i = 0;
            while (i < n && (fwdStreams[i] != c.msg.stream || fwdUnordered[i] != u)) {
                i++;
            }
            if (i == n) {
                if (n == maxEntries) {
                    break;
                }
                fwdStreams[n] = c.msg.stream;
                fwdUnordered[n] = u;
                n++;
            }
            fwdSsns[i] = c.msg.ssn;
            newCum = t;
        }
        forwardTsnPending = false;
        return ForwardTsnChunk.writeI(b, p, (int) newCum, fwdStreams, fwdUnordered, fwdSsns, n);
    }

    /**
     * Adds retransmissions, then new DATA, to the packet being built at {@code p} with room up to
     * {@code limit}; each chunk is counted with its padding (RFC 9260 §3.2, §6.10), so the returned
     * end offset never exceeds {@code limit}.
     */
    int fill(byte[] b, int p, int limit, long now) {
        boolean wrote = false;
        boolean rtxWritten = false;
        if (rtxPending > 0) {
            for (long t = out.headTsn(); t < out.endTsn() && rtxPending > 0; t++) {
                Outstanding.OutChunk c = out.get(t);
                if (c.state != Outstanding.RETRANSMIT) {
                    continue;
                }
                if (policyExpired(c.msg, c.txCount, now)) {
                    abandon(c.msg);
                    continue;
                }
                if (!(fastRtxPending || flight < cc.cwnd())) {
                    break;
                }
                if (limit - p < Bytes.pad4(header + c.len)) { // §6.10: the padded length counts
                    break;
                }
                p = writeChunk(b, p, c);
                c.state = Outstanding.IN_FLIGHT;
                c.misses = 0;
                c.txCount++;
                flight += c.len;
                rtxPending--;
                retransmissions++;
                wrote = true;
                rtxWritten = true;
            }
            if (rtxWritten) {
                fastRtxPending = false;
            }
        }
        while (rtxPending == 0 && mayAddNew()) {
            // RFC 9260 §6.10: the padded chunk must fit; a chunk of at most this much payload does
            int room = ((limit - p) & ~3) - header;
            if (room <= 0) {
                break;
            }
            SendQueue.OutMessage m = queue.next(now);
            if (m == null) {
                break;
            }
            int remaining = m.data.length - m.offset;
            if (m.offset == 0 && room < remaining && room < 256 && wrote) {
                break; // start a new message in a fresh packet rather than as a sliver
            }
            int take = Math.min(room, remaining);
            Outstanding.OutChunk c = new Outstanding.OutChunk();
            c.tsn = nextTsn++;
            c.msg = m;
            c.off = m.offset;
            c.len = take;
            c.flags = (m.offset == 0 ? DataChunk.FLAG_B : 0) | (take == remaining ? DataChunk.FLAG_E : 0)
                    | (m.unordered ? DataChunk.FLAG_U : 0);
            c.fsn = m.fragments++;
            c.txCount = 1;
            c.sentAt = now;
            c.state = Outstanding.IN_FLIGHT;
            queue.advance(take);
            out.add(c);
            p = writeChunk(b, p, c);
            flight += take;
            peerRwnd = Math.max(0, peerRwnd - take);
            dataChunksSent++;
            if (rttTsn < 0) {
                rttTsn = c.tsn;
                rttStart = now;
            }
            wrote = true;
        }
        if (wrote && t3At == Long.MAX_VALUE) {
            t3At = now + cc.rto();
        }
        return p;
    }

    private int writeChunk(byte[] b, int p, Outstanding.OutChunk c) {
        SendQueue.OutMessage m = c.msg;
        if (idata) {
            int ppidOrFsn = (c.flags & DataChunk.FLAG_B) != 0 ? m.ppid : c.fsn;
            return DataChunk.writeIData(b, p, c.flags, (int) c.tsn, m.stream, m.ssn, ppidOrFsn, m.data, c.off, c.len);
        }
        return DataChunk.write(b, p, c.flags, (int) c.tsn, m.stream, m.ssn, m.ppid, m.data, c.off, c.len);
    }

    /** Makes sure T3 runs while a FORWARD TSN awaits acknowledgement (RFC 3758 §3.5 C4). */
    void onForwardTsnSent(long now) {
        if (t3At == Long.MAX_VALUE) {
            t3At = now + cc.rto();
        }
    }
}
