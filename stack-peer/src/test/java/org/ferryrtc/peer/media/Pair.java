package org.ferryrtc.peer.media;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Two RtpSessions wired back to back over two {@link Link}s, advanced in virtual time. */
final class Pair {
    final RtpSession a;
    final RtpSession b;
    final Link ab;
    final Link ba;
    long now;
    final byte[] out = new byte[RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM];
    /** Called for each packet as it is handed to a session: (receiver is b, bytes). */
    BiConsumer<Boolean, Link.InFlight> onDeliver = (toB, f) -> { };
    final List<Object> eventsA = new ArrayList<>();
    final List<Object> eventsB = new ArrayList<>();
    /** When each KeyframeRequested reached a. */
    final List<Long> keyframeRequestTimesA = new ArrayList<>();
    /** Frames at b copied out: ssrc -> frames. */
    final java.util.Map<Long, List<byte[]>> framesB = new java.util.HashMap<>();
    final java.util.Map<Long, List<byte[]>> packetsB = new java.util.HashMap<>();

    Pair(RtpSession a, RtpSession b, Link ab, Link ba, long start) {
        this.a = a;
        this.b = b;
        this.ab = ab;
        this.ba = ba;
        this.now = start;
    }

    void pump() {
        for (int n; (n = a.pollTransmit(out, 0)) >= 0; ) {
            ab.send(now, out, n, a.lastTransmitWasRtcp());
        }
        for (int n; (n = b.pollTransmit(out, 0)) >= 0; ) {
            ba.send(now, out, n, b.lastTransmitWasRtcp());
        }
    }

    void events() {
        for (MediaEvent e; (e = a.pollEvent()) != null; ) {
            if (e instanceof MediaEvent.KeyframeRequested) {
                keyframeRequestTimesA.add(now);
            }
            eventsA.add(copy(e, null));
        }
        for (MediaEvent e; (e = b.pollEvent()) != null; ) {
            eventsB.add(copy(e, framesB));
        }
    }

    private Object copy(MediaEvent e, java.util.Map<Long, List<byte[]>> frames) {
        if (e instanceof MediaEvent.Frame f) {
            byte[] d = java.util.Arrays.copyOf(f.buffer(), f.length());
            if (frames != null) {
                frames.computeIfAbsent(f.ssrc(), k -> new ArrayList<>()).add(d);
            }
            return "frame";
        }
        if (e instanceof MediaEvent.Packet p) {
            packetsB.computeIfAbsent(p.ssrc(), k -> new ArrayList<>()).add(java.util.Arrays.copyOf(p.buffer(), p.length()));
            return "packet";
        }
        return e;
    }

    /** Runs both sessions and both links up to {@code target}. */
    void advanceTo(long target) {
        while (true) {
            pump();
            events();
            long next = Math.min(Math.min(a.pollTimeout(), b.pollTimeout()), Math.min(ab.nextTime(), ba.nextTime()));
            if (next > target) {
                now = target;
                return;
            }
            now = Math.max(now, next);
            for (Link.InFlight f; (f = ab.pollDue(now)) != null; ) {
                onDeliver.accept(true, f);
                deliver(b, f);
            }
            for (Link.InFlight f; (f = ba.pollDue(now)) != null; ) {
                onDeliver.accept(false, f);
                deliver(a, f);
            }
            for (RtpSession s : new RtpSession[] {a, b}) {
                if (s.pollTimeout() <= now) {
                    s.handleTimeout(now);
                    if (s.pollTimeout() <= now) {
                        throw new AssertionError("pollTimeout " + s.pollTimeout() + " not after handleTimeout(" + now + ")");
                    }
                }
            }
        }
    }

    private void deliver(RtpSession s, Link.InFlight f) {
        if (f.rtcp()) {
            s.handleRtcp(now, f.data(), 0, f.data().length);
        } else {
            s.handleRtp(now, f.data(), 0, f.data().length);
        }
    }

    <T> List<T> eventsOf(List<Object> events, Class<T> type) {
        List<T> r = new ArrayList<>();
        for (Object o : events) {
            if (type.isInstance(o)) {
                r.add(type.cast(o));
            }
        }
        return r;
    }
}
