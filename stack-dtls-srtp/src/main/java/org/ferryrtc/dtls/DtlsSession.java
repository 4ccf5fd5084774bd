package org.ferryrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * One DTLS 1.2 association (RFC 6347) for WebRTC (RFC 8827 §6.5, RFC 5764), driven by the
 * session's owner thread in the same style as the sans-IO cores: {@link #handleInput} for each
 * received DTLS datagram, {@link #pollTransmit} for datagrams to send, {@link #pollEvent} for
 * what happened. No BouncyCastle type appears in this API.
 *
 * <p><b>Threads.</b> BouncyCastle's handshake API blocks, so the handshake alone runs as one
 * task on a small bounded executor (see {@link DtlsSessionFactory}), reading datagrams from a
 * queue that {@link #handleInput} fills. BC's retransmission timers run in real time on that
 * thread (RFC 6347 §4.2.4); whenever it queues a datagram or an event, the {@code wakeup}
 * callback tells the owner to poll. After the handshake no thread is used: {@link #handleInput}
 * decrypts on the owner thread through a non-blocking receive ({@code DTLSTransport.receive}
 * over a transport that signals "queue empty" instead of waiting; {@code receivePending} alone is
 * not enough in bctls 1.84, it only drains records already split off a datagram). A
 * retransmitted final flight from the peer is answered from there too.
 *
 * <p><b>Record layer after the handshake.</b> Epoch-1 application_data, in both directions, and
 * our close_notify are protected by {@link RecordProtection} (AES-GCM through the JDK's
 * {@code Cipher}, keys from BC's key block, RFC 6347 §4.1.2.6 replay window): no copy into a
 * queue, no per-record buffer. {@link #seal} writes a record straight into the caller's buffer
 * and {@link #setApplicationDataHandler} receives plaintext synchronously. Every other record
 * (alerts from the peer, handshake retransmissions, ChangeCipherSpec, anything of epoch 0)
 * still goes to BC as before; BC may no longer send in epoch 1 (its sequence numbers would
 * repeat ours, and with them the GCM nonce), so such a datagram is dropped.
 *
 * <p>All methods except construction are for the owner thread, one call at a time. The
 * {@code wakeup} callback may run on the handshake thread and must only schedule work.
 */
public final class DtlsSession {
    /**
     * Receives decrypted application data synchronously from {@link #handleInput}, on the owner
     * thread. The bytes are valid during the call only.
     */
    @FunctionalInterface
    public interface ApplicationDataHandler {
        void onApplicationData(byte[] buf, int off, int len);
    }

    /** Bytes a protected record adds to its plaintext (AES-GCM: header 13 + nonce 8 + tag 16). */
    public static final int RECORD_OVERHEAD = RecordProtection.OVERHEAD;

    /** Life cycle of a session. */
    public enum State {
        /** Created, {@link #start()} not called. */
        NEW,
        /** The handshake task is queued or running. */
        HANDSHAKING,
        /** Keys exported; application data flows. */
        ESTABLISHED,
        /** The handshake failed; terminal. */
        FAILED,
        /** Closed by either side; terminal. */
        CLOSED
    }

    /** The handshake was handed to the pool (owner thread only). */
    private boolean submitted;
    private static final class CryptoHolder {
        static final JcaTlsCrypto CRYPTO = PeerSupport.newCrypto(new SecureRandom()); // EC on BC, AES-GCM on the JDK
    }

    private final DtlsConfig config;
    private final Executor executor;
    private final Runnable wakeup;
    private final QueueDatagramTransport transport;
    private final PeerSupport support;
    private final ConcurrentLinkedQueue<DtlsEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile DTLSTransport dtls;
    private final byte[] receiveBuffer = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
    private long droppedInputs;
    /** Epoch-1 protection after the handshake (null: BC protects every record). */
    private volatile RecordProtection protection;
    /** Tests: false keeps every record with BC (the path before {@link RecordProtection}). */
    boolean ownRecordLayer = true;
    private ApplicationDataHandler dataHandler;
    private int sendLimit;
    private long replayedRecords;
    private long rejectedRecords;
    private long lastFinalFlightResend = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    private DtlsSession(DtlsConfig config, Executor executor, Runnable wakeup) {
        this.config = config;
        this.executor = executor;
        this.wakeup = wakeup;
        this.transport = new QueueDatagramTransport(config.mtu(), wakeup);
        this.support = new PeerSupport(config, CryptoHolder.CRYPTO);
        if (config.role() == DtlsRole.SERVER) {
            transport.useServerFlightGate();
        }
    }

    /**
     * Creates a session whose handshake will run on {@code handshakeExecutor}.
     *
     * @param config the session settings
     * @param handshakeExecutor a bounded executor for the blocking handshake (one task per
     *     session, busy for at most the handshake timeout)
     * @param wakeup called (possibly from the handshake thread) whenever there is something to
     *     poll; must be cheap and must not call back into the session on that thread
     */
    public static DtlsSession create(DtlsConfig config, Executor handshakeExecutor, Runnable wakeup) {
        return new DtlsSession(Objects.requireNonNull(config), Objects.requireNonNull(handshakeExecutor),
                Objects.requireNonNull(wakeup));
    }

    /**
     * Starts the handshake. A client sends its ClientHello at once. A server only arms itself:
     * its handshake takes a thread of the bounded pool when the first datagram (the
     * ClientHello) arrives, so servers waiting for peers that are still doing ICE never hold
     * the pool's threads and starve handshakes that could run. The handshake timeout counts
     * from the moment the handshake runs.
     *
     * @throws IllegalStateException if already started
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            throw new IllegalStateException("already started");
        }
        if (config.role() == DtlsRole.CLIENT || transport.hasInbound()) {
            submitHandshake();
        }
    }

    private void submitHandshake() {
        if (submitted) {
            return;
        }
        submitted = true;
        transport.setDeadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.handshakeTimeoutMillis()));
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            failHandshake("the handshake executor rejected the session: " + e.getMessage());
        }
    }

    /**
     * Takes one received DTLS datagram (RFC 7983: first byte 20..63). The bytes are copied.
     * Before the handshake ends they feed the handshake; afterwards they are decrypted here and
     * show up as {@link DtlsEvent.ApplicationData} (or {@link DtlsEvent.Closed}). Datagrams
     * arriving after the session ended are dropped and counted.
     */
    public void handleInput(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        State s = state.get();
        if (s == State.FAILED || s == State.CLOSED) {
            droppedInputs++;
            return;
        }
        if (s == State.ESTABLISHED && protection != null) {
            openRecords(buf, off, len);
            return;
        }
        transport.offerInbound(buf, off, len);
        if (s == State.ESTABLISHED) {
            pump();
        } else if (s == State.HANDSHAKING) {
            submitHandshake(); // an armed server starts on its first datagram
        }
    }

    /** The next datagram to send to the peer, or null. */
    public byte[] pollTransmit() {
        return transport.pollOutbound();
    }

    /** The next event, or null. */
    public DtlsEvent pollEvent() {
        if (state.get() == State.ESTABLISHED && transport.hasInbound()) {
            pump(); // datagrams that arrived while the handshake thread was finishing
        }
        return events.poll();
    }

    /**
     * Sends one application-data record (for WebRTC: one SCTP packet).
     *
     * @return false if the session is not established (or just failed while sending)
     * @throws IllegalArgumentException if {@code len} exceeds {@link #sendLimit()}
     */
    public boolean send(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (state.get() != State.ESTABLISHED) {
            return false;
        }
        RecordProtection p = protection;
        if (p != null) {
            if (len > sendLimit) {
                throw new IllegalArgumentException("record of " + len + " bytes exceeds the send limit " + sendLimit);
            }
            byte[] record = new byte[len + RecordProtection.OVERHEAD]; // queued as is: no copy
            if (p.seal(RecordProtection.APPLICATION_DATA, buf, off, len, record, 0) < 0) {
                closed(false, "epoch-1 sequence numbers exhausted");
                return false;
            }
            transport.resend(java.util.List.of(record));
            return true;
        }
        try {
            if (len > dtls.getSendLimit()) {
                throw new IllegalArgumentException("record of " + len + " bytes exceeds the send limit "
                        + dtls.getSendLimit());
            }
            dtls.send(buf, off, len);
            return true;
        } catch (IOException e) {
            closed(true, "send failed: " + describe(e));
            return false;
        }
    }

    /**
     * Protects one application-data record (one SCTP packet) into {@code out[outOff..]} for the
     * caller to transmit itself, without the outbound queue and without allocating. Needs
     * {@code len + RECORD_OVERHEAD} bytes of room.
     *
     * @return the record length, or -1 if the session is not established or this path is not
     *     available (then use {@link #send})
     * @throws IllegalArgumentException if {@code len} exceeds {@link #sendLimit()}
     */
    public int seal(byte[] buf, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, buf.length);
        RecordProtection p = protection;
        if (p == null || state.get() != State.ESTABLISHED) {
            return -1;
        }
        if (len > sendLimit) {
            throw new IllegalArgumentException("record of " + len + " bytes exceeds the send limit " + sendLimit);
        }
        int n = p.seal(RecordProtection.APPLICATION_DATA, buf, off, len, out, outOff);
        if (n < 0) {
            closed(false, "epoch-1 sequence numbers exhausted");
        }
        return n;
    }

    /**
     * Delivers application data decrypted by {@link #handleInput} straight to {@code handler}
     * instead of as {@link DtlsEvent.ApplicationData} events (which remain for records that
     * BouncyCastle decrypts: those that arrived around the end of the handshake). Null restores
     * events.
     */
    public void setApplicationDataHandler(ApplicationDataHandler handler) {
        dataHandler = handler;
    }

    /** Largest application record {@link #send} accepts, or 0 before the handshake ends. */
    public int sendLimit() {
        if (protection != null) {
            return sendLimit;
        }
        DTLSTransport t = dtls;
        if (t == null) {
            return 0;
        }
        try {
            return t.getSendLimit();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Closes the session: sends close_notify if established (RFC 5246 §7.2.1), or abandons the
     * handshake. Emits {@link DtlsEvent.Closed}. Idempotent.
     */
    public void close() {
        RecordProtection p = protection;
        if (p != null && state.compareAndSet(State.ESTABLISHED, State.CLOSED)) {
            sendCloseNotify(p);
            events.add(new DtlsEvent.Closed(false, "closed locally"));
        } else if (state.compareAndSet(State.ESTABLISHED, State.CLOSED)) {
            try {
                dtls.close();
            } catch (IOException e) {
                // close_notify is best effort
            }
            events.add(new DtlsEvent.Closed(false, "closed locally"));
        } else if (state.compareAndSet(State.HANDSHAKING, State.CLOSED)
                || state.compareAndSet(State.NEW, State.CLOSED)) {
            transport.abort("closed locally during the handshake");
            events.add(new DtlsEvent.Closed(false, "closed locally during the handshake"));
        }
    }

    /** RFC 5246 §7.2.1: close_notify (level warning 1, description 0) in epoch 1, sealed by us. */
    private void sendCloseNotify(RecordProtection p) {
        byte[] record = new byte[2 + RecordProtection.OVERHEAD];
        if (p.seal(RecordProtection.ALERT, new byte[] {1, 0}, 0, 2, record, 0) > 0) {
            transport.resend(java.util.List.of(record));
        }
    }

    /** Current state (readable from any thread). */
    public State state() {
        return state.get();
    }

    /** Our role. */
    public DtlsRole role() {
        return config.role();
    }

    /** Tests: the epoch-1 key block BC derived (null before the handshake or for other suites). */
    byte[] recordKeyBlock() {
        return support.recordKeyBlock;
    }

    /** Tests: offer / accept only these cipher suites (call before {@link #start}). */
    void restrictSuitesForTests(int... suites) {
        support.suitesForTests = suites.clone();
    }

    /** Datagrams dropped because they arrived after the session ended. */
    public long droppedInputs() {
        return droppedInputs;
    }

    /**
     * Malformed records (length past the datagram), and unauthenticated epoch-0 records after
     * the handshake, that were discarded before reaching BouncyCastle. Records that fail
     * authentication are dropped inside BouncyCastle and not counted here.
     */
    public long droppedRecords() {
        return transport.droppedRecords() + rejectedRecords;
    }

    /** Epoch-1 application records dropped by the anti-replay window (RFC 6347 §4.1.2.6). */
    public long replayedRecords() {
        return replayedRecords;
    }

    private void runHandshake() {
        DTLSTransport t;
        try {
            if (config.role() == DtlsRole.CLIENT) {
                t = new DTLSClientProtocol().connect(new FerryDtlsClient(support), transport);
            } else {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE connectivity checks already proved the address: no HelloVerifyRequest round.
                protocol.setVerifyRequests(false);
                t = protocol.accept(new FerryDtlsServer(support), transport);
            }
        } catch (Throwable e) {
            failHandshake(reasonFor(e));
            return;
        }
        transport.switchToNonBlocking();
        byte[] keyBlock = support.recordKeyBlock;
        if (ownRecordLayer && keyBlock != null) {
            try {
                sendLimit = t.getSendLimit();
                long first = transport.stopProtectedSends();
                protection = new RecordProtection(keyBlock, config.role() == DtlsRole.CLIENT, first);
            } catch (IOException | RuntimeException e) {
                failHandshake("cannot set up record protection: " + e);
                return;
            }
        }
        dtls = t;
        DtlsSrtpKeys keys = support.keys;
        if (state.compareAndSet(State.HANDSHAKING, State.ESTABLISHED)) {
            events.add(new DtlsEvent.HandshakeComplete(keys, keys.profile(), config.role(),
                    support.fingerprintVerified));
        } else if (protection != null) {
            sendCloseNotify(protection); // closed by the owner while we finished (BC may not send in epoch 1 now)
        } else {
            try {
                t.close(); // closed by the owner while we finished: say goodbye properly
            } catch (IOException e) {
                // best effort
            }
        }
        wakeup.run();
    }

    private void failHandshake(String reason) {
        if (state.compareAndSet(State.HANDSHAKING, State.FAILED)) {
            events.add(new DtlsEvent.HandshakeFailed(reason));
        }
        wakeup.run();
    }

    /** Owner thread: decrypts everything queued, without blocking. */
    private void pump() {
        DTLSTransport t = dtls;
        long sendsBefore = transport.sendsAfterHandshake();
        try {
            receiveQueued(t);
        } finally {
            if (transport.takePeerHandshakeSeen() && state.get() == State.ESTABLISHED) {
                resendFinalFlight(sendsBefore);
            }
        }
    }

    /**
     * RFC 6347 §4.2.4: when the peer retransmits its last flight, our final flight (the server's
     * ChangeCipherSpec + Finished) was lost and must be sent again. BC 1.84 would do so only
     * after re-receiving every message of that flight through its unauthenticated epoch-0
     * reassembler, which we keep it away from (see {@code QueueDatagramTransport}); so we resend
     * the flight ourselves, at most once per {@code initialRetransmitMillis} (a forged trigger
     * costs two datagrams per interval, no more). The records are byte-identical, so a peer that
     * did get them discards the copies in its replay window.
     */
    private void resendFinalFlight(long sendsBefore) {
        if (config.role() != DtlsRole.SERVER || transport.sendsAfterHandshake() != sendsBefore) {
            return; // BC answered by itself
        }
        long now = System.nanoTime();
        if (now - lastFinalFlightResend < TimeUnit.MILLISECONDS.toNanos(config.initialRetransmitMillis())) {
            return;
        }
        lastFinalFlightResend = now;
        transport.resend(transport.lastFlight());
    }

    /**
     * Decrypts every queued datagram. BC 1.84's {@code receive} allocates a receive-limit-sized
     * buffer on each call, so it is called once per queued datagram and never once more just to
     * learn that the queue is empty; records that arrived several to a datagram are then taken
     * from BC's own record queue with {@code receivePending}, which allocates only when there is
     * such a record.
     */
    private void receiveQueued(DTLSTransport t) {
        while (state.get() == State.ESTABLISHED) {
            int n;
            try {
                if (transport.hasInbound()) {
                    n = t.receive(receiveBuffer, 0, receiveBuffer.length, 0);
                } else {
                    n = t.receivePending(receiveBuffer, 0, receiveBuffer.length);
                    if (n < 0) {
                        checkCloseNotify();
                        break;
                    }
                }
            } catch (QueueDatagramTransport.Drained drained) {
                checkCloseNotify();
                break;
            } catch (IOException e) {
                closed(true, describe(e));
                break;
            }
            if (support.closeNotifyReceived) {
                closed(true, "close_notify received");
                break;
            }
            if (n >= 0) {
                events.add(new DtlsEvent.ApplicationData(Arrays.copyOf(receiveBuffer, n)));
            }
        }
    }

    /**
     * Owner thread, after the hand-over: epoch-1 application_data records are opened here; every
     * other record (alerts, handshake retransmissions, ChangeCipherSpec, epoch 0) goes through
     * the BouncyCastle path as before, each as its own datagram. Bytes past the last whole
     * record are dropped and counted (RFC 6347 §4.1 framing).
     */
    private void openRecords(byte[] buf, int off, int len) {
        RecordProtection p = protection;
        int pos = off;
        int end = off + len;
        boolean toBc = false;
        while (end - pos >= RecordProtection.HEADER) {
            int recordLength = RecordProtection.HEADER + (((buf[pos + 11] & 0xFF) << 8) | (buf[pos + 12] & 0xFF));
            if (recordLength > end - pos) {
                break;
            }
            if (buf[pos] == RecordProtection.APPLICATION_DATA && buf[pos + 3] == 0 && buf[pos + 4] == RecordProtection.EPOCH
                    && buf[pos + 1] == (byte) 0xFE && buf[pos + 2] == (byte) 0xFD) {
                int n = recordLength - RecordProtection.OVERHEAD > receiveBuffer.length ? RecordProtection.MALFORMED
                        : p.open(buf, pos, recordLength, receiveBuffer, 0);
                if (n >= 0) {
                    deliver(n);
                } else if (n == RecordProtection.REPLAYED) {
                    replayedRecords++;
                } else {
                    rejectedRecords++;
                }
            } else {
                transport.offerInbound(buf, pos, recordLength);
                toBc = true;
            }
            pos += recordLength;
        }
        if (pos < end) {
            rejectedRecords++;
        }
        if (toBc && state.get() == State.ESTABLISHED) {
            pump();
        }
    }

    private void deliver(int n) {
        ApplicationDataHandler h = dataHandler;
        if (h != null) {
            h.onApplicationData(receiveBuffer, 0, n);
        } else {
            events.add(new DtlsEvent.ApplicationData(Arrays.copyOf(receiveBuffer, n)));
        }
    }

    private void checkCloseNotify() {
        if (support.closeNotifyReceived) {
            closed(true, "close_notify received");
        }
    }

    private void closed(boolean byPeer, String reason) {
        if (state.compareAndSet(State.ESTABLISHED, State.CLOSED)) {
            events.add(new DtlsEvent.Closed(byPeer, reason));
        }
    }

    private String reasonFor(Throwable e) {
        if (support.failureReason != null) {
            return support.failureReason;
        }
        if (e instanceof TlsTimeoutException) {
            return "handshake timed out after " + config.handshakeTimeoutMillis() + " ms";
        }
        if (e instanceof QueueDatagramTransport.Aborted) {
            String m = e.getMessage();
            return "handshake timed out".equals(m) ? m + " after " + config.handshakeTimeoutMillis() + " ms" : m;
        }
        return describe(e);
    }

    private String describe(Throwable e) {
        if (e instanceof TlsFatalAlertReceived r) {
            return "the peer sent a fatal alert: " + AlertDescription.getText(r.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert a) {
            String m = a.getMessage();
            return "handshake failed: " + AlertDescription.getText(a.getAlertDescription())
                    + (m != null && !m.isEmpty() ? " (" + m + ")" : "");
        }
        if (support.fatalAlertReceived != null) {
            return "the peer sent a fatal alert: " + support.fatalAlertReceived;
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
