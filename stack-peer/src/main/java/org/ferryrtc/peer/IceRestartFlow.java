package org.ferryrtc.peer;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.ice.IceCandidate;
import org.ferryrtc.ice.IceCredentials;
import org.ferryrtc.ice.IceEvent;
import org.ferryrtc.ice.IceSession;
import org.ferryrtc.ice.IceState;
import org.ferryrtc.sdp.Candidate;
import org.ferryrtc.sdp.IceRestart;
import org.ferryrtc.sdp.LocalCapabilities;
import org.ferryrtc.sdp.NegotiatedMedia;
import org.ferryrtc.sdp.OfferAnswer;
import org.ferryrtc.sdp.SessionDescription;
import org.ferryrtc.sdp.Setup;

/**
 * ICE restart of an established {@link PeerConnection} (RFC 8445 §9; JSEP RFC 8829 §3.5.1,
 * §5.2.1, §5.3.1), on the owner thread only. The subsequent offer/answer carries new ICE
 * credentials and otherwise the current session; a new {@link IceSession} (ice4j agents cannot
 * change credentials) checks in the background while the current one keeps carrying DTLS, SRTP
 * and SCTP. When the new session has a selected pair it becomes {@code path.ice} and the old one
 * is closed; DTLS, SRTP contexts, SCTP and the RtpSession are untouched.
 *
 * <pre>
 *  restartIce -&gt; createOffer (new ufrag/pwd, a=setup = current role) -&gt; setLocal -&gt; setRemote(ANSWER) -&gt; start new session
 *  setRemote(re-OFFER, new ufrag/pwd) -&gt; createAnswer (new ufrag/pwd) -&gt; setLocal(ANSWER) -&gt; start new session
 *  new session CONNECTED -&gt; swap into path.ice, old.close()
 * </pre>
 */
final class IceRestartFlow {
    private final PeerConnection pc;
    /** restartIce() was called: the next offer (or answer) gets new credentials. */
    boolean requested;
    /** The session being checked, or null when no restart is under way. */
    IceSession pending;
    private boolean pendingStarted;
    private SessionDescription localOffer;
    private SessionDescription remoteOffer;
    private final List<IceCandidate> early = new ArrayList<>();
    /** Completed swaps. */
    long restarts;

    IceRestartFlow(PeerConnection pc) {
        this.pc = pc;
    }

    /** Our subsequent offer: only after {@link PeerConnection#restartIce()}. */
    String createOffer() throws Exception {
        if (remoteOffer != null) {
            throw new PeerException("a remote re-offer is being answered");
        }
        if (!requested && pending == null) {
            throw new PeerException("renegotiation is not supported, only ICE restart: call restartIce() first");
        }
        if (pending == null || pendingStarted) { // a restart still checking is superseded
            IceSession superseded = pending;
            pending = pc.newIce(pc.path.ice.isControlling());
            pendingStarted = false;
            if (superseded != null) {
                superseded.close();
            }
        }
        IceCredentials c = pending.localCredentials();
        List<Candidate> cands = new ArrayList<>();
        for (IceCandidate ic : pending.localCandidates()) {
            cands.add(MediaSetup.toSdp(ic));
        }
        return IceRestart.reoffer(pc.currentLocal, c.ufrag(), c.password(), cands, pc.config.iceServers().isEmpty(),
                setupOf(pc.dtlsClient), pc.nextSessionVersion()).write();
    }

    /** Our answer to the remote re-offer: new credentials for an ICE restart, the current DTLS role. */
    String createAnswer() throws Exception {
        if (remoteOffer == null) {
            throw new PeerException("createAnswer needs a remote offer");
        }
        return OfferAnswer.createAnswer(remoteOffer, capabilities()).write();
    }

    void setLocal(PeerConnection.SdpType type, SessionDescription d) throws Exception {
        if (type == PeerConnection.SdpType.OFFER) {
            if (pending == null || localOffer != null || remoteOffer != null) {
                throw new PeerException("no re-offer to apply: call restartIce() and createOffer() first");
            }
            requireOwnCredentials(d);
            localOffer = d;
            pending.gather();
            return;
        }
        if (remoteOffer == null) {
            throw new PeerException("a local answer needs a remote offer");
        }
        List<NegotiatedMedia> n = OfferAnswer.negotiatedAsAnswerer(remoteOffer, d);
        NegotiatedMedia t = keepRole(n);
        if (pending != null) {
            requireOwnCredentials(d);
            startPending(t);
            pending.gather();
        }
        pc.currentLocal = d;
        pc.currentRemote = remoteOffer;
        remoteOffer = null;
        requested = false;
    }

    void setRemote(PeerConnection.SdpType type, SessionDescription d) throws Exception {
        if (type == PeerConnection.SdpType.OFFER) {
            if (localOffer != null) {
                throw new PeerException("glare: we already have a local re-offer");
            }
            boolean restart = IceRestart.checkReoffer(pc.currentRemote, d);
            // A new session unless an unused one is ready; one still checking is superseded.
            IceSession created = (restart || requested) && (pending == null || pendingStarted)
                    ? pc.newIce(pc.path.ice.isControlling()) : null;
            IceSession before = pending;
            pending = created != null ? created : pending;
            try {
                keepRole(OfferAnswer.negotiatedAsAnswerer(d, OfferAnswer.createAnswer(d, capabilities())));
            } catch (Exception e) {
                pending = before;
                if (created != null) {
                    created.close();
                }
                throw e;
            }
            if (created != null) {
                pendingStarted = false;
                if (before != null) {
                    before.close();
                }
            }
            remoteOffer = d;
            return;
        }
        if (localOffer == null) {
            throw new PeerException("a remote answer needs a local offer");
        }
        NegotiatedMedia t = keepRole(OfferAnswer.applyAnswer(localOffer, d));
        startPending(t);
        pc.currentLocal = localOffer;
        pc.currentRemote = d;
        localOffer = null;
        requested = false;
    }

    /** A trickled remote candidate while a restart is negotiated goes to the new session; false: not ours. */
    boolean addRemoteCandidate(IceCandidate c) {
        if (pending == null) {
            return false;
        }
        if (pendingStarted || remoteOffer != null) {
            pending.addRemoteCandidate(c);
        } else {
            early.add(c);
        }
        return true;
    }

    /**
     * An event of the new session. Candidates and gathering go on to the connection as usual
     * (true); checking is reported as an {@code IceStateChanged}; connected swaps the session in
     * (true: the connection then handles it as its own); failure closes it and keeps the old one.
     */
    boolean onPendingEvent(IceEvent e) {
        if (!(e instanceof IceEvent.StateChanged sc)) {
            return !(e instanceof IceEvent.PairSelected);
        }
        IceState s = sc.state();
        if (s == IceState.CONNECTED || s == IceState.COMPLETED) {
            IceSession old = pc.path.ice;
            pc.path.ice = pending;
            pending = null;
            restarts++;
            old.close();
            return true;
        }
        if (s == IceState.FAILED) {
            IceSession failed = pending;
            pending = null;
            failed.close();
            pc.emitIceState(IceState.FAILED);
            pc.emitIceState(pc.path.ice.state()); // the old session still carries the traffic
            return false;
        }
        if (s == IceState.CHECKING) {
            pc.emitIceState(s);
        }
        return false;
    }

    void close() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
    }

    private LocalCapabilities capabilities() {
        return pc.capabilities(pending != null ? pending : pc.path.ice, false, setupOf(pc.dtlsClient));
    }

    private void startPending(NegotiatedMedia t) {
        if (pending == null || pendingStarted) {
            return;
        }
        pending.setRemoteCredentials(new IceCredentials(t.remoteIceUfrag(), t.remoteIcePwd()));
        for (Candidate c : t.remoteCandidates()) {
            pending.addRemoteCandidate(MediaSetup.toIce(c));
        }
        for (IceCandidate c : early) {
            pending.addRemoteCandidate(c);
        }
        early.clear();
        pendingStarted = true;
        pending.start();
    }

    private void requireOwnCredentials(SessionDescription d) throws PeerException {
        String ufrag = pending.localCredentials().ufrag();
        for (var m : d.media()) {
            if (!m.isRejected() && d.iceUfragOf(m) != null && !ufrag.equals(d.iceUfragOf(m))) {
                throw new PeerException("the description does not carry the restart's ICE credentials");
            }
        }
    }

    /** The first accepted m-line, after checking that the DTLS role stays (no new DTLS association). */
    private NegotiatedMedia keepRole(List<NegotiatedMedia> media) throws PeerException {
        NegotiatedMedia t = null;
        for (NegotiatedMedia m : media) {
            if (!m.rejected()) {
                t = t == null ? m : t;
                if (m.dtlsClient() != pc.dtlsClient) {
                    throw new PeerException("the re-negotiation would swap the DTLS roles (a new DTLS association"
                            + " is not supported, only ICE restart)");
                }
            }
        }
        if (t == null) {
            throw new PeerException("every m-line was rejected");
        }
        return t;
    }

    /** Our DTLS role as an SDP setup value (RFC 8842 §5.5: kept in re-offers and re-answers). */
    static Setup setupOf(boolean dtlsClient) {
        return dtlsClient ? Setup.ACTIVE : Setup.PASSIVE;
    }
}
