package org.ferryrtc.ice;

/** Receives {@link IceEvent}s of one session. Called on ice4j's threads: enqueue, never block. */
@FunctionalInterface
public interface IceListener {
    void onEvent(IceSession session, IceEvent event);
}
