package org.ferryrtc.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Outgoing SSN reset (RFC 6525 §5.1.2 as sender, §5.2.2 as receiver) and the responses
 * (§5.2.7), as WebRTC uses them to close DataChannels (RFC 8831 §6.7). One request is in flight
 * at a time; it is retransmitted on a timer until answered. A request is sent only once every
 * stream in it has all its queued data transmitted.
 */
final class StreamResetter {
    interface Host {
        long receiverCumulative();

        long unwrapPeerTsn(int tsn);

        int lastAssignedTsn();

        boolean streamFlushed(int stream);

        void resetIncoming(int stream);

        void resetOutgoingSsn(int stream);

        void resetRefused(int stream);

        void addControl(byte[] chunk);

        long rto();
    }

    private final Host host;
    private final ArrayDeque<SctpEvent> events;
    private final LinkedHashSet<Integer> pending = new LinkedHashSet<>();
    private int[] inFlight;
    private boolean due;
    private int nextReqSeq;
    private int peerNextReqSeq;
    private int lastPeerSeq;
    private int lastResult = -1;
    private int[] deferredStreams;
    private int deferredSeq;
    private int deferredLastTsn;
    long timerAt = Long.MAX_VALUE;
    private final ReconfigChunk view = new ReconfigChunk();

    StreamResetter(Host host, ArrayDeque<SctpEvent> events) {
        this.host = host;
        this.events = events;
    }

    void init(int myInitialTsn, int peerInitialTsn) {
        nextReqSeq = myInitialTsn;
        peerNextReqSeq = peerInitialTsn;
        lastPeerSeq = peerInitialTsn - 1;
        lastResult = -1;
    }

    void request(int stream) {
        pending.add(stream);
    }

    boolean busy() {
        return inFlight != null || !pending.isEmpty();
    }

    /** Returns a RE-CONFIG chunk to send now, or null. */
    byte[] poll(long now) {
        if (inFlight == null && !pending.isEmpty()) {
            List<Integer> ready = new ArrayList<>();
            for (Integer s : pending) {
                if (host.streamFlushed(s) && ready.size() < 256) {
                    ready.add(s);
                }
            }
            if (ready.isEmpty()) {
                return null;
            }
            pending.removeAll(ready);
            inFlight = ready.stream().mapToInt(Integer::intValue).toArray();
            due = true;
        }
        if (inFlight == null || !due) {
            return null;
        }
        due = false;
        timerAt = now + host.rto();
        byte[] c = new byte[Bytes.pad4(4 + 16 + 2 * inFlight.length)];
        ReconfigChunk.writeOutgoingReset(c, 0, nextReqSeq, peerNextReqSeq - 1, host.lastAssignedTsn(), inFlight);
        return c;
    }

    void onTimer(long now) {
        timerAt = Long.MAX_VALUE;
        if (inFlight != null) {
            due = true;
        }
    }

    /** Handles a RE-CONFIG chunk; returns false if malformed. */
    boolean onChunk(Chunk c) {
        if (!view.wrap(c)) {
            return false;
        }
        for (int p = view.firstParam(); p < view.end(); p = view.nextParam(p)) {
            int t = view.paramType(p);
            if (t == ReconfigChunk.P_OUTGOING_RESET) {
                onRequest(p);
            } else if (t == ReconfigChunk.P_RESPONSE) {
                onResponse(view.seq(p), view.result(p));
            } else if (t == ReconfigChunk.P_INCOMING_RESET || t == ReconfigChunk.P_SSN_TSN_RESET
                    || t == ReconfigChunk.P_ADD_OUTGOING || t == ReconfigChunk.P_ADD_INCOMING) {
                if (view.paramLength(p) >= 8) {
                    respond(view.seq(p), ReconfigChunk.DENIED);
                }
            }
        }
        return true;
    }

    private void onRequest(int p) {
        int seq = view.seq(p);
        if (deferredStreams != null && seq == deferredSeq) {
            checkDeferred();
            respond(seq, deferredStreams != null ? ReconfigChunk.IN_PROGRESS : lastResult);
            return;
        }
        if (seq == lastPeerSeq && lastResult >= 0) {
            respond(seq, lastResult);
            return;
        }
        if (seq != peerNextReqSeq || deferredStreams != null) {
            respond(seq, ReconfigChunk.ERROR_BAD_SEQUENCE);
            return;
        }
        int n = view.streamCount(p);
        if (n == 0) {
            finish(seq, ReconfigChunk.DENIED);
            respond(seq, ReconfigChunk.DENIED);
            return;
        }
        int[] streams = new int[n];
        for (int i = 0; i < n; i++) {
            streams[i] = view.stream(p, i);
        }
        deferredStreams = streams;
        deferredSeq = seq;
        deferredLastTsn = view.lastAssignedTsn(p);
        checkDeferred();
        respond(seq, deferredStreams != null ? ReconfigChunk.IN_PROGRESS : ReconfigChunk.SUCCESS_PERFORMED);
    }

    /** Performs a deferred incoming reset once every TSN up to the peer's last assigned one arrived. */
    void checkDeferred() {
        if (deferredStreams == null) {
            return;
        }
        if (host.receiverCumulative() < host.unwrapPeerTsn(deferredLastTsn)) {
            return;
        }
        int[] s = deferredStreams;
        deferredStreams = null;
        for (int id : s) {
            host.resetIncoming(id);
        }
        finish(deferredSeq, ReconfigChunk.SUCCESS_PERFORMED);
        events.add(new SctpEvent.IncomingStreamsReset(s));
    }

    private void finish(int seq, int result) {
        lastPeerSeq = seq;
        lastResult = result;
        peerNextReqSeq = seq + 1;
    }

    private void respond(int seq, int result) {
        byte[] c = new byte[16];
        ReconfigChunk.writeResponse(c, 0, seq, result);
        host.addControl(c);
    }

    private void onResponse(int seq, int result) {
        if (inFlight == null || seq != nextReqSeq) {
            return;
        }
        if (result == ReconfigChunk.IN_PROGRESS) {
            return; // the timer resends the request
        }
        int[] s = inFlight;
        inFlight = null;
        due = false;
        timerAt = Long.MAX_VALUE;
        nextReqSeq++;
        if (result == ReconfigChunk.SUCCESS_PERFORMED || result == ReconfigChunk.SUCCESS_NOTHING_TO_DO) {
            for (int id : s) {
                host.resetOutgoingSsn(id);
            }
            events.add(new SctpEvent.OutgoingStreamsReset(s));
        } else {
            for (int id : s) {
                host.resetRefused(id);
            }
            events.add(new SctpEvent.StreamResetFailed(s));
        }
    }
}
