package org.ferryrtc.gateway.call;

/** Refuses every command with 503: the PeerConnection is not built yet. */
final class Unavailable implements CallControl {
    static final Unavailable INSTANCE = new Unavailable();

    static final String MEDIA = "media connections need the PeerConnection (not built yet)";
    static final String DATA = "data connections need the PeerConnection (not built yet)";

    private Unavailable() {}

    private static Outcome media() {
        return new Outcome.Refused(503, "", MEDIA);
    }

    private static Outcome data() {
        return new Outcome.Refused(503, "", DATA);
    }

    @Override public Outcome call(MediaCall command) { return media(); }
    @Override public Outcome answer(MediaAnswer command) { return media(); }
    @Override public Outcome pli(String mediaConnectionId) { return media(); }
    @Override public Outcome closeMedia(String mediaConnectionId) { return media(); }
    @Override public Outcome connect(DataConnect command) { return data(); }
    @Override public Outcome updateData(DataUpdate command) { return data(); }
    @Override public Outcome closeData(String dataConnectionId) { return data(); }
    @Override public void peerClosed(String peerId) {}
    @Override public void close() {}
}
