package org.ferryrtc.gateway;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ferryrtc.gateway.call.CallControl;
import org.ferryrtc.gateway.call.DataConnect;
import org.ferryrtc.gateway.call.DataUpdate;
import org.ferryrtc.gateway.call.MediaAnswer;
import org.ferryrtc.gateway.call.MediaCall;
import org.ferryrtc.gateway.call.Outcome;

/** Accepts every command (or refuses with {@link #refuse}) and records it. */
final class RecordingCallControl implements CallControl {
    final List<Object> commands = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    final AtomicInteger ids = new AtomicInteger();
    volatile Outcome.Refused refuse;
    volatile boolean closed;

    private Outcome outcome(Object command, String prefix) {
        commands.add(command);
        if (refuse != null) return refuse;
        return new Outcome.Accepted(prefix == null ? null : prefix + ids.incrementAndGet());
    }

    @Override public Outcome call(MediaCall c) { return outcome(c, "mc-test-"); }
    @Override public Outcome answer(MediaAnswer c) { return outcome(c, null); }
    @Override public Outcome pli(String id) { return outcome("pli:" + id, null); }
    @Override public Outcome closeMedia(String id) { return outcome("closeMedia:" + id, null); }
    @Override public Outcome connect(DataConnect c) { return outcome(c, "dc-test-"); }
    @Override public Outcome updateData(DataUpdate c) { return outcome(c, null); }
    @Override public Outcome closeData(String id) { return outcome("closeData:" + id, null); }
    @Override public void peerClosed(String peerId) { commands.add("peerClosed:" + peerId); }
    @Override public void close() { closed = true; }

    Object last() {
        return commands.get(commands.size() - 1);
    }
}
