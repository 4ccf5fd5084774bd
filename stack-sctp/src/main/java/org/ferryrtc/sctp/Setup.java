package org.ferryrtc.sctp;

/**
 * Association set-up for {@link SctpAssociation}: INIT handling as responder (RFC 9260 §5.1 B,
 * stateless, everything in an HMAC-protected cookie), INIT ACK as initiator (§5.1 C), and COOKIE
 * ECHO including the collision cases of §5.2 (simultaneous INIT, restart, stale cookies).
 */
final class Setup {
    private final SctpAssociation as;
    private final StateCookie cookie;
    private final InitChunk initView = new InitChunk();
    long badCookies;
    long staleCookies;

    Setup(SctpAssociation as, byte[] secret) {
        this.as = as;
        this.cookie = new StateCookie(secret);
    }


    int randomTag() {
        int t;
        do {
            t = as.cfg.random().nextInt();
        } while (t == 0);
        return t;
    }

    /** §5.1 step B, §5.2.1 (collision in COOKIE-WAIT/ECHOED), §5.2.2 (INIT when established). */
    void onInit(Chunk c) {
        if (!initView.wrap(c) || !Handshake.valid(initView)) {
            as.malformedChunks++;
            return;
        }
        if (as.state == SctpState.SHUTDOWN_ACK_SENT) {
            return;
        }
        int tag;
        int itsn;
        int tieMy = 0;
        int tiePeer = 0;
        if (as.state == SctpState.COOKIE_WAIT || as.state == SctpState.COOKIE_ECHOED) {
            tag = as.myTag;
            itsn = as.myInitialTsn;
        } else {
            tag = randomTag();
            itsn = as.cfg.random().nextInt();
            if (as.state != SctpState.CLOSED) {
                tieMy = as.myTag;
                tiePeer = as.peerTag;
            }
        }
        cookie.myTag = tag;
        cookie.peerTag = initView.initiateTag();
        cookie.myInitialTsn = itsn;
        cookie.peerInitialTsn = initView.initialTsn();
        cookie.peerRwnd = initView.aRwnd();
        cookie.outStreams = Math.min(as.cfg.maxStreams(), initView.inboundStreams());
        cookie.inStreams = Math.min(as.cfg.maxStreams(), initView.outboundStreams());
        cookie.caps = (initView.forwardTsnSupported() ? StateCookie.CAP_FORWARD_TSN : 0)
                | (initView.supportsExtension(Chunk.RE_CONFIG) ? StateCookie.CAP_RECONFIG : 0)
                | (as.cfg.interleaving() && initView.supportsExtension(Chunk.I_DATA) ? StateCookie.CAP_IDATA : 0);
        cookie.tieMy = tieMy;
        cookie.tiePeer = tiePeer;
        cookie.createdNanos = as.now;
        byte[] unrec = Handshake.unrecognized(initView, 256);
        as.queuePacket(Handshake.initAckPacket(as.cfg, initView.initiateTag(), tag, itsn, cookie.encode(), unrec));
    }

    /** §5.1 step C: INIT ACK in COOKIE-WAIT; anything else is discarded (§5.2.3). */
    void onInitAck(Chunk c) {
        if (as.state != SctpState.COOKIE_WAIT) {
            return;
        }
        if (!initView.wrap(c) || !Handshake.valid(initView)) {
            as.malformedChunks++;
            return;
        }
        int cp = initView.findParam(InitChunk.P_STATE_COOKIE);
        if (cp < 0 || initView.paramLength(cp) <= 4) {
            as.malformedChunks++;
            return;
        }
        as.peerTag = initView.initiateTag();
        as.outStreams = Math.min(as.cfg.maxStreams(), initView.inboundStreams());
        as.inStreams = Math.min(as.cfg.maxStreams(), initView.outboundStreams());
        as.peerForwardTsn = initView.forwardTsnSupported();
        as.peerReconfig = initView.supportsExtension(Chunk.RE_CONFIG);
        as.idata = as.cfg.interleaving() && initView.supportsExtension(Chunk.I_DATA);
        as.startTransfer(as.myInitialTsn, initView.initialTsn(), initView.aRwnd());
        int cl = initView.paramLength(cp) - 4;
        as.cookieEcho = new byte[Bytes.pad4(4 + cl)];
        Chunk.writeOpaque(as.cookieEcho, 0, Chunk.COOKIE_ECHO, 0, initView.buffer(), cp + 4, cl);
        as.queueControl(as.cookieEcho);
        as.state = SctpState.COOKIE_ECHOED;
        as.t1Count = 0;
        as.t1Rto = as.cfg.rtoInitialMillis() * 1_000_000L;
        as.t1At = as.now + as.t1Rto;
    }

    /** §5.1 step D and the collision table of §5.2.4. Returns true if later chunks may be processed. */
    boolean onCookieEcho(Chunk c, int vtag) {
        if (!cookie.decode(c.buffer(), c.valueOffset(), c.valueLength())) {
            badCookies++;
            return false;
        }
        if (vtag != cookie.myTag) {
            as.badVtag++;
            return false;
        }
        if (as.now - cookie.createdNanos > as.cfg.cookieLifetimeMillis() * 1_000_000L || as.now < cookie.createdNanos) {
            staleCookies++;
            byte[] staleness = new byte[4]; // §3.3.10.3: measure of staleness in microseconds
            long usec = Math.max(0, (as.now - cookie.createdNanos) / 1000 - as.cfg.cookieLifetimeMillis() * 1000);
            Bytes.put32(staleness, 0, (int) Math.min(usec, 0xFFFFFFFFL));
            byte[] error = Handshake.errorChunk(ErrorCause.encode(ErrorCause.STALE_COOKIE, staleness, 0, 4));
            as.queuePacket(Handshake.packet(as.cfg, cookie.peerTag, error));
            return false;
        }
        if (as.state == SctpState.SHUTDOWN_ACK_SENT || as.state == SctpState.SHUTDOWN_SENT
                || as.state == SctpState.SHUTDOWN_RECEIVED || as.state == SctpState.SHUTDOWN_PENDING) {
            return false;
        }
        boolean localMatch = as.myTag == cookie.myTag;
        boolean peerMatch = as.peerTag == cookie.peerTag;
        if (as.state != SctpState.CLOSED) {
            boolean restart = !localMatch && !peerMatch && cookie.tieMy == as.myTag && cookie.tiePeer == as.peerTag;
            boolean collision = localMatch && !peerMatch;
            boolean both = localMatch && peerMatch;
            if (!(restart || collision || both)) {
                return false; // case C or no match: silently discard
            }
            if (both && as.state == SctpState.ESTABLISHED) {
                as.queueControl(Handshake.simpleChunk(Chunk.COOKIE_ACK, 0));
                return true;
            }
        }
        as.myTag = cookie.myTag;
        as.peerTag = cookie.peerTag;
        as.myInitialTsn = cookie.myInitialTsn;
        as.outStreams = cookie.outStreams;
        as.inStreams = cookie.inStreams;
        as.peerForwardTsn = (cookie.caps & StateCookie.CAP_FORWARD_TSN) != 0;
        as.peerReconfig = (cookie.caps & StateCookie.CAP_RECONFIG) != 0;
        as.idata = (cookie.caps & StateCookie.CAP_IDATA) != 0;
        as.startTransfer(cookie.myInitialTsn, cookie.peerInitialTsn, cookie.peerRwnd);
        as.state = SctpState.ESTABLISHED;
        as.t1At = Long.MAX_VALUE;
        as.queueControl(Handshake.simpleChunk(Chunk.COOKIE_ACK, 0));
        as.events.add(new SctpEvent.Connected());
        return true;
    }
}
