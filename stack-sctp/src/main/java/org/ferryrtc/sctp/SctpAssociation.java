package org.ferryrtc.sctp;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One SCTP association (RFC 9260, single-homed, as WebRTC uses it per RFC 8831/8841), as a
 * sans-IO state machine: no sockets, threads or clocks. Feed it whole SCTP packets with
 * {@link #handleInput}, call {@link #handleTimeout} when {@link #pollTimeout} is reached, and
 * after every call drain {@link #pollTransmit} and {@link #pollEvent}. All times are
 * <b>nanoseconds</b> on any monotonic clock of the caller's choosing; {@link #pollTransmit} and
 * {@link #send} use the time of the latest call that took one.
 *
 * <p>Not thread-safe: one owner thread at a time. Messages passed to {@link #send} are not
 * copied; the caller must not modify them afterwards.
 */
public final class SctpAssociation {
    final SctpConfig cfg;
    final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
    final ArrayDeque<byte[]> rawPackets = new ArrayDeque<>();
    final ArrayDeque<byte[]> control = new ArrayDeque<>();
    private final SctpPacket packet = new SctpPacket();
    private final Chunk chunk = new Chunk();
    final InboundData inbound = new InboundData(this);
    final ChunkDispatcher dispatcher = new ChunkDispatcher(this);
    final Setup setup;
    final Heartbeat heartbeat;
    final StreamResetter resetter;

    SctpState state = SctpState.CLOSED;
    long now;
    int myTag;
    int peerTag;
    int myInitialTsn;
    int outStreams;
    int inStreams;
    boolean peerForwardTsn;
    boolean peerReconfig;
    boolean idata;

    DataSender sender;
    final TsnTracker tsns = new TsnTracker();
    Reassembler reasm;

    byte[] initPacket;
    byte[] cookieEcho;
    long t1At = Long.MAX_VALUE;
    long t1Rto;
    int t1Count;
    long t2At = Long.MAX_VALUE;
    int t2Count;
    long ackAt = Long.MAX_VALUE;
    boolean sackNeeded;
    int packetsSinceSack;
    long lastAdvertisedRwnd;

    long packetsReceived;
    long packetsSent;
    long badChecksum;
    long badVtag;
    long malformedPackets;
    long malformedChunks;
    long unknownChunks;
    long controlDropped;
    private static final int MAX_QUEUED = 256;

    public SctpAssociation(SctpConfig config) {
        this.cfg = Objects.requireNonNull(config, "config");
        byte[] secret = new byte[32];
        cfg.random().nextBytes(secret);
        this.setup = new Setup(this, secret);
        this.heartbeat = new Heartbeat(this);
        this.sender = new DataSender(events, cfg);
        this.reasm = new Reassembly(events, cfg.maxMessageSize());
        this.resetter = new StreamResetter(new ResetHost(this), events);
    }

    // ---------------------------------------------------------------- public API

    /** Starts association set-up as initiator (RFC 9260 §5.1 step A). Only from CLOSED. */
    public void connect(long nowNanos) {
        if (state != SctpState.CLOSED) {
            throw new IllegalStateException("connect() in state " + state);
        }
        now = nowNanos;
        myTag = setup.randomTag();
        myInitialTsn = cfg.random().nextInt();
        initPacket = Handshake.initPacket(cfg, myTag, myInitialTsn);
        queuePacket(initPacket);
        state = SctpState.COOKIE_WAIT;
        t1Rto = cfg.rtoInitialMillis() * 1_000_000L;
        t1Count = 0;
        t1At = now + t1Rto;
    }

    public SctpState state() {
        return state;
    }

    /** Negotiated outbound stream count (0 before set-up). */
    public int outboundStreams() {
        return outStreams;
    }

    public int inboundStreams() {
        return inStreams;
    }

    public SctpConfig config() {
        return cfg;
    }

    /**
     * Queues a message (not copied). Returns {@link SendStatus#OK} if queued. Partial-reliability
     * options apply only if the peer announced FORWARD TSN support; otherwise delivery is reliable.
     */
    public SendStatus send(int stream, int ppid, byte[] data, SendOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        if (data.length == 0) {
            throw new IllegalArgumentException("SCTP cannot carry an empty message");
        }
        if (state != SctpState.ESTABLISHED) {
            return SendStatus.NOT_CONNECTED;
        }
        if (stream < 0 || stream >= outStreams) {
            return SendStatus.INVALID_STREAM;
        }
        if (data.length > cfg.maxMessageSize()) {
            return SendStatus.MESSAGE_TOO_LARGE;
        }
        SendQueue.StreamOut s = sender.queue.existing(stream);
        if (s != null && s.resetting) {
            return SendStatus.STREAM_RESETTING;
        }
        // without FORWARD TSN (RFC 3758 §3.3) the peer could not skip abandoned data: stay reliable
        boolean pr = peerForwardTsn && !options.reliable();
        long expires = pr && options.lifetimeMillis() >= 0 ? now + options.lifetimeMillis() * 1_000_000L : Long.MAX_VALUE;
        SendQueue.OutMessage m = new SendQueue.OutMessage(stream, ppid, data, options.unordered(),
                pr ? options.maxRetransmits() : -1, expires);
        return sender.queue.add(m) ? SendStatus.OK : SendStatus.BUFFER_FULL;
    }

    /** Bytes queued on the stream but not yet transmitted. */
    public long bufferedAmount(int stream) {
        SendQueue.StreamOut s = sender.queue.existing(stream);
        return s == null ? 0 : s.queuedBytes;
    }

    public void setBufferedAmountLowThreshold(int stream, long threshold) {
        if (threshold < 0 || stream < 0 || stream > 65535) {
            throw new IllegalArgumentException("threshold or stream out of range");
        }
        sender.queue.stream(stream).lowThreshold = threshold;
    }

    /**
     * Requests an outgoing SSN reset of the streams (RFC 6525 §5.1.2) once their queued data is
     * sent; the stream accepts no new messages until {@link SctpEvent.OutgoingStreamsReset}.
     * Returns false if not established or the peer did not announce RE-CONFIG support.
     */
    public boolean resetStreams(int... streams) {
        if (state != SctpState.ESTABLISHED || !peerReconfig) {
            return false;
        }
        for (int s : streams) {
            if (s < 0 || s >= outStreams) {
                throw new IllegalArgumentException("stream " + s);
            }
        }
        for (int s : streams) {
            sender.queue.stream(s).resetting = true;
            resetter.request(s);
        }
        return true;
    }

    /** Graceful shutdown (RFC 9260 §9.2) after all queued data is delivered. */
    public void shutdown(long nowNanos) {
        now = nowNanos;
        if (state == SctpState.ESTABLISHED) {
            state = SctpState.SHUTDOWN_PENDING;
            checkShutdown();
        } else if (state == SctpState.CLOSED || state == SctpState.COOKIE_WAIT || state == SctpState.COOKIE_ECHOED) {
            terminate(new SctpEvent.Closed(true, false, "shutdown before established"));
        }
    }

    /** Sends ABORT (RFC 9260 §9.1) and ends the association at once. */
    public void abort(long nowNanos, String reason) {
        now = nowNanos;
        if (state == SctpState.TERMINATED) {
            return;
        }
        if (state != SctpState.CLOSED && state != SctpState.COOKIE_WAIT) {
            queuePacket(Handshake.packet(cfg, peerTag, Handshake.abortChunk(0, ErrorCause.USER_INITIATED_ABORT)));
        }
        terminate(new SctpEvent.Closed(false, false, reason == null ? "aborted" : reason));
    }

    public SctpEvent pollEvent() {
        SctpEvent e = events.poll();
        if (e instanceof SctpEvent.Message) {
            reasm.polled(((SctpEvent.Message) e).data().length);
            long rwnd = rwnd();
            if (rwnd - lastAdvertisedRwnd >= Math.max(cfg.receiveBufferSize() / 4, cfg.mtu()) && dataState()) {
                sackNeeded = true; // window update (RFC 9260 §6.2)
            }
        }
        return e;
    }

    /** The next deadline for {@link #handleTimeout}, or {@link Long#MAX_VALUE}. O(1). */
    public long pollTimeout() {
        return Math.min(Math.min(Math.min(t1At, t2At), Math.min(sender.t3At, ackAt)),
                Math.min(resetter.timerAt, heartbeat.deadline()));
    }

    public void handleTimeout(long nowNanos) {
        now = nowNanos;
        if (state == SctpState.TERMINATED) {
            return;
        }
        if (t1At <= now) {
            t1At = Long.MAX_VALUE;
            if (++t1Count > cfg.maxInitRetransmits()) {
                terminate(new SctpEvent.Closed(false, false, "no answer to " + (state == SctpState.COOKIE_WAIT ? "INIT" : "COOKIE ECHO")));
                return;
            }
            t1Rto = Math.min(t1Rto * 2, cfg.rtoMaxMillis() * 1_000_000L);
            if (state == SctpState.COOKIE_WAIT) {
                queuePacket(initPacket);
            } else if (state == SctpState.COOKIE_ECHOED) {
                queueControl(cookieEcho);
            }
            t1At = now + t1Rto;
        }
        if (t2At <= now) {
            t2At = Long.MAX_VALUE;
            if (++t2Count > cfg.maxRetransmits()) {
                abort(now, "no answer to SHUTDOWN");
                return;
            }
            sender.cc.backoff();
            if (state == SctpState.SHUTDOWN_SENT) {
                queueControl(shutdownChunk());
            } else if (state == SctpState.SHUTDOWN_ACK_SENT) {
                queueControl(Handshake.simpleChunk(Chunk.SHUTDOWN_ACK, 0));
            }
            t2At = now + sender.cc.rto();
        }
        if (sender.t3At <= now && sender.onT3(now) == DataSender.T3_GIVE_UP) {
            abort(now, "too many retransmissions");
            return;
        }
        if (ackAt <= now) {
            ackAt = Long.MAX_VALUE;
            sackNeeded = true;
        }
        if (resetter.timerAt <= now) {
            resetter.onTimer(now);
        }
        if (heartbeat.deadline() <= now && !heartbeat.onTimer(now)) {
            abort(now, "peer unreachable: no HEARTBEAT ACK");
        }
    }

    /**
     * Writes the next packet into {@code out} (at least {@code mtu} bytes) and returns its
     * length, or -1 if there is nothing to send.
     */
    public int pollTransmit(byte[] out) {
        if (out.length < cfg.mtu()) {
            throw new IllegalArgumentException("buffer smaller than the MTU");
        }
        byte[] raw = rawPackets.poll();
        if (raw != null) {
            System.arraycopy(raw, 0, out, 0, raw.length);
            packet.seal(out, 0, raw.length);
            packetsSent++;
            return raw.length;
        }
        if (state == SctpState.CLOSED || state == SctpState.COOKIE_WAIT || state == SctpState.TERMINATED) {
            return -1;
        }
        // RFC 9260 §3.2: every chunk, the last one too, is padded to four bytes on the wire, and
        // §6.10 bundles by that padded length; with the 12-byte common header every packet is thus
        // a multiple of four long, so the largest one that fits the MTU is the MTU rounded down
        int limit = cfg.mtu() & ~3;
        int p = SctpPacket.HEADER_SIZE;
        SctpPacket.writeHeader(out, 0, cfg.localPort(), cfg.remotePort(), peerTag);
        byte[] c;
        while ((c = control.peek()) != null && c.length <= limit - p) {
            control.poll();
            System.arraycopy(c, 0, out, p, c.length);
            p += c.length;
        }
        if (control.peek() != null && p == SctpPacket.HEADER_SIZE) {
            control.poll(); // cannot fit any packet: drop it
            controlDropped++;
        }
        if (state == SctpState.COOKIE_ECHOED) {
            return finish(out, p);
        }
        if (sackNeeded && limit - p >= SackChunk.FIXED) {
            sackNeeded = false;
            packetsSinceSack = 0;
            ackAt = Long.MAX_VALUE;
            lastAdvertisedRwnd = rwnd();
            p = tsns.writeSack(out, p, Math.min(limit - p, 16 + 4 * 100 + 4 * TsnTracker.MAX_DUPS), lastAdvertisedRwnd);
        }
        if (sender.forwardTsnPending() && peerForwardTsn && limit - p >= 8 + 4 * 8) {
            p = sender.writeForwardTsn(out, p, Math.min(limit - p, 8 + 4 * 64));
            sender.onForwardTsnSent(now);
        }
        if (dataState() && peerReconfig) {
            byte[] rc = resetter.poll(now);
            if (rc != null) {
                if (rc.length <= limit - p) {
                    System.arraycopy(rc, 0, out, p, rc.length);
                    p += rc.length;
                } else {
                    queueControl(rc);
                }
            }
        }
        if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                || state == SctpState.SHUTDOWN_RECEIVED) {
            p = sender.fill(out, p, limit, now);
        }
        return finish(out, p);
    }

    /** RFC 9260 §5.2.6: our cookie went stale on the way; start over with a fresh INIT. */
    void restartInit() {
        if (++t1Count > cfg.maxInitRetransmits()) {
            terminate(new SctpEvent.Closed(false, false, "cookies kept going stale"));
            return;
        }
        state = SctpState.COOKIE_WAIT;
        control.clear();
        cookieEcho = null;
        queuePacket(initPacket);
        t1At = now + t1Rto;
    }

    int finish(byte[] out, int p) {
        if (p == SctpPacket.HEADER_SIZE) {
            return -1;
        }
        packet.seal(out, 0, p);
        packetsSent++;
        return p;
    }

    /** Our verification tag (tests). */
    int localTag() {
        return myTag;
    }

    /** Bytes held for reassembly and undelivered messages (tests). */
    long receiveBufferUsed() {
        return reasm.bufferedBytes() + reasm.undeliveredBytes();
    }

    public SctpStats stats() {
        return new SctpStats(packetsReceived, packetsSent, badChecksum, badVtag, malformedPackets,
                malformedChunks, unknownChunks, setup.badCookies, setup.staleCookies, inbound.dataReceived, inbound.duplicates, inbound.dataDropped,
                sender.dataChunksSent, sender.retransmissions, sender.fastRetransmissions, sender.t3Expiries,
                sender.abandonedMessages + sender.queue.expiredUnsent, reasm.messagesDelivered(), controlDropped);
    }

    /** Processes one received SCTP packet. Bad input is counted and dropped, never thrown. */
    public void handleInput(long nowNanos, byte[] buf, int off, int len) {
        now = nowNanos;
        if (!packet.wrap(buf, off, len)) {
            malformedPackets++;
            return;
        }
        packetsReceived++;
        if (!packet.checksumValid()) {
            badChecksum++;
            return;
        }
        int end = packet.end();
        if (packet.destinationPort() != cfg.localPort() || packet.sourcePort() != cfg.remotePort()
                || !chunk.wrap(buf, packet.firstChunk(), end)) {
            malformedPackets++;
            return;
        }
        int vtag = packet.verificationTag();
        int first = chunk.type();
        if (state == SctpState.TERMINATED) {
            if (first == Chunk.SHUTDOWN_ACK) { // RFC 9260 §8.4 item 5: the peer missed our SHUTDOWN COMPLETE
                queuePacket(Handshake.packet(cfg, vtag, Handshake.simpleChunk(Chunk.SHUTDOWN_COMPLETE, Chunk.FLAG_T)));
            }
            return;
        }
        if (first == Chunk.INIT) {
            if (vtag != 0 || chunk.next() < end) {
                malformedPackets++;
                return;
            }
            setup.onInit(chunk);
            return;
        }
        boolean tFlag = (chunk.flags() & Chunk.FLAG_T) != 0;
        if (first == Chunk.ABORT || first == Chunk.SHUTDOWN_COMPLETE) {
            boolean ok = state != SctpState.CLOSED && (tFlag ? vtag == peerTag : vtag == myTag);
            if (!ok) {
                badVtag++;
                return;
            }
        } else if (first == Chunk.COOKIE_ECHO) {
            if (!setup.onCookieEcho(chunk, vtag)) {
                return;
            }
        } else if (state == SctpState.CLOSED || vtag != myTag) {
            if (state == SctpState.CLOSED && first == Chunk.SHUTDOWN_ACK) {
                queuePacket(Handshake.packet(cfg, vtag, Handshake.simpleChunk(Chunk.SHUTDOWN_COMPLETE, Chunk.FLAG_T)));
            }
            badVtag++;
            return;
        }
        dispatcher.processChunks(buf, packet.firstChunk(), end, first == Chunk.COOKIE_ECHO);
    }

    // ---------------------------------------------------------------- chunk processing

    /** Queues a control chunk for the next packet; bounded so a flood cannot grow memory. */
    void queueControl(byte[] c) {
        if (control.size() < MAX_QUEUED) {
            control.add(c);
        } else {
            controlDropped++;
        }
    }

    /** Queues a complete packet (INIT, INIT ACK, ABORT, ...); bounded like {@link #queueControl}. */
    void queuePacket(byte[] p) {
        if (rawPackets.size() < MAX_QUEUED) {
            rawPackets.add(p);
        } else {
            controlDropped++;
        }
    }

    boolean dataState() {
        return state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                || state == SctpState.SHUTDOWN_SENT || state == SctpState.SHUTDOWN_RECEIVED;
    }

    long rwnd() {
        return Math.max(0, cfg.receiveBufferSize() - reasm.bufferedBytes() - reasm.undeliveredBytes());
    }

    void onShutdown(Chunk c) {
        if (c.length() < 8 || !dataState()) {
            malformedChunks++;
            return;
        }
        if (state == SctpState.SHUTDOWN_SENT) {
            state = SctpState.SHUTDOWN_ACK_SENT;
            queueControl(Handshake.simpleChunk(Chunk.SHUTDOWN_ACK, 0));
            t2Count = 0;
            t2At = now + sender.cc.rto();
            return;
        }
        // §9.2: the SHUTDOWN's Cumulative TSN Ack acknowledges like a SACK would
        sender.onCumulativeAckOnly(Bytes.i32(c.buffer(), c.valueOffset()), now);
        if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_RECEIVED;
        }
        checkShutdown();
    }

    void resendShutdown() {
        queueControl(shutdownChunk());
        t2At = now + sender.cc.rto();
    }

    void checkShutdown() {
        if (!sender.idle()) {
            return;
        }
        if (state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_SENT;
            queueControl(shutdownChunk());
        } else if (state == SctpState.SHUTDOWN_RECEIVED) {
            state = SctpState.SHUTDOWN_ACK_SENT;
            queueControl(Handshake.simpleChunk(Chunk.SHUTDOWN_ACK, 0));
        } else {
            return;
        }
        t2Count = 0;
        t2At = now + sender.cc.rto();
    }

    byte[] shutdownChunk() {
        byte[] s = new byte[8];
        Chunk.writeShutdown(s, 0, tsns.cumulativeWire());
        return s;
    }


    void startTransfer(int myItsn, int peerItsn, long peerRwnd) {
        SendQueue old = sender.queue;
        sender = new DataSender(events, cfg);
        if (!old.isEmpty()) {
            old.totalQueued(); // queued messages of a restarted association are dropped
        }
        sender.init(myItsn, peerRwnd, idata);
        tsns.init(peerItsn);
        reasm = idata ? new IDataReassembly(events, cfg.maxMessageSize()) : new Reassembly(events, cfg.maxMessageSize());
        resetter.init(myItsn, peerItsn);
        heartbeat.start(now);
        lastAdvertisedRwnd = cfg.receiveBufferSize();
        sackNeeded = false;
        packetsSinceSack = 0;
        ackAt = Long.MAX_VALUE;
    }

    void terminate(SctpEvent.Closed why) {
        state = SctpState.TERMINATED;
        t1At = Long.MAX_VALUE;
        t2At = Long.MAX_VALUE;
        ackAt = Long.MAX_VALUE;
        sender.t3At = Long.MAX_VALUE;
        resetter.timerAt = Long.MAX_VALUE;
        heartbeat.stop();
        control.clear();
        events.add(why);
    }
}
