package org.ferryrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;

/**
 * BouncyCastle's view of the network: a {@link DatagramTransport} backed by two queues.
 *
 * <p>The owner thread puts received datagrams in with {@link #offerInbound} and takes datagrams
 * to send out with {@link #pollOutbound}. During the handshake BC's thread blocks in
 * {@link #receive} on the inbound queue (bounded by BC's own retransmission timers). Once the
 * handshake is over the transport is switched to non-blocking: {@link #receive} hands out what
 * is queued and, when the queue is empty, throws {@link Drained} (an
 * {@link InterruptedIOException}, which BC passes through without failing the connection), so
 * the owner thread can call {@code DTLSTransport.receive} until everything queued is decrypted
 * and never blocks.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** Thrown by a non-blocking receive with nothing queued; no stack trace (a control signal). */
    static final class Drained extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        Drained() {
            super("no datagram queued");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Thrown into the handshake when the owner closed the session or the deadline passed. */
    static final class Aborted extends IOException {
        private static final long serialVersionUID = 1L;

        Aborted(String message) {
            super(message);
        }
    }

    /** Largest DTLS record we accept: 2^14 plaintext + expansion + header. */
    static final int RECEIVE_LIMIT = (1 << 14) + 2048;
    private static final byte[] ABORT = new byte[0];
    /**
     * Shortest protected record with our AES-GCM suites (RFC 5288 §3): 8-byte explicit nonce +
     * 16-byte tag. BC answers a shorter one with a fatal decode_error instead of dropping it.
     */
    static final int MIN_PROTECTED_LENGTH = 24;

    private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<byte[]> outbound = new ConcurrentLinkedQueue<>();
    private final int mtu;
    private final Runnable wakeup;
    private volatile boolean nonBlocking;
    private volatile boolean closed;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile String abortReason;
    private final Drained drained = new Drained();
    private ServerFlightGate gate;
    /** Handshake thread: the datagrams of the flight sent last (written before publication). */
    private List<byte[]> lastFlight = new ArrayList<>();
    private boolean startNewFlight = true;
    /** Owner thread, after the handshake: see {@link #takePeerHandshakeSeen}, {@link #sendsAfterHandshake}. */
    private boolean peerHandshakeSeen;
    private long sendsAfterHandshake;
    private volatile long droppedRecords;
    /** Handshake thread: the highest epoch-1 sequence number BC sent, -1 if none. */
    private long maxProtectedSequenceSent = -1;
    /** Set once {@link RecordProtection} writes epoch 1: BC's epoch-1 records are not sent any more. */
    private volatile boolean protectedSendsStopped;
    private volatile long suppressedSends;

    QueueDatagramTransport(int mtu, Runnable wakeup) {
        this.mtu = mtu;
        this.wakeup = wakeup;
    }

    /**
     * Owner thread: queues one received datagram (copied). During the handshake its records are
     * queued one by one: bctls 1.84 drops a whole datagram whose first record is not of its
     * current read epoch, which would also lose the records packed behind it.
     */
    void offerInbound(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (nonBlocking) {
            inbound.offer(copy); // sanitized when BC takes it, see receive
            return;
        }
        copy = sanitize(copy, false);
        if (copy == null) {
            return;
        }
        if (gate != null) {
            gate.offer(copy, inbound::offer);
        } else {
            ServerFlightGate.forEachRecord(copy, inbound::offer);
        }
    }

    /** Server only: hold ChangeCipherSpec back until the client's epoch-0 flight is complete. */
    void useServerFlightGate() {
        gate = new ServerFlightGate();
    }

    boolean hasInbound() {
        return !inbound.isEmpty();
    }

    /** Owner thread: next datagram to send, or null. */
    byte[] pollOutbound() {
        return outbound.poll();
    }

    /** Owner thread, at start: the moment after which a handshake receive gives up. */
    void setDeadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Handshake thread, after BC returned: from now on receive never blocks. */
    void switchToNonBlocking() {
        nonBlocking = true;
    }

    /** Any thread: makes a blocked handshake receive fail with the given reason. */
    void abort(String reason) {
        abortReason = reason;
        inbound.offer(ABORT);
    }

    /** True once BC closed the transport (after sending close_notify or a fatal alert). */
    boolean isClosed() {
        return closed;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return mtu;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] d;
        if (nonBlocking) {
            do {
                d = inbound.poll();
                if (d == null || d == ABORT) {
                    throw drained;
                }
                d = sanitize(d, true);
            } while (d == null);
        } else {
            long remaining = deadlineNanos - System.nanoTime();
            if (abortReason != null) {
                throw new Aborted(abortReason);
            }
            if (remaining <= 0) {
                throw new Aborted("handshake timed out");
            }
            long waitNanos = waitMillis <= 0 ? remaining : Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(waitMillis));
            try {
                d = inbound.poll(waitNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted("interrupted");
            }
            if (d == ABORT) {
                throw new Aborted(abortReason);
            }
            startNewFlight = true;
            if (d == null) {
                return -1; // BC's timer fired: it retransmits and calls again
            }
        }

        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (protectedSendsStopped) {
            if (hasProtectedRecord(buf, off, len)) {
                suppressedSends++; // BC's sequence numbers would repeat ours: same GCM nonce
                return;
            }
        } else {
            trackProtectedSequence(buf, off, len);
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (nonBlocking) {
            sendsAfterHandshake++;
        } else {
            if (startNewFlight) {
                lastFlight = new ArrayList<>();
                startNewFlight = false;
            }
            lastFlight.add(copy);
        }
        outbound.offer(copy);
        wakeup.run();
    }

    /**
     * Keeps only well-framed records (RFC 6347 §4.1): a record whose length field runs past the
     * datagram, or trailing bytes too short for a header, make BC 1.84 fail the whole connection
     * with decode_error, so anyone able to spoof one datagram could end the session; we drop
     * them (counted). After the handshake ({@code dropEpochZero}) epoch-0 records go too: they
     * are unauthenticated leftovers, retransmissions of the peer's last flight (answered by
     * {@code DtlsSession} itself) or forgeries that BC's retransmission reassembler would also
     * turn into a fatal decode_error; so do records not marked DTLS 1.2, which BC 1.84 can turn
     * into a fatal internal_error. Protected records (epoch >= 1) shorter than AES-GCM's
     * nonce + tag are dropped for the same reason, in every phase. Returns null if nothing is
     * left.
     */
    byte[] sanitize(byte[] d, boolean dropEpochZero) {
        int pos = 0;
        int kept = 0;
        byte[] out = null;
        while (d.length - pos >= 13) {
            int len = ((d[pos + 11] & 0xFF) << 8) | (d[pos + 12] & 0xFF);
            if (len > d.length - pos - 13) {
                break;
            }
            int end = pos + 13 + len;
            int epoch = ((d[pos + 3] & 0xFF) << 8) | (d[pos + 4] & 0xFF);
            if (dropEpochZero && (d[pos] & 0xFF) == 22) {
                peerHandshakeSeen = true; // the peer retransmitted its last flight
            }
            boolean dtls12 = d[pos + 1] == (byte) 0xFE && d[pos + 2] == (byte) 0xFD;
            if (dropEpochZero && (epoch == 0 || !dtls12) || epoch > 0 && len < MIN_PROTECTED_LENGTH) {
                droppedRecords++;
            } else {
                if (out == null) {
                    out = new byte[d.length];
                }
                System.arraycopy(d, pos, out, kept, end - pos);
                kept += end - pos;
            }
            pos = end;
        }
        if (pos < d.length) {
            droppedRecords++;
        }
        return kept == 0 ? null : kept == d.length ? d : Arrays.copyOf(out, kept);
    }

    /** Owner thread: malformed records, and epoch-0 records after the handshake, discarded. */
    long droppedRecords() {
        return droppedRecords;
    }

    /** Owner thread: the last flight the handshake sent (for the server: CCS + Finished). */
    List<byte[]> lastFlight() {
        return lastFlight;
    }

    /**
     * Owner thread: queues datagrams for sending again (the very same records, one datagram
     * each: bctls 1.84 drops a whole datagram whose first record is not of its current read
     * epoch, so packing a ChangeCipherSpec with its Finished would hide the Finished from a peer
     * that already switched epochs).
     */
    void resend(List<byte[]> datagrams) {
        outbound.addAll(datagrams);
        wakeup.run();
    }

    /** Records BC's epoch-1 sequence numbers (RFC 6347 §4.1: epoch 2 bytes, sequence 6 bytes). */
    private void trackProtectedSequence(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        while (end - pos >= 13) {
            int epoch = ((buf[pos + 3] & 0xFF) << 8) | (buf[pos + 4] & 0xFF);
            if (epoch >= 1) {
                long seq = 0;
                for (int i = 5; i < 11; i++) {
                    seq = (seq << 8) | (buf[pos + i] & 0xFF);
                }
                maxProtectedSequenceSent = Math.max(maxProtectedSequenceSent, seq);
            }
            pos += 13 + (((buf[pos + 11] & 0xFF) << 8) | (buf[pos + 12] & 0xFF));
        }
    }

    private static boolean hasProtectedRecord(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        while (end - pos >= 13) {
            if (buf[pos + 3] != 0 || buf[pos + 4] != 0) {
                return true;
            }
            pos += 13 + (((buf[pos + 11] & 0xFF) << 8) | (buf[pos + 12] & 0xFF));
        }
        return false;
    }

    /**
     * Handshake thread, after BC returned: from now on {@link RecordProtection} writes epoch 1
     * and BC's epoch-1 records (an alert BC would send on its own) are dropped, counted.
     *
     * @return the first epoch-1 sequence number BC did not use
     */
    long stopProtectedSends() {
        protectedSendsStopped = true;
        return maxProtectedSequenceSent + 1;
    }

    /** BC's epoch-1 datagrams dropped after the hand-over to {@link RecordProtection}. */
    long suppressedSends() {
        return suppressedSends;
    }

    /** Owner thread: sends made through BC since the handshake (to see whether BC answered). */
    long sendsAfterHandshake() {
        return sendsAfterHandshake;
    }

    /** Owner thread: true once per batch if the peer sent handshake records after the handshake. */
    boolean takePeerHandshakeSeen() {
        boolean seen = peerHandshakeSeen;
        peerHandshakeSeen = false;
        return seen;
    }

    @Override
    public void close() {
        closed = true;
    }
}
