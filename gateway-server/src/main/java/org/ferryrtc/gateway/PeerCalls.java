package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.ferryrtc.gateway.call.CallControl;
import org.ferryrtc.gateway.call.CallEvents;
import org.ferryrtc.gateway.call.DataConnect;
import org.ferryrtc.gateway.call.DataUpdate;
import org.ferryrtc.gateway.call.DcInit;
import org.ferryrtc.gateway.call.MediaAnswer;
import org.ferryrtc.gateway.call.MediaCall;
import org.ferryrtc.gateway.call.Outcome;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.peer.PeerException;

/**
 * The {@link CallControl} built on {@link org.ferryrtc.peer.PeerConnection}s: one per media or
 * data connection, plus the {@code /echo} sessions. Browsers answer on the gateway's single
 * shared ICE port ({@link IceEndpoint} on {@code udp.bind}), whichever side offers: a shared-port
 * session also sends its own checks from that port.
 *
 * <p>Threads: the REST and WebSocket threads only validate, record and enqueue; each session's
 * work runs in order on its own serial executor over a shared pool; PeerConnection events run on
 * each connection's owner thread and only forward or enqueue.
 */
final class PeerCalls implements CallControl {
    final ObjectMapper mapper;
    final CallEvents events;
    final IceEndpoint endpoint;
    final InetAddress iceAddress;
    private final Gateway g;
    private final ExecutorService pool;
    private final DatagramChannel out;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, EchoSession> echoes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    final LongAdder redirected = new LongAdder();
    final LongAdder redirectBytes = new LongAdder();
    final LongAdder redirectFailed = new LongAdder();
    final LongAdder redirectSkipped = new LongAdder();
    final LongAdder ingested = new LongAdder();
    final LongAdder ingestDropped = new LongAdder();
    final LongAdder pliForwarded = new LongAdder();
    final LongAdder rtcpRedirected = new LongAdder();
    final LongAdder rtcpFromIngest = new LongAdder();
    final LongAdder keyframeRequestsFromIngest = new LongAdder();
    final LongAdder dataToChannel = new LongAdder();
    final LongAdder dataToRedirect = new LongAdder();
    final LongAdder dataDropped = new LongAdder();
    final LongAdder echoed = new LongAdder();
    final LongAdder failures = new LongAdder();

    PeerCalls(Gateway g, CallEvents events) {
        this.g = g;
        this.mapper = g.mapper;
        this.events = events;
        try {
            this.iceAddress = InetAddress.getByName(g.config.udpBind());
            this.endpoint = IceEndpoint.open(iceAddress, g.config.icePort());
            this.out = DatagramChannel.open().bind(new InetSocketAddress(iceAddress, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the gateway's UDP sockets on " + g.config.udpBind(), e);
        }
        AtomicInteger n = new AtomicInteger();
        // session work (PeerConnection creation, negotiation, close) queues here; never run on the caller
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ferry-session-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        tpe.allowCoreThreadTimeOut(true);
        this.pool = tpe;
        g.signaling.onRestPeerMessage(this::fromBrowser);
        g.signaling.onBrowserGone(this::browserGone);
        Log.info("ice.endpoint", "address", endpoint.localAddress());
    }

    /** The shared ICE port (what browsers connect to). */
    InetSocketAddress iceEndpoint() {
        return endpoint.localAddress();
    }

    // ------------------------------------------------------------------ threads

    /** A serial executor: tasks run one at a time, in order, on the shared pool. */
    Executor newSerial() {
        ArrayDeque<Runnable> q = new ArrayDeque<>();
        boolean[] running = new boolean[1];
        return task -> {
            synchronized (q) {
                q.add(task);
                if (running[0]) return;
                running[0] = true;
            }
            pool.execute(() -> {
                while (true) {
                    Runnable r;
                    synchronized (q) {
                        r = q.poll();
                        if (r == null) {
                            running[0] = false;
                            return;
                        }
                    }
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        Log.warn("session.task_failed", "error", e.toString());
                    }
                }
            });
        };
    }

    void execute(Runnable r) {
        pool.execute(r);
    }

    // ------------------------------------------------------------------ plumbing helpers

    UdpPort port(String id) {
        return id == null ? null : g.ports.get(id);
    }

    /** One plain datagram to a redirect address (allow-listed when the command was validated). */
    void redirect(byte[] b, int off, int len, InetSocketAddress to) {
        try {
            out.send(ByteBuffer.wrap(b, off, len), to);
            redirected.increment();
            redirectBytes.add(len);
        } catch (IOException e) {
            redirectFailed.increment();
        }
    }

    boolean toBrowser(String browserId, ObjectNode msg) {
        return g.signaling.sendTo(browserId, msg);
    }

    void browserError(String browserId, String field, String message) {
        g.signaling.sendTo(browserId, mapper.createObjectNode().put("type", "error").put("field", field).put("message", message));
    }

    void forget(Session s) {
        sessions.values().removeIf(v -> v == s);
    }

    void forgetEcho(EchoSession e) {
        echoes.remove(e.id, e);
    }

    private static String key(String browserId, String session) {
        return browserId + '\u0000' + session;
    }

    // ------------------------------------------------------------------ browsers

    /** A signaling message from browser {@code msg.from} to REST peer {@code restPeer} (WebSocket thread). */
    private void fromBrowser(String restPeer, ObjectNode msg) {
        String from = msg.path("from").asText();
        String session = msg.path("session").asText();
        String type = msg.path("type").asText();
        Session s = sessions.get(session);
        if (s == null) s = sessions.get(key(from, session));
        if (s != null) {
            if (!s.browserId.equals(from) || !s.peerId.equals(restPeer)) {
                browserError(from, "session", "session " + session + " is not yours");
                return;
            }
            Session target = s;
            s.serial.execute(() -> target.onBrowser(msg));
            return;
        }
        if (!type.equals("offer")) {
            if (!type.equals("bye") && !type.equals("candidate")) browserError(from, "session", "no session " + session);
            return;
        }
        String sdp = msg.path("sdp").asText();
        boolean data = "data".equals(msg.path("kind").asText());
        DcInit init = null;
        if (data) {
            // ferry.js sends the channel's RTCDataChannelInit: a negotiated channel (no DCEP) must be
            // created on this side too, with the same id (RFC 8832 §6, W3C webrtc §6.2)
            try {
                Fields f = Fields.root("OFFER", msg);
                init = Validate.dcInit(f.optionalObject("dcInit"));
                f.check();
            } catch (ApiException e) {
                ApiException.FieldError fe = e.errors.get(0);
                browserError(from, fe.field(), fe.message());
                return;
            }
        }
        String id = (data ? "dc-" : "mc-") + UUID.randomUUID();
        Session n = data ? new DataSession(this, id, restPeer, from, sdp, init) : new MediaSession(this, id, restPeer, from, sdp);
        n.browserSession = session;
        if (sessions.putIfAbsent(key(from, session), n) != null) {
            browserError(from, "session", "session " + session + " exists");
            return;
        }
        sessions.put(id, n);
        if (data) {
            events.incomingConnection(restPeer, id, from);
            n.serial.execute(((DataSession) n)::answer);
        } else {
            events.incomingCall(restPeer, id, from);
        }
    }

    private Outcome browserTarget(String targetId) {
        if (g.signaling.isRegistered(targetId)) return null;
        if (g.isRestPeer(targetId)) {
            return new Outcome.Refused(400, "target_id", targetId + " is a REST peer; the gateway connects REST peers to browsers only");
        }
        return new Outcome.Refused(404, "target_id", "no browser peer " + targetId + " is connected to /signaling/ws");
    }

    // ------------------------------------------------------------------ CallControl

    @Override
    public Outcome call(MediaCall c) {
        Outcome bad = closed ? new Outcome.Refused(503, "", "shutting down") : browserTarget(c.targetId());
        if (bad != null) return bad;
        String id = "mc-" + UUID.randomUUID();
        MediaSession s = new MediaSession(this, id, c.peerId(), c.targetId(), null);
        s.configure(c.constraints(), c.redirects());
        sessions.put(id, s);
        sessions.put(key(c.targetId(), id), s);
        s.serial.execute(s::startOutgoing);
        return new Outcome.Accepted(id);
    }

    @Override
    public Outcome answer(MediaAnswer a) {
        if (!(sessions.get(a.mediaConnectionId()) instanceof MediaSession s) || s.closed) {
            return new Outcome.Refused(404, "media_connection_id", "no media connection " + a.mediaConnectionId());
        }
        s.configure(a.constraints(), a.redirects());
        s.serial.execute(s::answer);
        return new Outcome.Accepted(null);
    }

    @Override
    public Outcome pli(String id) {
        if (!(sessions.get(id) instanceof MediaSession s) || s.closed) {
            return new Outcome.Refused(404, "media_connection_id", "no media connection " + id);
        }
        if (!s.requestKeyframe()) return new Outcome.Refused(409, "media_connection_id", "no video is received on " + id + " yet");
        return new Outcome.Accepted(null);
    }

    /** Adds the session's RTCP counters to a media connection's status (unknown id: nothing). */
    void mediaStatus(String id, ObjectNode o) {
        if (sessions.get(id) instanceof MediaSession s) s.status(o);
    }

    /** The SDP file for {@code GET /media/connections/{id}/sdp}, or null before negotiation / unknown. */
    String sdpFile(String id) {
        return sessions.get(id) instanceof MediaSession s ? s.sdpFile() : null;
    }

    @Override
    public Outcome closeMedia(String id) {
        return closeSession(id);
    }

    private Outcome closeSession(String id) {
        Session s = sessions.get(id);
        if (s != null) s.serial.execute(() -> s.close(true));
        return new Outcome.Accepted(null);
    }

    @Override
    public Outcome connect(DataConnect c) {
        Outcome bad = closed ? new Outcome.Refused(503, "", "shutting down") : browserTarget(c.targetId());
        if (bad != null) return bad;
        String id = "dc-" + UUID.randomUUID();
        DataSession s = new DataSession(this, id, c.peerId(), c.targetId(), null, c.dcInit());
        s.update(c.dataId(), c.redirect());
        sessions.put(id, s);
        sessions.put(key(c.targetId(), id), s);
        s.serial.execute(s::startOutgoing);
        return new Outcome.Accepted(id);
    }

    @Override
    public Outcome updateData(DataUpdate u) {
        if (!(sessions.get(u.dataConnectionId()) instanceof DataSession s) || s.closed) {
            return new Outcome.Refused(404, "data_connection_id", "no data connection " + u.dataConnectionId());
        }
        s.update(u.dataId(), u.redirect());
        return new Outcome.Accepted(null);
    }

    @Override
    public Outcome closeData(String id) {
        return closeSession(id);
    }

    /** A browser's signaling socket closed: its sessions end (CLOSE), without waiting for ICE consent to expire. */
    private void browserGone(String browserId) {
        for (Session s : List.copyOf(sessions.values())) {
            if (s.browserId.equals(browserId)) s.serial.execute(() -> s.close(false));
        }
    }

    @Override
    public void peerClosed(String peerId) {
        for (Session s : List.copyOf(sessions.values())) {
            if (s.peerId.equals(peerId)) s.serial.execute(() -> s.close(true));
        }
    }

    // ------------------------------------------------------------------ echo

    /** Starts an echo session; completes with {id, answer SDP} or a PeerException. */
    CompletableFuture<String[]> echo(String offer) {
        CompletableFuture<String[]> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new PeerException("shutting down"));
            return f;
        }
        EchoSession e = new EchoSession(this, "echo-" + UUID.randomUUID());
        echoes.put(e.id, e);
        pool.execute(() -> {
            try {
                f.complete(new String[] {e.id, e.answer(offer)});
            } catch (PeerException | RuntimeException ex) {
                e.close();
                f.completeExceptionally(ex);
            } catch (Error err) { // e.g. a broken classpath: the parked POST must still be answered (500)
                echoes.remove(e.id, e);
                f.completeExceptionally(err);
                throw err;
            }
        });
        return f;
    }

    boolean closeEcho(String id) {
        EchoSession e = echoes.remove(id);
        if (e == null) return false;
        pool.execute(e::close);
        return true;
    }

    int echoCount() {
        return echoes.size();
    }

    // ------------------------------------------------------------------ metrics, shutdown

    String metrics() {
        StringBuilder sb = new StringBuilder();
        counter(sb, "ferry_redirect_packets_total", "datagrams sent to redirect addresses (media and data)", redirected.sum());
        counter(sb, "ferry_redirect_bytes_total", "bytes sent to redirect addresses", redirectBytes.sum());
        counter(sb, "ferry_redirect_failed_total", "redirect sends that failed", redirectFailed.sum());
        counter(sb, "ferry_redirect_skipped_total", "received packets/messages with no redirect set", redirectSkipped.sum());
        counter(sb, "ferry_ingest_packets_total", "RTP packets from /media ports sent on a WebRTC connection", ingested.sum());
        counter(sb, "ferry_ingest_dropped_total", "RTP packets from /media ports dropped (connection not ready)", ingestDropped.sum());
        counter(sb, "ferry_pli_forwarded_total", "keyframe requests forwarded to ingest programs", pliForwarded.sum());
        counter(sb, "ferry_rtcp_redirected_total", "RTCP compounds from the remote side sent to RTCP redirect addresses", rtcpRedirected.sum());
        counter(sb, "ferry_rtcp_from_ingest_total", "RTCP compounds received from ingest programs on /media/rtcp ports in use", rtcpFromIngest.sum());
        counter(sb, "ferry_keyframe_requests_from_ingest_total", "PLI/FIR from ingest programs passed to the remote sender", keyframeRequestsFromIngest.sum());
        counter(sb, "ferry_data_to_channel_total", "datagrams from /data ports sent as DataChannel messages", dataToChannel.sum());
        counter(sb, "ferry_data_to_redirect_total", "DataChannel messages sent as datagrams", dataToRedirect.sum());
        counter(sb, "ferry_data_dropped_total", "data dropped (channel not open, or a message above the UDP limit)", dataDropped.sum());
        counter(sb, "ferry_echo_packets_total", "packets and messages echoed by /echo sessions", echoed.sum());
        counter(sb, "ferry_session_failures_total", "sessions ended by an ERROR", failures.sum());
        sb.append("# HELP ferry_sessions WebRTC sessions (connections and echo)\n# TYPE ferry_sessions gauge\n");
        sb.append("ferry_sessions ").append(sessions.values().stream().distinct().count() + echoes.size()).append('\n');
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(v).append('\n');
    }

    @Override
    public void close() {
        closed = true;
        for (Session s : List.copyOf(sessions.values())) {
            try {
                s.close(true);
            } catch (RuntimeException e) {
                Log.warn("session.close_failed", "id", s.id, "error", e.toString());
            }
        }
        for (EchoSession e : List.copyOf(echoes.values())) e.close();
        pool.shutdown();
        try {
            out.close();
        } catch (IOException e) {
            Log.warn("redirect.close_failed", "error", e.toString());
        }
        endpoint.close();
    }
}
