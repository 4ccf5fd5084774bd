package org.ferryrtc.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.security.LongTermCredential;

/**
 * One ICE agent (RFC 8445) with one stream and one component (BUNDLE + rtcp-mux), on a shared
 * {@link IceEndpoint} port. Full ICE in either role, trickle (RFC 8838) in both directions,
 * consent freshness (RFC 7675) on the selected pair.
 *
 * <p>The owner calls the methods from its own thread; events and packets arrive on ice4j's
 * threads through {@link IceListener} and {@link IcePacketHandler}. No ice4j type leaves this
 * package.
 */
public final class IceSession implements AutoCloseable {
    private static final String STREAM = "bundle";
    /**
     * The check pacing Ta in milliseconds (RFC 8445 §14.2: configurable, at least 5 ms). ice4j
     * sends the first ordinary check at once when checks start and then one check (triggered
     * first, RFC 8445 §6.1.4.2) every Ta per check list (one list here: BUNDLE). With regular
     * nomination the controlling agent's USE-CANDIDATE check is a triggered check that waits
     * for the next tick, so Ta is also the nomination delay: ice4j's default of 20 ms was most
     * of the ICE phase of a set-up on loopback.
     */
    public static final long TA_MILLIS = 5;

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final IceListener listener;
    private volatile IceState state = IceState.NEW;
    private volatile boolean started;
    private volatile long selectedAtMillis;
    private boolean serverHarvesters;
    private final java.util.Set<String> emitted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The reader buffer of a standalone session, in bytes. Every datagram reaches us through
     * ice4j's component socket, which reads the UDP socket into 1500-byte packets
     * ({@code MultiplexingDatagramSocket}) and copies them into 1500-byte buffers
     * ({@code MergingDatagramSocket}): nothing longer can arrive here, so a larger buffer
     * (it was 64 KB, held by every idle session for its lifetime) only holds bytes that are
     * never written. 1500 also covers what a WebRTC peer sends: DTLS records and SRTP packets
     * sized to a path MTU of at most 1500 (browsers use ~1200).
     */
    static final int MAX_DATAGRAM = 1500;

    private final Thread reader;
    /** What reaches a standalone session's StunStack from its host sockets (not used on a shared port). */
    private final StunGate gate = StunGate.hostSocket();
    /** A shared-port session's socket on the port (null for a standalone session). */
    private final PortSocket portSocket;
    /** Whether the reader reads the host socket itself (then it checks the sender, see {@link #authorized}). */
    private final boolean direct;
    /** The last sender {@link #authorized} found on the check list; reader thread only. */
    private InetAddress authorizedAddress;
    private int authorizedPort = -1;
    /** Datagrams a direct reader dropped: not STUN, from an address no check succeeded with. */
    private volatile long unauthorizedDropped;
    /** Remote addresses of pairs whose check succeeded (written by ice4j's threads). */
    private final java.util.Set<InetSocketAddress> succeededRemotes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A session on a shared server port: its STUN and datagrams are routed to it by the port
     * ({@link SharedPort}); it sends checks from the shared socket, so it can also offer.
     */
    IceSession(SharedPort port, boolean controlling, IceListener listener, IcePacketHandler packets) {
        this.listener = Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(packets, "packets");
        agent = newAgent(controlling);
        portSocket = port.register(agent.getLocalUfrag(), packets);
        agent.addCandidateHarvester(new PortHarvester(portSocket));
        stream = agent.createMediaStream(STREAM);
        stream.addPairChangeListener(e -> {
            if (IceMediaStream.PROPERTY_PAIR_STATE_CHANGED.equals(e.getPropertyName())
                    && e.getSource() instanceof CandidatePair pair
                    && e.getNewValue() == org.ice4j.ice.CandidatePairState.SUCCEEDED) {
                TransportAddress remote = pair.getRemoteCandidate().getTransportAddress();
                port.bind(new InetSocketAddress(remote.getAddress(), remote.getPort()), portSocket);
            }
        });
        try {
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        } catch (RuntimeException | IOException e) {
            portSocket.close();
            agent.free();
            throw new IllegalStateException("cannot create the ICE component", e);
        }
        reader = null;
        direct = false;
        agent.addStateChangeListener(this::onAgentStateChange);
    }

    /** A standalone session with its own socket(s): one reader thread pulls its datagrams. */
    private IceSession(List<InetAddress> addresses, List<IceServer> servers, boolean controlling, IceListener listener,
            IcePacketHandler packets) throws IOException {
        this.listener = Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(packets, "packets");
        agent = newAgent(controlling);
        // every STUN message of the host sockets and of a relayed candidate reaches the StunStack
        // through the session's gates (StunGate), so a restart of the peer is safe with servers too
        agent.addCandidateHarvester(new OwnSocketHarvester(addresses, gate));
        portSocket = null;
        for (IceServer server : servers) {
            TransportAddress a = new TransportAddress(server.address(), Transport.UDP);
            agent.addCandidateHarvester(server instanceof IceServer.Turn t
                    ? new GatedTurnHarvester(a, new LongTermCredential(t.username(), t.password()),
                            gate.forRelayedCandidate())
                    : new StunCandidateHarvester(a));
        }
        serverHarvesters = !servers.isEmpty();
        stream = agent.createMediaStream(STREAM);
        // One host socket and no server: read it directly. ice4j's component socket would add a
        // MergingDatagramSocket, its reader thread and a 10,000-slot queue per session, only to
        // merge one socket (several sockets or a TURN relay still go through it).
        boolean direct = servers.isEmpty() && addresses.size() == 1;
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, !direct);
        java.net.DatagramSocket socket = direct ? hostSocket(component) : component.getSocket();
        this.direct = direct;
        if (direct) {
            stream.addPairChangeListener(this::onPairChange);
        }
        reader = new Thread(() -> readLoop(socket, packets), "ice-reader-" + agent.getLocalUfrag());
        reader.setDaemon(true);
        reader.start();
        agent.addStateChangeListener(this::onAgentStateChange);
    }

    /**
     * A standalone session (an embedder's PeerConnection, not a server) with a host candidate
     * on an ephemeral port of each address; loopback addresses are allowed.
     */
    public static IceSession standalone(List<InetAddress> addresses, boolean controlling, IceListener listener,
            IcePacketHandler packets) throws IOException {
        return standalone(addresses, List.of(), controlling, listener, packets);
    }

    /**
     * A standalone session that also gathers server-reflexive candidates from STUN servers and
     * relayed candidates from TURN servers (UDP); {@link #gather()} trickles them as they come.
     */
    public static IceSession standalone(List<InetAddress> addresses, List<IceServer> servers, boolean controlling,
            IceListener listener, IcePacketHandler packets) throws IOException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no local address");
        }
        Ice4jDefaults.apply();
        return new IceSession(addresses, List.copyOf(servers), controlling, listener, packets);
    }

    private static Agent newAgent(boolean controlling) {
        Agent agent = new Agent();
        agent.setControlling(controlling);
        agent.setUseDynamicPorts(false);
        agent.setTrickling(true);
        agent.setPerformConsentFreshness(true);
        agent.setTa(TA_MILLIS);
        return agent;
    }

    private static java.net.DatagramSocket hostSocket(Component component) {
        List<LocalCandidate> local = component.getLocalCandidates();
        if (local.size() != 1 || !(local.get(0) instanceof org.ice4j.ice.HostCandidate host)
                || host.getCandidateIceSocketWrapper().getUDPSocket() == null) {
            throw new IllegalStateException("expected one UDP host candidate, got " + local);
        }
        return host.getCandidateIceSocketWrapper().getUDPSocket();
    }

    private void readLoop(java.net.DatagramSocket socket, IcePacketHandler packets) {
        byte[] buf = new byte[MAX_DATAGRAM];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        while (state != IceState.CLOSED) {
            try {
                p.setData(buf, 0, buf.length);
                socket.receive(p); // STUN is filtered out to ice4j's StunStack by the multiplexing socket
                if (direct && !authorized(p.getAddress(), p.getPort())) {
                    unauthorizedDropped++; // single writer: this reader thread
                    continue;
                }
                packets.onPacket(p.getData(), p.getOffset(), p.getLength());
            } catch (IOException e) {
                if (state == IceState.CLOSED || socket.isClosed()) {
                    return;
                }
            } catch (RuntimeException e) {
                // a handler bug must not kill the session's receive path; it is the handler's to count
            }
        }
    }

    /**
     * Whether a datagram from this sender may be passed on: as ice4j's component socket does,
     * only from the remote address of a candidate pair whose connectivity check has succeeded
     * at some point (RFC 8445 §7.2.5.3.3; sticky, a later check in progress on that pair does
     * not revoke it). The last such sender is cached, so the set is looked up (and an address
     * allocated) only for the first datagram from a new sender.
     */
    private boolean authorized(InetAddress address, int port) {
        if (port == authorizedPort && address.equals(authorizedAddress)) {
            return true;
        }
        if (!succeededRemotes.contains(new InetSocketAddress(address, port))) {
            return false;
        }
        authorizedAddress = address;
        authorizedPort = port;
        return true;
    }

    private void onPairChange(PropertyChangeEvent e) {
        if (IceMediaStream.PROPERTY_PAIR_STATE_CHANGED.equals(e.getPropertyName())
                && e.getSource() instanceof CandidatePair pair
                && e.getNewValue() == org.ice4j.ice.CandidatePairState.SUCCEEDED
                && pair.getParentComponent() == component) {
            TransportAddress remote = pair.getRemoteCandidate().getTransportAddress();
            succeededRemotes.add(new InetSocketAddress(remote.getAddress(), remote.getPort()));
        }
    }

    /** Datagrams dropped because no connectivity check with their sender had succeeded. */
    long unauthorizedDropped() {
        return unauthorizedDropped;
    }

    /** Whether this standalone session reads its host socket without ice4j's component socket. */
    boolean readsHostSocketDirectly() {
        return direct;
    }

    /** Our ufrag and password, for a=ice-ufrag / a=ice-pwd. */
    public IceCredentials localCredentials() {
        return new IceCredentials(agent.getLocalUfrag(), agent.getLocalPassword());
    }

    /** True if this agent is the controlling one. */
    public boolean isControlling() {
        return agent.isControlling();
    }

    /** The local candidates (host candidates on the shared port are known at once). */
    public List<IceCandidate> localCandidates() {
        List<IceCandidate> out = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            out.add(toCandidate(c));
        }
        return out;
    }

    /**
     * Emits every local candidate as {@link IceEvent.LocalCandidate}, then
     * {@link IceEvent.GatheringComplete} (trickle ICE, RFC 8838 §4). Host candidates are
     * emitted at once, on the caller's thread; with STUN/TURN servers, their candidates follow
     * from a gathering thread as each server answers, and this method returns at once.
     *
     * <p>ice4j's {@code startCandidateTrickle} runs the server harvests on its executor but
     * waits for them on the calling thread (until each server answers or its transactions time
     * out: seconds for an unreachable server). Called from the owner's thread in the middle of
     * an offer/answer (e.g. applying our answer to the peer's ICE restart), that wait delayed
     * the answer reaching the peer while the session already checked it.
     */
    public void gather() {
        for (IceCandidate c : localCandidates()) {
            emitOnce(c);
        }
        if (!serverHarvesters) {
            listener.onEvent(this, new IceEvent.GatheringComplete());
            return;
        }
        Thread t = new Thread(() -> {
            try {
                agent.startCandidateTrickle(found -> {
                    if (found == null) { // ice4j's end-of-candidates signal
                        listener.onEvent(this, new IceEvent.GatheringComplete());
                        return;
                    }
                    for (LocalCandidate c : found) {
                        emitOnce(toCandidate(c));
                    }
                });
            } catch (RuntimeException e) {
                // closed while gathering: ice4j's harvest fails on a freed agent; nothing to report
            }
        }, "ice-gather-" + agent.getLocalUfrag());
        t.setDaemon(true);
        t.start();
    }

    private void emitOnce(IceCandidate c) {
        if (emitted.add(c.address() + ":" + c.port() + "/" + c.type())) {
            listener.onEvent(this, new IceEvent.LocalCandidate(c));
        }
    }

    /** Sets the peer's ufrag and password (from a=ice-ufrag / a=ice-pwd). */
    public void setRemoteCredentials(IceCredentials remote) {
        stream.setRemoteUfrag(remote.ufrag());
        stream.setRemotePassword(remote.password());
        gate.remoteUfrag(remote.ufrag());
        if (portSocket != null) {
            portSocket.gate.remoteUfrag(remote.ufrag());
        }
    }

    /**
     * Connectivity checks this standalone session refused because they came from another ICE
     * session of the peer (its sender ufrag is not the peer's current one; see {@link StunGate}).
     */
    long staleChecksRefused() {
        return portSocket != null ? portSocket.gate.refused() : gate.refused();
    }

    /**
     * Adds a remote candidate, before or after {@link #start()}. TCP candidates and candidates
     * for another component are ignored (a UDP-only, rtcp-mux agent cannot use them).
     *
     * @return false if the candidate was ignored
     */
    public boolean addRemoteCandidate(IceCandidate c) {
        if (!c.isUdp() || c.component() != Component.RTP) {
            return false;
        }
        if (!isLiteral(c.address())) {
            return false; // an mDNS .local name or a host name: never resolved here
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(c.address()); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
        CandidateType type;
        try {
            type = CandidateType.parse(c.type().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        RemoteCandidate rc = new RemoteCandidate(new TransportAddress(address, c.port(), Transport.UDP), component,
                type, c.foundation(), c.priority(), null);
        if (started) {
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
        } else {
            component.addRemoteCandidate(rc);
        }
        return true;
    }

    private static boolean isLiteral(String s) {
        return s.indexOf(':') >= 0 || s.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    }

    /** Starts connectivity checks (call once the remote credentials are set). */
    public void start() {
        if (started) {
            return;
        }
        if (stream.getRemoteUfrag() == null) {
            throw new IllegalStateException("remote ICE credentials not set");
        }
        started = true;
        agent.startConnectivityEstablishment();
    }

    /**
     * Sets the check pacing Ta (RFC 8445 §14.2) of this session, before {@link #start()};
     * the default is {@link #TA_MILLIS}.
     *
     * @throws IllegalArgumentException below RFC 8445's minimum of 5 ms
     */
    public void setCheckPacingMillis(long millis) {
        if (millis < 5) {
            throw new IllegalArgumentException("Ta below 5 ms (RFC 8445 §14.2): " + millis);
        }
        agent.setTa(millis);
    }

    /** Sends one datagram on the selected pair. */
    public void send(byte[] buf, int off, int len) throws IOException {
        component.send(buf, off, len);
    }

    /**
     * Applies consent freshness (RFC 7675 §5.1) to the selected pair: call periodically (every
     * second or so) from the owner's thread with the wall clock in milliseconds (ice4j stamps
     * consent refreshes with {@code System.currentTimeMillis()}). Emits a state change when
     * the session becomes disconnected, recovers, or loses consent (then the owner must stop
     * sending).
     *
     * @return the state after the check
     */
    public IceState checkConsent(long nowMillis) {
        CandidatePair pair = component.getSelectedPair();
        IceState current = state;
        if (pair == null) {
            return current;
        }
        long last = Math.max(pair.getConsentFreshness(), selectedAtMillis);
        IceState next = ConsentMonitor.RFC_7675.judge(current, last, nowMillis);
        if (next != current) {
            setState(next);
        }
        return state;
    }

    /** The current state. */
    public IceState state() {
        return state;
    }

    private void onAgentStateChange(PropertyChangeEvent e) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
            return;
        }
        IceProcessingState s = (IceProcessingState) e.getNewValue();
        IceState mapped = switch (s) {
            case WAITING -> IceState.NEW;
            case RUNNING -> IceState.CHECKING;
            case COMPLETED -> IceState.CONNECTED;
            case TERMINATED -> IceState.COMPLETED;
            case FAILED -> IceState.FAILED;
        };
        if (s == IceProcessingState.COMPLETED) {
            CandidatePair pair = component.getSelectedPair();
            if (pair != null) {
                selectedAtMillis = System.currentTimeMillis();
                listener.onEvent(this, new IceEvent.PairSelected(
                        pair.getLocalCandidate().getTransportAddress(),
                        pair.getRemoteCandidate().getTransportAddress()));
            }
        }
        setState(mapped);
    }

    private void setState(IceState next) {
        if (state == next || state == IceState.CLOSED) {
            return;
        }
        state = next;
        listener.onEvent(this, new IceEvent.StateChanged(next));
    }

    @Override
    public void close() {
        if (state == IceState.CLOSED) {
            return;
        }
        setState(IceState.CLOSED);
        agent.free();
        if (portSocket != null) {
            portSocket.close();
        }
        if (reader != null) {
            reader.interrupt();
        }
    }

    private static IceCandidate toCandidate(LocalCandidate c) {
        TransportAddress a = c.getTransportAddress();
        TransportAddress rel = c.getRelatedAddress();
        return new IceCandidate(c.getFoundation(), c.getParentComponent().getComponentID(),
                c.getTransport().toString().toLowerCase(Locale.ROOT), c.getPriority(),
                a.getHostString(), a.getPort(), c.getType().toString(),
                rel == null ? null : rel.getHostString(), rel == null ? -1 : rel.getPort());
    }
}
