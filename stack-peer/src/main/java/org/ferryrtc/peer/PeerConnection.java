package org.ferryrtc.peer;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.ferryrtc.datachannel.DataChannel;
import org.ferryrtc.datachannel.DataChannelEvent;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.datachannel.DataChannels;
import org.ferryrtc.dtls.DtlsCertificate;
import org.ferryrtc.dtls.DtlsConfig;
import org.ferryrtc.dtls.DtlsEvent;
import org.ferryrtc.dtls.DtlsFingerprint;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.dtls.DtlsSessionFactory;
import org.ferryrtc.ice.IceCandidate;
import org.ferryrtc.ice.IceCredentials;
import org.ferryrtc.ice.IceEvent;
import org.ferryrtc.ice.IceListener;
import org.ferryrtc.ice.IcePacketHandler;
import org.ferryrtc.ice.IceSession;
import org.ferryrtc.ice.IceState;
import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSession;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.sdp.Candidate;
import org.ferryrtc.sdp.LocalCapabilities;
import org.ferryrtc.sdp.NegotiatedMedia;
import org.ferryrtc.sdp.OfferAnswer;
import org.ferryrtc.sdp.SessionDescription;
import org.ferryrtc.sdp.Setup;
import org.ferryrtc.srtp.SrtpProfile;

/**
 * A WebRTC peer connection: JSEP offer/answer (RFC 8829) over SDP strings, ICE (RFC 8445, trickle
 * RFC 8838, consent RFC 7675), DTLS-SRTP (RFC 5764, RFC 8827), media through an {@link RtpSession}
 * and DataChannels over SCTP (RFC 8831/8832), all on one BUNDLEd, rtcp-muxed 5-tuple.
 *
 * <p><b>Threads</b> (DESIGN §4). Each connection is pinned to one thread of a {@link PeerLoops}
 * (its owner thread, shared with other connections): its state is touched by that thread only,
 * one task at a time. ice4j's threads and the DTLS handshake pool only enqueue work to it
 * (datagrams are copied first). The public methods may be called from any application thread:
 * they run on the owner thread and wait for it (about microseconds) — except from this
 * connection's listener, where they run at once, and from another connection's listener, where
 * synchronous methods fail fast (see {@link PeerLoops}). Events, remote frames and packets are
 * delivered on the owner thread: <em>the listener and handlers must not block</em> (other
 * connections wait behind them).
 *
 * <p>Usage as answerer: {@link #setRemoteDescription}(OFFER, sdp), {@link #addTrack} as wanted,
 * {@link #createAnswer}, {@link #setLocalDescription}(ANSWER, answer), send the answer. As
 * offerer: {@link #createOffer}, {@link #setLocalDescription}(OFFER, offer), send it, then
 * {@link #setRemoteDescription}(ANSWER, theirs).
 *
 * <p><b>ICE restart</b> (RFC 8445 §9, RFC 8829 §3.5.1) is the only renegotiation: after
 * {@link #restartIce()} the next {@link #createOffer()} is a re-offer with new ICE credentials,
 * the same m-lines, codecs, fingerprint and DTLS role; a remote re-offer with the same m-lines is
 * answered (with new credentials if theirs changed); anything else is a {@link PeerException}.
 * A new ICE session checks while the old one carries DTLS, SRTP and SCTP, then replaces it (the
 * old one is closed). {@link PeerEvent.IceStateChanged} reports the new session (checking,
 * connected); the connection state follows the old session until the swap, so it stays
 * {@code CONNECTED}. A failed new session is closed (FAILED, then the old state, is reported).
 * Standalone or on a shared {@link org.ferryrtc.ice.IceEndpoint} port, our old session does not
 * answer checks from the peer's new ICE session (which Chromium sends before our answer reaches
 * it), and on a shared port checks reach the session of the ufrag they name.
 */
public final class PeerConnection implements AutoCloseable {
    /** The type of a session description (RFC 8829 §4.1.8). */
    public enum SdpType { OFFER, ANSWER }

    /** The DTLS handshake pool shared by all connections, created lazily (holder idiom). */
    private static final class SharedDtls {
        static final DtlsSessionFactory FACTORY =
                new DtlsSessionFactory(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    final PeerConfig config;
    private final Consumer<PeerEvent> listener;
    private final DtlsCertificate certificate;
    private final DtlsSessionFactory dtlsFactory;
    private final SecureRandom random = new SecureRandom();
    private final OwnerLoop loop;
    final PacketPath path;
    private final String sessionId;
    private long sessionVersion = 1;

    private SessionDescription localOffer;
    private SessionDescription remoteOffer;
    private boolean negotiated;
    /** The descriptions in force once negotiated (the last offer/answer pair applied). */
    SessionDescription currentLocal;
    SessionDescription currentRemote;
    private final IceRestartFlow restart = new IceRestartFlow(this);
    final MediaHub media;
    /**
     * Datagrams from ICE's threads to the owner thread, copied into reused slots (DESIGN §3). A
     * datagram the ring refuses (full, or over 1,500 bytes) is copied into its own array instead and may
     * overtake queued ones — UDP promises no order, and every layer above tolerates reordering.
     */
    private final HandoffRing inbound;
    private static final int INBOUND_SLOTS = 512;
    private static final int INBOUND_SLOT_BYTES = 1500; // ice4j hands over nothing longer
    private final List<LocalTrack> tracks;
    private final ChannelHub channels;
    private final List<IceCandidate> earlyCandidates = new ArrayList<>();
    private String bundleMid = "0";
    private int bundleIndex;
    boolean dtlsClient;
    private boolean dtlsStarted;
    private boolean dtlsConnected;
    private boolean dtlsFailed;
    private boolean closedByPeer;
    private volatile boolean closed;
    private boolean sctpNegotiated;
    private int remoteSctpPort = 5000;
    private String srtpProfile;
    private IceState iceState = IceState.NEW;
    private volatile PeerConnectionState state = PeerConnectionState.NEW;
    private volatile PeerStats finalStats;
    private long listenerErrors;

    private PeerConnection(PeerConfig config, Consumer<PeerEvent> listener, DtlsSessionFactory dtlsFactory) {
        this.config = config;
        this.listener = listener;
        this.certificate = config.certificate() != null ? config.certificate()
                : config.freshCertificate() ? DtlsCertificate.generateEcdsa() : DtlsCertificate.processShared();
        this.dtlsFactory = dtlsFactory;
        this.path = new PacketPath(this);
        this.media = new MediaHub(this, path, this::emit);
        this.tracks = media.tracks;
        this.channels = new ChannelHub(path, this::emit, () -> {
            closedByPeer = true;
            updateState();
        });
        this.sessionId = Long.toString(random.nextLong() & Long.MAX_VALUE);
        this.loop = (config.loops() != null ? config.loops() : PeerLoops.shared()).newOwner(path::deadline, path::onTimer);
        this.inbound = new HandoffRing(INBOUND_SLOTS, INBOUND_SLOT_BYTES, loop::execute, path::onDatagram);
    }

    /**
     * Creates a connection pinned to a thread of {@link PeerConfig#loops()} (or the shared default);
     * {@code listener} gets every {@link PeerEvent} on that owner thread. DTLS handshakes run on a
     * shared, bounded pool.
     */
    public static PeerConnection create(PeerConfig config, Consumer<PeerEvent> listener) {
        return new PeerConnection(config, listener, SharedDtls.FACTORY);
    }

    /** The aggregate state (updated on the owner thread). */
    public PeerConnectionState state() {
        return state;
    }

    /** Our certificate's SDP fingerprint value ({@code sha-256 AB:...}). */
    public String fingerprint() {
        return certificate.sdpFingerprint();
    }

    // ------------------------------------------------------------------ signaling

    /** Our offer (RFC 8829 §5.2): audio/video for the tracks added, and an SCTP DataChannel section. */
    public String createOffer() throws PeerException {
        return callChecked(() -> {
            if (negotiated && !closed) {
                return restart.createOffer();
            }
            requireNotNegotiated();
            ensureIce(true);
            return OfferAnswer.createOffer(capabilities(path.ice, true, null)).write();
        });
    }

    /**
     * Asks for an ICE restart (RFC 8445 §9, RFC 8829 §4.1.3): the next {@link #createOffer()}
     * carries new ICE credentials; a remote re-offer answered before that also gets new ones.
     */
    public void restartIce() throws PeerException {
        callChecked(() -> {
            if (closed || !negotiated) {
                throw new PeerException("ICE restart needs an established session");
            }
            restart.requested = true;
            return null;
        });
    }

    /** Our answer to the remote offer set before (RFC 8829 §5.3). */
    public String createAnswer() throws PeerException {
        return callChecked(() -> {
            if (negotiated && !closed) {
                return restart.createAnswer();
            }
            if (remoteOffer == null) {
                throw new PeerException("createAnswer needs a remote offer");
            }
            requireNotNegotiated();
            return OfferAnswer.createAnswer(remoteOffer, capabilities(path.ice, false, null)).write();
        });
    }

    /** Applies our own offer or answer (as returned by createOffer/createAnswer). */
    public void setLocalDescription(SdpType type, String sdp) throws PeerException {
        callChecked(() -> {
            if (negotiated && !closed) {
                restart.setLocal(type, MediaSetup.parse(sdp));
                return null;
            }
            requireNotNegotiated();
            SessionDescription d = MediaSetup.parse(sdp);
            if (type == SdpType.OFFER) {
                localOffer = d;
            } else {
                if (remoteOffer == null) {
                    throw new PeerException("a local answer needs a remote offer");
                }
                apply(OfferAnswer.negotiatedAsAnswerer(remoteOffer, d));
                currentLocal = d;
                currentRemote = remoteOffer;
            }
            path.ice.gather();
            return null;
        });
    }

    /**
     * Applies the peer's offer or answer. Malformed SDP or an offer/answer that does not fit
     * gives a {@link PeerException} naming the line or the reason; the connection is unchanged.
     * Once negotiated, an offer must keep the m-lines (an ICE restart or no change); renegotiation
     * beyond ICE restart is not supported.
     */
    public void setRemoteDescription(SdpType type, String sdp) throws PeerException {
        callChecked(() -> {
            if (negotiated && !closed) {
                restart.setRemote(type, MediaSetup.parse(sdp));
                return null;
            }
            requireNotNegotiated();
            SessionDescription d = MediaSetup.parse(sdp);
            if (type == SdpType.OFFER) {
                if (localOffer != null) {
                    throw new PeerException("glare: we already have a local offer");
                }
                ensureIce(d.iceLite()); // against an ice-lite peer we control (RFC 8445 §6.1.1)
                OfferAnswer.createAnswer(d, capabilities(path.ice, false, null)); // fails early on an offer we cannot answer
                remoteOffer = d;
            } else {
                if (localOffer == null) {
                    throw new PeerException("a remote answer needs a local offer");
                }
                apply(OfferAnswer.applyAnswer(localOffer, d));
                currentLocal = localOffer;
                currentRemote = d;
            }
            return null;
        });
    }

    /**
     * Adds a remote trickled candidate (RFC 8838 §4.2), the attribute value {@code candidate:...};
     * null or empty means end-of-candidates. Before the remote description it is kept for later.
     */
    public void addRemoteCandidate(String candidate) throws PeerException {
        callChecked(() -> {
            if (candidate == null || candidate.isBlank()) {
                return null; // end-of-candidates: ice4j keeps checking what it has
            }
            IceCandidate c = MediaSetup.parseCandidate(candidate);
            if (c == null) {
                throw new PeerException("malformed candidate: " + candidate);
            }
            if (!negotiated) {
                earlyCandidates.add(c);
            } else if (!restart.addRemoteCandidate(c)) { // during a restart the new session takes it
                path.ice.addRemoteCandidate(c);
            }
            return null;
        });
    }

    private void requireNotNegotiated() throws PeerException {
        if (closed) {
            throw new PeerException("closed");
        }
        if (negotiated) {
            throw new PeerException("renegotiation is not supported");
        }
    }

    private void ensureIce(boolean controlling) throws IOException {
        if (path.ice == null) {
            path.ice = newIce(controlling);
        }
    }

    /** A new ICE session whose events and datagrams come to this connection's owner thread. */
    IceSession newIce(boolean controlling) throws IOException {
        IceListener l = (s, e) -> loop.execute(() -> onIceEvent(s, e));
        IcePacketHandler h = (buf, off, len) -> {
            if (!inbound.offer(buf, off, len)) { // ring full (owner far behind) or oversized: copy
                byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                loop.execute(() -> path.onDatagram(copy, copy.length));
            }
        };
        IceSession s = config.endpoint() != null ? config.endpoint().newSession(controlling, l, h)
                : IceSession.standalone(config.localAddresses(), config.iceServers(), controlling, l, h);
        if (path.ice != null) { // an ICE restart's new session: see RESTART_TA_MILLIS
            s.setCheckPacingMillis(RESTART_TA_MILLIS);
        }
        return s;
    }

    /**
     * Check pacing of an ICE restart's new session: ice4j's default of 20 ms, not the 5 ms of a
     * first session. During a restart the old session still answers checks that carry its ufrag,
     * and Chromium (offering the restart) sends its new generation's checks to our old candidates
     * with our old ufrag until it has our answer. With both sessions pacing at 5 or 10 ms, Chromium
     * settled on a pair to our old port in 4 of 8 runs of ChromiumIceRestartInteropTest (our new
     * session never completed); with the new session at 20 ms, in none of 12 runs.
     */
    private static final long RESTART_TA_MILLIS = 20;

    LocalCapabilities capabilities(IceSession ice, boolean offer, Setup answerSetup) {
        return MediaSetup.capabilities(ice, certificate, config, tracks, sessionId, nextSessionVersion(), offer, answerSetup);
    }

    long nextSessionVersion() {
        return sessionVersion++;
    }

    void emitIceState(IceState s) {
        emit(new PeerEvent.IceStateChanged(s));
    }

    /** Both descriptions are known: start ICE and DTLS, set up the media session. */
    private void apply(List<NegotiatedMedia> media) throws PeerException {
        NegotiatedMedia t = null;
        for (NegotiatedMedia m : media) {
            if (!m.rejected()) {
                t = m;
                break;
            }
        }
        if (t == null) {
            throw new PeerException("every m-line was rejected");
        }
        List<DtlsFingerprint> fps = MediaSetup.dtlsFingerprints(t);
        negotiated = true;
        bundleMid = t.bundleMid() != null ? t.bundleMid() : t.mid();
        bundleIndex = t.index();
        for (NegotiatedMedia m : media) {
            if (bundleMid != null && bundleMid.equals(m.mid())) {
                bundleIndex = m.index();
            }
            if (!m.rejected() && m.kind().equals("application")) {
                sctpNegotiated = true;
                remoteSctpPort = m.remoteSctpPort() > 0 ? m.remoteSctpPort() : 5000;
            }
        }
        IceSession ice = path.ice;
        ice.setRemoteCredentials(new IceCredentials(t.remoteIceUfrag(), t.remoteIcePwd()));
        for (Candidate c : t.remoteCandidates()) {
            ice.addRemoteCandidate(MediaSetup.toIce(c));
        }
        for (IceCandidate c : earlyCandidates) {
            ice.addRemoteCandidate(c);
        }
        earlyCandidates.clear();
        dtlsClient = t.dtlsClient();
        DtlsConfig dc = DtlsConfig.of(dtlsClient ? DtlsRole.CLIENT : DtlsRole.SERVER, certificate, fps)
                .withSrtpProfiles(config.srtpProfiles());
        path.dtls = dtlsFactory.newSession(dc, () -> loop.execute(() -> path.pumpDtls(System.nanoTime())));
        if (!dtlsClient) {
            startDtls();
        }
        if (media.stream().anyMatch(MediaSetup::isMedia)) {
            RtpSessionConfig rc = MediaSetup.build(media, tracks, config.deliverPackets(),
                    random.nextLong() & 0xFFFF_FFFFL, sessionId, random.nextLong());
            path.rtp = new RtpSession(rc, System.nanoTime());
        }
        ice.start();
        updateState();
    }

    private void startDtls() {
        if (!dtlsStarted && path.dtls != null) {
            dtlsStarted = true;
            path.dtls.start();
        }
    }

    // ------------------------------------------------------------------ events from below (owner thread)

    private void onIceEvent(IceSession s, IceEvent e) {
        if (s != path.ice) {
            if (s != restart.pending || !restart.onPendingEvent(e)) {
                return; // a replaced session's late events, or the new session's checking
            }
        } else if (restart.pending != null && e instanceof IceEvent.StateChanged sc) {
            iceState = sc.state(); // the old session: counts for the connection state, not reported
            updateState();
            return;
        }
        if (e instanceof IceEvent.LocalCandidate lc) {
            emit(new PeerEvent.LocalCandidate(MediaSetup.toSdp(lc.candidate()).text(), bundleMid, bundleIndex));
        } else if (e instanceof IceEvent.GatheringComplete) {
            emit(new PeerEvent.GatheringComplete());
        } else if (e instanceof IceEvent.StateChanged sc) {
            iceState = sc.state();
            emit(new PeerEvent.IceStateChanged(iceState));
            if (iceState == IceState.CONNECTED || iceState == IceState.COMPLETED) {
                path.startConsentChecks(System.nanoTime());
                if (dtlsClient) {
                    startDtls();
                }
                path.pumpDtls(System.nanoTime());
            } else if (iceState == IceState.FAILED || iceState == IceState.CLOSED) {
                path.stopConsentChecks();
            }
            updateState();
        }
    }

    void onDtlsEvent(DtlsEvent e, long now) {
        if (e instanceof DtlsEvent.HandshakeComplete hc) {
            SrtpProfile p = hc.profile();
            if (p != null) { // else no use_srtp agreed (a data-only peer): media stays off, counted as not ready
                path.installSrtp(hc.keys().srtpKeys());
                srtpProfile = p.name();
            }
            dtlsConnected = true;
            if (sctpNegotiated) {
                channels.start(now, remoteSctpPort, dtlsClient);
            }
            emit(new PeerEvent.DtlsConnected(srtpProfile, hc.role() == DtlsRole.CLIENT));
            updateState();
        } else if (e instanceof DtlsEvent.HandshakeFailed f) {
            dtlsFailed = true;
            emit(new PeerEvent.DtlsFailed(f.reason()));
            updateState();
        } else if (e instanceof DtlsEvent.Closed c) {
            emit(new PeerEvent.DtlsClosed(c.byPeer(), c.reason()));
            if (c.byPeer()) {
                closedByPeer = true;
                updateState();
            }
        }
    }

    void onDataChannelEvent(DataChannelEvent e) {
        channels.onEvent(e);
    }

    void onMediaEvent(MediaEvent e, long now) {
        media.onEvent(e, now);
    }

    private void updateState() {
        PeerConnectionState next = PeerConnectionState.of(closed, dtlsFailed, closedByPeer, iceState, dtlsConnected, negotiated);
        if (next != state) {
            state = next;
            emit(new PeerEvent.ConnectionStateChanged(next));
        }
    }

    private void emit(PeerEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            listenerErrors++; // an application bug must not break the packet path
        }
    }

    // ------------------------------------------------------------------ media

    /**
     * Adds a track we send, before negotiation: {@code codec} is the encoding name wanted
     * (e.g. "opus", "VP8", "H264"); the first negotiated codec of the kind is used if it is not.
     */
    public LocalTrack addTrack(RtpSessionConfig.Kind kind, String codec) {
        return call(() -> {
            if (negotiated || closed) {
                throw new IllegalStateException("tracks are added before negotiation");
            }
            long ssrc = random.nextInt() & 0xFFFF_FFFFL;
            long rtxSsrc = kind == RtpSessionConfig.Kind.VIDEO ? random.nextInt() & 0xFFFF_FFFFL : -1;
            LocalTrack t = new LocalTrack(this, kind, codec, kind.name().toLowerCase() + "-" + tracks.size(), ssrc, rtxSsrc);
            tracks.add(t);
            return t;
        });
    }

    // ------------------------------------------------------------------ DataChannels

    /** Creates a DataChannel (DCEP, RFC 8832); it opens once the SCTP association is up. */
    public PeerDataChannel createDataChannel(String label, DataChannelOptions options) {
        return call(() -> {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            PeerDataChannel p = new PeerDataChannel(this, label, options);
            channels.add(p);
            return p;
        });
    }

    void dataChannelSend(PeerDataChannel p, byte[] data, boolean binary) {
        run(() -> channels.send(p, data, binary));
    }

    long bufferedAmount(PeerDataChannel p) {
        if (closed) {
            return 0;
        }
        return call(() -> {
            DataChannel ch = p.channel;
            return ch == null || closed ? 0L : ch.bufferedAmount();
        });
    }

    void dataChannelClose(PeerDataChannel p) {
        run(() -> channels.close(p));
    }

    // ------------------------------------------------------------------ stats, close, plumbing

    /** Per-stream and transport counters; after {@link #close()}, the last snapshot taken while closing. */
    public PeerStats stats() {
        PeerStats last = finalStats;
        if (last != null) {
            return last;
        }
        return call(this::snapshot);
    }

    private PeerStats snapshot() {
        Map<String, Long> m = path.counters();
        m.put("dataChannelSendFailures", channels.sendFailures);
        m.put("mediaNotReadyDropped", media.notReadyDropped);
        m.put("listenerErrors", listenerErrors);
        m.put("ownerTaskErrors", loop.taskErrors);
        m.put("iceRestarts", restart.restarts);
        return new PeerStats(state, srtpProfile, dtlsClient, path.rtp == null ? List.of() : path.rtp.stats(), m);
    }

    /**
     * Closes: SCTP ABORT, DTLS close_notify (RFC 5246 §7.2.1), ICE freed, the connection unpinned
     * from its loop thread (which goes on with other connections). Idempotent. Called on another
     * connection's loop thread (e.g. from its listener), the close is queued and this returns at once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (loop.onOtherLoop()) {
            loop.execute(this::close);
            return;
        }
        try {
            call(() -> {
                if (closed) {
                    return null;
                }
                long now = System.nanoTime();
                if (path.sctp != null) {
                    path.sctp.abort(now, "PeerConnection closed");
                    path.pumpSctp(now);
                }
                if (path.dtls != null) {
                    path.dtls.close();
                    path.pumpDtls(now);
                }
                if (path.ice != null) {
                    path.ice.close();
                }
                restart.close();
                channels.closeAll();
                closed = true;
                updateState();
                finalStats = snapshot();
                return null;
            });
        } catch (RuntimeException e) {
            closed = true;
        } finally {
            loop.stop();
        }
    }

    /** Tests only: the ICE session carrying the traffic now. */
    IceSession iceSession() {
        return call(() -> path.ice);
    }

    /** Tests only: a copy of every inbound datagram goes to {@code tap} on the owner thread. */
    void tapInbound(java.util.function.Consumer<byte[]> tap) {
        run(() -> path.inboundTap = tap);
    }

    /** Hands a datagram to the packet path on the owner thread, as ICE does (tests, fuzzing). */
    void injectDatagram(byte[] d) {
        byte[] copy = d.clone();
        loop.execute(() -> path.onDatagram(copy, copy.length));
    }

    /** The last exception a task on the owner thread threw (a bug: counted as ownerTaskErrors), or null. */
    Throwable lastOwnerError() {
        return loop.lastError;
    }

    /** Runs {@code r} on the owner thread (now if already there). */
    void run(Runnable r) {
        loop.runOrExecute(r);
    }

    private <T> T call(Callable<T> c) {
        return loop.callUnchecked(c);
    }

    private <T> T callChecked(Callable<T> c) throws PeerException {
        return loop.callChecked(c);
    }
}
