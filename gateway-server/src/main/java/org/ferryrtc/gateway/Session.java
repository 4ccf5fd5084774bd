package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.PeerException;

/**
 * One media or data connection between a REST peer and a browser: a {@link PeerConnection} plus
 * the browser signaling around it. Every command runs on the session's own serial executor
 * ({@link #serial}); the REST and WebSocket threads only enqueue. PeerConnection events arrive on
 * the connection's owner thread and never block.
 */
abstract class Session {
    final PeerCalls calls;
    final String id;
    final String peerId;
    final String browserId;
    final boolean incoming;
    /** The session id the browser knows: its own for calls it placed, ours for calls we placed. */
    volatile String browserSession;
    final Executor serial;
    volatile PeerConnection pc;
    volatile boolean closed;
    private final List<String> browserCandidates = new ArrayList<>(); // serial thread only
    private final List<ObjectNode> ourCandidates = new ArrayList<>(); // guarded by signalLock
    private boolean signalSent; // guarded by signalLock
    private final Object signalLock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    Session(PeerCalls calls, String id, String peerId, String browserId, boolean incoming) {
        this.calls = calls;
        this.id = id;
        this.peerId = peerId;
        this.browserId = browserId;
        this.incoming = incoming;
        this.browserSession = id;
        this.serial = calls.newSerial();
    }

    /** "media" or "data" (the {@code kind} of the browser offer). */
    abstract String kind();

    /** Connection event towards the REST side (READY/STREAM/OPEN/ERROR/CLOSE). */
    abstract void event(String event, String message);

    /** Kind-specific PeerConnection events (tracks, channels, keyframe requests). */
    abstract void onPeerEvent(PeerEvent e);

    /** Releases the session's port hooks. */
    abstract void unhook();

    final void onEvent(PeerEvent e) {
        if (e instanceof PeerEvent.LocalCandidate c) {
            ObjectNode cand = calls.mapper.createObjectNode();
            cand.put("candidate", c.candidate()).put("sdpMid", c.mid()).put("sdpMLineIndex", c.mLineIndex());
            ObjectNode m = message("candidate");
            m.set("candidate", cand);
            synchronized (signalLock) {
                if (!signalSent) {
                    ourCandidates.add(m);
                    return;
                }
            }
            calls.toBrowser(browserId, m);
        } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
            if (s.state() == PeerConnectionState.FAILED) {
                serial.execute(() -> fail("the WebRTC connection failed (ICE or DTLS)"));
            } else if (s.state() == PeerConnectionState.CLOSED && !closed) {
                serial.execute(() -> close(false));
            } else {
                onPeerEvent(e);
            }
        } else {
            onPeerEvent(e);
        }
    }

    ObjectNode message(String type) {
        return calls.mapper.createObjectNode().put("type", type).put("from", peerId).put("to", browserId)
                .put("session", browserSession);
    }

    /** Sends our offer or answer to the browser, then the candidates gathered meanwhile. */
    final void sendDescription(String type, String sdp) {
        ObjectNode m = message(type).put("sdp", sdp);
        if (type.equals("offer")) {
            m.put("kind", kind());
            describeOffer(m);
        }
        if (!calls.toBrowser(browserId, m)) {
            fail("browser peer " + browserId + " is gone");
            return;
        }
        List<ObjectNode> queued;
        synchronized (signalLock) {
            signalSent = true;
            queued = new ArrayList<>(ourCandidates);
            ourCandidates.clear();
        }
        for (ObjectNode c : queued) calls.toBrowser(browserId, c);
    }

    /** A signaling message from the browser (serial thread). */
    final void onBrowser(ObjectNode msg) {
        if (closed) return;
        String type = msg.path("type").asText();
        try {
            switch (type) {
                case "answer" -> {
                    if (incoming || pc == null) {
                        calls.browserError(browserId, "session", "unexpected answer for session " + id);
                        return;
                    }
                    pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, msg.path("sdp").asText());
                    negotiated(msg.path("sdp").asText());
                }
                case "candidate" -> {
                    JsonNode c = msg.path("candidate");
                    String text = c.isTextual() ? c.textValue() : c.path("candidate").asText("");
                    if (text.isEmpty()) return;
                    if (pc == null) {
                        browserCandidates.add(text);
                    } else {
                        pc.addRemoteCandidate(text);
                    }
                }
                case "bye" -> close(false);
                default -> calls.browserError(browserId, "type", "unexpected " + type + " for session " + id);
            }
        } catch (PeerException e) {
            calls.browserError(browserId, "sdp", e.getMessage());
            fail(e.getMessage());
        }
    }

    /** Adds kind-specific fields to our offer message (data: the channel's dcInit). */
    void describeOffer(ObjectNode m) {
    }

    /** The final (answer) SDP is known. */
    void negotiated(String answerSdp) {
    }

    /** Applies candidates that arrived before the PeerConnection existed (serial thread). */
    final void flushBrowserCandidates() throws PeerException {
        for (String c : browserCandidates) pc.addRemoteCandidate(c);
        browserCandidates.clear();
    }

    /** ERROR then CLOSE (serial thread). */
    final void fail(String message) {
        if (closed) return;
        calls.failures.increment();
        Log.warn("session.error", "id", id, "error", message);
        event("ERROR", message);
        close(true);
    }

    /** Closes the PeerConnection; tells the browser ({@code bye}) if asked; CLOSE on the REST side. */
    final void close(boolean tellBrowser) {
        // once, whichever thread comes first (a session task, a browser leaving, shutdown); no lock
        // is held while the PeerConnection closes (it waits for its owner thread)
        if (!closing.compareAndSet(false, true)) return;
        closed = true;
        unhook();
        if (tellBrowser) calls.toBrowser(browserId, message("bye"));
        PeerConnection p = pc;
        if (p != null) p.close();
        calls.forget(this);
        event("CLOSE", null);
    }
}
