package org.ferryrtc.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A media or data connection the CallControl created or reported; owns the ports it claimed. */
final class Connection {
    enum Kind { MEDIA, DATA }

    final String id;
    final Kind kind;
    final String peerId;
    final String remoteId;
    final EventHub events = new EventHub();
    final List<UdpPort> claimed = new CopyOnWriteArrayList<>();
    final boolean incoming;
    final java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
    volatile boolean open;
    volatile String lastEvent = "";
    private volatile Timers.Scheduled answerTimer; // incoming media only, until answered or closed
    /** An answer was accepted / the answer timeout closed the call. Written under {@code synchronized (this)}. */
    boolean answerAccepted, timedOut;

    void answerTimer(Timers.Scheduled t) {
        answerTimer = t;
    }

    void cancelAnswerTimer() {
        Timers.Scheduled t = answerTimer;
        answerTimer = null;
        if (t != null) t.cancel();
    }

    Connection(String id, Kind kind, String peerId, String remoteId, boolean incoming) {
        this.id = id;
        this.incoming = incoming;
        this.kind = kind;
        this.peerId = peerId;
        this.remoteId = remoteId;
    }

    void release() {
        for (UdpPort p : claimed) p.release(id);
        claimed.clear();
    }
}
