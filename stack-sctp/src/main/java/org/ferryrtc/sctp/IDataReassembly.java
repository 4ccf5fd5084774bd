package org.ferryrtc.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;

/**
 * Reassembly for I-DATA (RFC 8260 §2.1): fragments are identified by (stream, U flag, MID) and
 * ordered by FSN, so messages of different streams may interleave. Ordered messages are
 * delivered in MID order per stream.
 */
final class IDataReassembly implements Reassembler {
    private static final class Partial {
        final HashMap<Integer, byte[]> frags = new HashMap<>();
        int ppid;
        boolean haveFirst;
        int lastFsn = -1;
        long bytes;
        long maxTsn;
    }

    private static final class InStream {
        int nextMid;
        final HashMap<Integer, Partial> ordered = new HashMap<>();
        final HashMap<Integer, Partial> unordered = new HashMap<>();
        final HashMap<Integer, SctpEvent.Message> ready = new HashMap<>();
    }

    private final HashMap<Integer, InStream> streams = new HashMap<>();
    private final ArrayDeque<SctpEvent> out;
    private final int maxMessageSize;
    private long bufferedBytes;
    private long undelivered;
    private long delivered;

    IDataReassembly(ArrayDeque<SctpEvent> out, int maxMessageSize) {
        this.out = out;
        this.maxMessageSize = maxMessageSize;
    }

    private InStream stream(int id) {
        return streams.computeIfAbsent(id, k -> new InStream());
    }

    @Override
    public boolean add(DataChunk d, long tsn) {
        InStream s = stream(d.streamId());
        boolean u = d.unordered();
        int mid = d.mid();
        if (!u && mid - s.nextMid < 0) {
            return true; // already delivered or skipped
        }
        int len = d.payloadLength();
        byte[] data = new byte[len];
        System.arraycopy(d.buffer(), d.payloadOffset(), data, 0, len);
        if (d.beginning() && d.ending()) {
            if (len > maxMessageSize) {
                return false;
            }
            complete(d.streamId(), s, u, mid, d.ppid(), data);
            return true;
        }
        HashMap<Integer, Partial> map = u ? s.unordered : s.ordered;
        Partial p = map.get(mid);
        if (p == null) {
            p = new Partial();
            map.put(mid, p);
        }
        int fsn = d.beginning() ? 0 : d.fsn();
        if (fsn < 0 || p.frags.containsKey(fsn)) {
            return fsn >= 0;
        }
        p.frags.put(fsn, data);
        p.bytes += len;
        bufferedBytes += len;
        p.maxTsn = Math.max(p.maxTsn, tsn);
        if (d.beginning()) {
            p.haveFirst = true;
            p.ppid = d.ppid();
        }
        if (d.ending()) {
            p.lastFsn = fsn;
        }
        if (p.bytes > maxMessageSize) {
            return false;
        }
        if (!p.haveFirst || p.lastFsn < 0 || p.frags.size() != p.lastFsn + 1) {
            return true;
        }
        byte[] msg = new byte[(int) p.bytes];
        int at = 0;
        for (int i = 0; i <= p.lastFsn; i++) {
            byte[] f = p.frags.get(i);
            if (f == null) {
                return true; // an FSN above the E fragment stands in for a missing one
            }
            System.arraycopy(f, 0, msg, at, f.length);
            at += f.length;
        }
        map.remove(mid);
        bufferedBytes -= p.bytes;
        complete(d.streamId(), s, u, mid, p.ppid, msg);
        return true;
    }

    private void complete(int id, InStream s, boolean unordered, int mid, int ppid, byte[] msg) {
        SctpEvent.Message m = new SctpEvent.Message(id, ppid, msg, unordered);
        if (unordered) {
            deliver(m);
        } else if (mid == s.nextMid) {
            deliver(m);
            s.nextMid++;
            drain(s);
        } else if (s.ready.putIfAbsent(mid, m) == null) {
            bufferedBytes += msg.length;
        }
    }

    private void drain(InStream s) {
        SctpEvent.Message m;
        while ((m = s.ready.remove(s.nextMid)) != null) {
            bufferedBytes -= m.data().length;
            deliver(m);
            s.nextMid++;
        }
    }

    private void deliver(SctpEvent.Message m) {
        delivered++;
        undelivered += m.data().length;
        out.add(m);
    }

    @Override
    public void dropFragmentsUpTo(long newCum) {
        for (InStream s : streams.values()) {
            dropOld(s.ordered, newCum);
            dropOld(s.unordered, newCum);
        }
    }

    private void dropOld(HashMap<Integer, Partial> map, long newCum) {
        Iterator<Partial> it = map.values().iterator();
        while (it.hasNext()) {
            Partial p = it.next();
            if (p.maxTsn <= newCum && p.lastFsn >= 0) {
                bufferedBytes -= p.bytes;
                it.remove();
            }
        }
    }

    @Override
    public void skip(int id, boolean unordered, int mid) {
        InStream s = stream(id);
        if (unordered) {
            Partial p = s.unordered.remove(mid);
            if (p != null) {
                bufferedBytes -= p.bytes;
            }
            return;
        }
        if (mid - s.nextMid < 0) {
            return;
        }
        Iterator<java.util.Map.Entry<Integer, Partial>> it = s.ordered.entrySet().iterator();
        while (it.hasNext()) {
            java.util.Map.Entry<Integer, Partial> e = it.next();
            if (e.getKey() - mid <= 0) {
                bufferedBytes -= e.getValue().bytes;
                it.remove();
            }
        }
        List<Integer> keys = new ArrayList<>();
        for (Integer k : s.ready.keySet()) {
            if (k - mid <= 0) {
                keys.add(k);
            }
        }
        keys.sort((x, y) -> Integer.compare(x - s.nextMid, y - s.nextMid));
        for (Integer k : keys) {
            SctpEvent.Message m = s.ready.remove(k);
            bufferedBytes -= m.data().length;
            deliver(m);
        }
        s.nextMid = mid + 1;
        drain(s);
    }

    @Override
    public void resetStream(int id) {
        InStream s = streams.remove(id);
        if (s == null) {
            return;
        }
        for (Partial p : s.ordered.values()) {
            bufferedBytes -= p.bytes;
        }
        for (Partial p : s.unordered.values()) {
            bufferedBytes -= p.bytes;
        }
        for (SctpEvent.Message m : s.ready.values()) {
            bufferedBytes -= m.data().length;
        }
    }

    @Override
    public long bufferedBytes() {
        return bufferedBytes;
    }

    @Override
    public long undeliveredBytes() {
        return undelivered;
    }

    @Override
    public void polled(int n) {
        undelivered -= n;
    }

    @Override
    public long messagesDelivered() {
        return delivered;
    }
}
