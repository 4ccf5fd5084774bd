package org.ferryrtc.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reassembly of fragmented messages and ordered delivery per stream (RFC 9260 §6.5, §6.6, §6.9).
 * Fragments of one DATA message carry consecutive TSNs, so a message is complete when a run of
 * TSNs on one stream goes from a B fragment to an E fragment. All buffered bytes are counted in
 * {@link #bufferedBytes()} so the owner can bound them and advertise the rest as a_rwnd.
 * Fragments wait in pooled buffers, so a fragmented message costs one allocation: itself.
 */
final class Reassembly implements Reassembler {
    private static final class Frag {
        final long tsn;
        final int flags;
        final int ssn;
        final int ppid;
        final byte[] buf;
        final int len;

        Frag(long tsn, int flags, int ssn, int ppid, byte[] buf, int len) {
            this.tsn = tsn;
            this.flags = flags;
            this.ssn = ssn;
            this.ppid = ppid;
            this.buf = buf;
            this.len = len;
        }
    }

    private static final class InStream {
        int nextSsn;
        HashMap<Long, Frag> frags;
        HashMap<Integer, SctpEvent.Message> ready;
    }

    private static final int POOL_BUFFER = 2048;
    private static final int POOL_MAX = 512;

    private final HashMap<Integer, InStream> streams = new HashMap<>();
    private final ArrayDeque<byte[]> pool = new ArrayDeque<>();
    private final ArrayDeque<SctpEvent> out;
    private final int maxMessageSize;
    private long bufferedBytes;
    private long delivered;
    private long undelivered;

    Reassembly(ArrayDeque<SctpEvent> out, int maxMessageSize) {
        this.out = out;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public long bufferedBytes() {
        return bufferedBytes;
    }

    @Override
    public long messagesDelivered() {
        return delivered;
    }

    private InStream stream(int id) {
        InStream s = streams.get(id);
        if (s == null) {
            s = new InStream();
            streams.put(id, s);
        }
        return s;
    }

    /**
     * Adds one new (non-duplicate) DATA chunk. Returns false on a protocol violation (a message
     * larger than the maximum message size).
     */
    @Override
    public boolean add(DataChunk d, long tsn) {
        int len = d.payloadLength();
        int flags = d.flags();
        InStream s = stream(d.streamId());
        if ((flags & (DataChunk.FLAG_B | DataChunk.FLAG_E)) == (DataChunk.FLAG_B | DataChunk.FLAG_E)) {
            if (len > maxMessageSize) {
                return false;
            }
            byte[] data = new byte[len];
            System.arraycopy(d.buffer(), d.payloadOffset(), data, 0, len);
            complete(d.streamId(), s, d.ssn(), d.ppid(), data, (flags & DataChunk.FLAG_U) != 0);
            return true;
        }
        if (s.frags == null) {
            s.frags = new HashMap<>();
        }
        // pooled only when at least half used, so memory stays within 2x of the counted bytes
        boolean pooled = len > POOL_BUFFER / 2 && len <= POOL_BUFFER;
        byte[] buf = pooled ? (pool.isEmpty() ? new byte[POOL_BUFFER] : pool.poll()) : new byte[len];
        System.arraycopy(d.buffer(), d.payloadOffset(), buf, 0, len);
        Frag f = new Frag(tsn, flags, d.ssn(), d.ppid(), buf, len);
        s.frags.put(tsn, f);
        bufferedBytes += len;
        if ((flags & DataChunk.FLAG_E) == 0 && !s.frags.containsKey(tsn + 1)) {
            return true;
        }
        long first = tsn;
        Frag cur = f;
        while ((cur.flags & DataChunk.FLAG_B) == 0) {
            Frag prev = s.frags.get(first - 1);
            if (prev == null || (prev.flags & DataChunk.FLAG_E) != 0) {
                return true;
            }
            cur = prev;
            first--;
        }
        Frag head = cur;
        long last = tsn;
        cur = f;
        long total = 0;
        while ((cur.flags & DataChunk.FLAG_E) == 0) {
            Frag nxt = s.frags.get(last + 1);
            if (nxt == null || (nxt.flags & DataChunk.FLAG_B) != 0) {
                return true;
            }
            cur = nxt;
            last++;
        }
        for (long t = first; t <= last; t++) {
            total += s.frags.get(t).len;
        }
        if (total > maxMessageSize) {
            return false;
        }
        byte[] msg = new byte[(int) total];
        int p = 0;
        for (long t = first; t <= last; t++) {
            Frag x = s.frags.remove(t);
            System.arraycopy(x.buf, 0, msg, p, x.len);
            p += x.len;
            release(x.buf);
        }
        bufferedBytes -= total;
        complete(d.streamId(), s, head.ssn, head.ppid, msg, (head.flags & DataChunk.FLAG_U) != 0);
        return true;
    }

    private void release(byte[] b) {
        if (b.length == POOL_BUFFER && pool.size() < POOL_MAX) {
            pool.add(b);
        }
    }

    private void complete(int id, InStream s, int ssn, int ppid, byte[] msg, boolean unordered) {
        SctpEvent.Message m = new SctpEvent.Message(id, ppid, msg, unordered);
        if (unordered) {
            deliver(m);
            return;
        }
        if (ssn == s.nextSsn) {
            deliver(m);
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            drain(s);
        } else if (((ssn - s.nextSsn) & 0xFFFF) < 0x8000) {
            if (s.ready == null) {
                s.ready = new HashMap<>();
            }
            if (s.ready.putIfAbsent(ssn, m) == null) {
                bufferedBytes += msg.length;
            }
        }
        // else: an SSN already delivered or skipped; drop.
    }

    private void drain(InStream s) {
        if (s.ready == null) {
            return;
        }
        SctpEvent.Message m;
        while ((m = s.ready.remove(s.nextSsn)) != null) {
            bufferedBytes -= m.data().length;
            deliver(m);
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
        }
    }

    private void deliver(SctpEvent.Message m) {
        delivered++;
        undelivered += m.data().length;
        out.add(m);
    }

    /** Bytes of delivered messages the application has not polled yet. */
    @Override
    public long undeliveredBytes() {
        return undelivered;
    }

    @Override
    public void polled(int n) {
        undelivered -= n;
    }

    /** FORWARD TSN (RFC 3758 §3.6): drop fragments at or below the new cumulative TSN. */
    @Override
    public void dropFragmentsUpTo(long newCum) {
        for (InStream s : streams.values()) {
            if (s.frags == null || s.frags.isEmpty()) {
                continue;
            }
            Iterator<Map.Entry<Long, Frag>> it = s.frags.entrySet().iterator();
            while (it.hasNext()) {
                Frag f = it.next().getValue();
                if (f.tsn <= newCum) {
                    bufferedBytes -= f.len;
                    release(f.buf);
                    it.remove();
                }
            }
        }
    }

    /** FORWARD TSN: the peer abandoned ordered messages on {@code stream} up to {@code ssn}. */
    @Override
    public void skip(int id, boolean unordered, int ssn) {
        if (unordered) {
            return;
        }
        InStream s = streams.get(id);
        if (s == null) {
            s = stream(id);
        }
        int ahead = (ssn - s.nextSsn) & 0xFFFF;
        if (ahead >= 0x8000) {
            return;
        }
        if (s.ready == null || s.ready.isEmpty()) {
            s.nextSsn = (ssn + 1) & 0xFFFF;
            return;
        }
        for (int i = 0; i <= ahead; i++) {
            SctpEvent.Message m = s.ready.remove(s.nextSsn);
            if (m != null) {
                bufferedBytes -= m.data().length;
                deliver(m);
            }
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
        }
        drain(s);
    }

    /** RFC 6525 §5.2.2: incoming SSNs of a reset stream restart at 0. */
    @Override
    public void resetStream(int id) {
        InStream s = streams.remove(id);
        if (s != null) {
            if (s.ready != null) {
                for (SctpEvent.Message m : s.ready.values()) {
                    bufferedBytes -= m.data().length;
                }
            }
            if (s.frags != null) {
                for (Frag f : s.frags.values()) {
                    bufferedBytes -= f.len;
                    release(f.buf);
                }
            }
        }
    }
}
