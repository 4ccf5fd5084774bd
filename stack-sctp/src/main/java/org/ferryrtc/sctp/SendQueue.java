package org.ferryrtc.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * Outgoing messages not yet fully transmitted, per stream, served round-robin between streams.
 * A DATA message's fragments must carry consecutive TSNs (RFC 9260 §6.9), so a message once
 * started is finished before another stream gets a turn. With I-DATA (RFC 8260) streams take
 * turns fragment by fragment, so a small message is not stuck behind a large one. Tracks each stream's buffered amount
 * (bytes queued but not yet transmitted) and raises {@link SctpEvent.BufferedAmountLow}.
 */
final class SendQueue {
    static final class OutMessage {
        final int stream;
        final int ppid;
        final byte[] data;
        final boolean unordered;
        final int maxRetransmits;
        final long expiresAt;
        /** SSN for DATA, MID for I-DATA. */
        int ssn;
        int offset;
        int fragments;
        boolean abandoned;

        OutMessage(int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits, long expiresAt) {
            this.stream = stream;
            this.ppid = ppid;
            this.data = data;
            this.unordered = unordered;
            this.maxRetransmits = maxRetransmits;
            this.expiresAt = expiresAt;
        }
    }

    static final class StreamOut {
        final int id;
        int nextSsn;
        int nextMid;
        int nextUnorderedMid;
        final ArrayDeque<OutMessage> queue = new ArrayDeque<>();
        long queuedBytes;
        long lowThreshold;
        boolean resetting;
        boolean scheduled;
        /** I-DATA: the message this stream is part-way through. */
        OutMessage inProgress;

        StreamOut(int id) {
            this.id = id;
        }
    }

    private final HashMap<Integer, StreamOut> streams = new HashMap<>();
    private final ArrayDeque<StreamOut> roundRobin = new ArrayDeque<>();
    private final ArrayDeque<SctpEvent> events;
    private final long limit;
    private long totalQueued;
    private OutMessage current;
    private StreamOut currentStream;
    long expiredUnsent;
    boolean idata;

    SendQueue(ArrayDeque<SctpEvent> events, long limit) {
        this.events = events;
        this.limit = limit;
    }

    StreamOut stream(int id) {
        StreamOut s = streams.get(id);
        if (s == null) {
            s = new StreamOut(id);
            streams.put(id, s);
        }
        return s;
    }

    StreamOut existing(int id) {
        return streams.get(id);
    }

    long totalQueued() {
        return totalQueued;
    }

    boolean isEmpty() {
        return current == null && roundRobin.isEmpty();
    }

    boolean add(OutMessage m) {
        if (totalQueued + m.data.length > limit) {
            return false;
        }
        StreamOut s = stream(m.stream);
        s.queue.add(m);
        s.queuedBytes += m.data.length;
        totalQueued += m.data.length;
        if (!s.scheduled) {
            s.scheduled = true;
            roundRobin.add(s);
        }
        return true;
    }

    /** True when nothing of the stream is waiting to be (fully) transmitted. */
    boolean streamFlushed(int id) {
        StreamOut s = streams.get(id);
        return s == null || (s.queue.isEmpty() && currentStream != s && s.inProgress == null);
    }

    /**
     * The message to take the next fragment from, starting a new one if needed (assigning its
     * SSN). Unstarted messages whose lifetime expired are dropped (RFC 3758 §4 "lifetime").
     */
    OutMessage next(long now) {
        if (current != null) {
            return current;
        }
        if (idata) {
            return nextInterleaved(now);
        }
        while (!roundRobin.isEmpty()) {
            StreamOut s = roundRobin.poll();
            OutMessage m = s.queue.poll();
            if (m == null) {
                s.scheduled = false;
                continue;
            }
            if (s.queue.isEmpty()) {
                s.scheduled = false;
            } else {
                roundRobin.add(s);
            }
            if (m.expiresAt != Long.MAX_VALUE && now >= m.expiresAt) {
                expiredUnsent++;
                consumed(s, m.data.length);
                continue;
            }
            if (idata) {
                m.ssn = m.unordered ? s.nextUnorderedMid++ : s.nextMid++;
            } else if (!m.unordered) {
                m.ssn = s.nextSsn;
                s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            }
            current = m;
            currentStream = s;
            return m;
        }
        return null;
    }

    /** I-DATA: the stream whose turn it is continues its message or starts the next one. */
    private OutMessage nextInterleaved(long now) {
        while (!roundRobin.isEmpty()) {
            StreamOut s = roundRobin.poll();
            OutMessage m = s.inProgress;
            if (m == null) {
                m = s.queue.poll();
                if (m == null) {
                    s.scheduled = false;
                    continue;
                }
                if (m.expiresAt != Long.MAX_VALUE && now >= m.expiresAt) {
                    expiredUnsent++;
                    consumed(s, m.data.length);
                    reschedule(s);
                    continue;
                }
                m.ssn = m.unordered ? s.nextUnorderedMid++ : s.nextMid++;
                s.inProgress = m;
            }
            current = m;
            currentStream = s;
            return m;
        }
        return null;
    }

    private void reschedule(StreamOut s) {
        if (s.inProgress != null || !s.queue.isEmpty()) {
            roundRobin.add(s);
        } else {
            s.scheduled = false;
        }
    }

    /** Marks {@code n} more bytes of the current message as transmitted. */
    void advance(int n) {
        current.offset += n;
        consumed(currentStream, n);
        boolean done = current.offset >= current.data.length;
        if (idata) {
            if (done) {
                currentStream.inProgress = null;
            }
            reschedule(currentStream); // one fragment per turn
            current = null;
            currentStream = null;
        } else if (done) {
            current = null;
            currentStream = null;
        }
    }

    /** Drops the rest of the current message (it was abandoned part-way). */
    void cancelCurrent(OutMessage m) {
        if (idata) {
            StreamOut s = streams.get(m.stream);
            if (s != null && s.inProgress == m) {
                consumed(s, m.data.length - m.offset);
                m.offset = m.data.length;
                s.inProgress = null;
                if (current == m) {
                    reschedule(s);
                    current = null;
                    currentStream = null;
                }
            }
            return;
        }
        if (current == m) {
            consumed(currentStream, m.data.length - m.offset);
            m.offset = m.data.length;
            current = null;
            currentStream = null;
        }
    }

    private void consumed(StreamOut s, long n) {
        long before = s.queuedBytes;
        s.queuedBytes -= n;
        totalQueued -= n;
        if (before > s.lowThreshold && s.queuedBytes <= s.lowThreshold) {
            events.add(new SctpEvent.BufferedAmountLow(s.id));
        }
    }

    /** RFC 6525: after an outgoing reset, the stream's SSNs restart at 0. */
    void resetSsn(int id) {
        StreamOut s = streams.get(id);
        if (s != null) {
            s.nextSsn = 0;
            s.nextMid = 0;
            s.nextUnorderedMid = 0;
            s.resetting = false;
        }
    }
}
