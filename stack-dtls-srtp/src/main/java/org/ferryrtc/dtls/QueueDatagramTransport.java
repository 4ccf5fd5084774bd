package org.ferryrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
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
    private java.util.List<byte[]> lastFlight = new java.util.ArrayList<>();
    private boolean startNewFlight = true;
    /** Owner thread, after the handshake: counters for {@link #takeRetransmissionSignal}. */
    private boolean peerHandshakeSeen;
    private long sendsAfterHandshake;

    QueueDatagramTransport(int mtu, Runnable wakeup) {
        this.mtu = mtu;
        this.wakeup = wakeup;
    }

    /** Owner thread: queues one received datagram (copied). */
    void offerInbound(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (gate != null && !nonBlocking) {
            gate.offer(copy, inbound::offer);
        } else {
            inbound.offer(copy);
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

    /** Handshake thread, before BC starts: the moment after which receive gives up. */
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
            d = inbound.poll();
            if (d == null || d == ABORT) {
                throw drained;
            }
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
        if (nonBlocking && d.length > 0 && d[0] == 22) {
            peerHandshakeSeen = true; // a handshake record after the handshake: a retransmission
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (nonBlocking) {
            sendsAfterHandshake++;
        } else {
            if (startNewFlight) {
                lastFlight = new java.util.ArrayList<>();
                startNewFlight = false;
            }
            lastFlight.add(copy);
        }
        outbound.offer(copy);
        wakeup.run();
    }

    /** Owner thread: the last flight the handshake sent (for the server: CCS + Finished). */
    java.util.List<byte[]> lastFlight() {
        return lastFlight;
    }

    /** Owner thread: queues datagrams for sending again (the very same records). */
    void resend(java.util.List<byte[]> datagrams) {
        outbound.addAll(datagrams);
        wakeup.run();
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
