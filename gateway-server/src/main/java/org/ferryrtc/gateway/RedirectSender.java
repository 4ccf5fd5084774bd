package org.ferryrtc.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The redirect sockets of one media connection: received media goes out as plain UDP datagrams
 * (RTP, RFC 3550 §5; RTCP, §6) to the connection's redirect addresses, written by the
 * connection's owner thread itself, with no hand-off to another thread and no lock shared with
 * other connections.
 *
 * <ul>
 *   <li>Non-blocking: a full socket send buffer drops the datagram (counted by the caller as a
 *       failed redirect) instead of stalling the owner thread, which also runs the connection's
 *       SRTP, RTCP and ICE consent.</li>
 *   <li>One reused direct buffer: the JDK would otherwise copy a heap buffer into a temporary
 *       direct one on every send; nothing is allocated per datagram.</li>
 *   <li>One socket per target, connected to it (measured with {@code RedirectSendCpuTime}: ~5-10 %
 *       less CPU per loopback send than {@code send(buffer, target)}); opened on first use (a
 *       connection that never receives media holds no socket), bound to the gateway's UDP address
 *       (the allow-listed targets were checked when the redirect was configured). Beyond
 *       {@link #MAX_TARGETS} targets, one unconnected socket takes the rest.</li>
 * </ul>
 *
 * {@link #send} is for one thread (the owner); {@link #close} may come from any thread.
 */
final class RedirectSender implements AutoCloseable {
    /** Largest datagram sent (an RTP packet of {@code RtpSession.MAX_PACKET} bytes fits). */
    static final int MAX_DATAGRAM = 2048;
    /** Targets with a socket of their own (video, audio and their RTCP); more share an unconnected one. */
    static final int MAX_TARGETS = 4;

    private final InetAddress bind;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    /** Owner thread only: the targets seen so far and their connected sockets (the last slot: unconnected). */
    private final InetSocketAddress[] targets = new InetSocketAddress[MAX_TARGETS];
    private final DatagramChannel[] channels = new DatagramChannel[MAX_TARGETS + 1];
    private boolean closed; // guarded by this

    RedirectSender(InetAddress bind) {
        this.bind = bind;
    }

    /**
     * Sends {@code len} bytes from {@code off} to {@code to}.
     *
     * @return false if the datagram was not sent: too long, socket buffer full, socket closed or
     *         not openable
     */
    boolean send(byte[] b, int off, int len, InetSocketAddress to) {
        if (len > MAX_DATAGRAM) {
            return false;
        }
        try {
            int i = slot(to);
            DatagramChannel ch = channels[i];
            if (ch == null && (ch = open(i, to)) == null) {
                return false;
            }
            ByteBuffer buf = buffer;
            buf.clear();
            buf.put(b, off, len).flip();
            if (i == MAX_TARGETS) {
                return ch.send(buf, to) == len;
            }
            try {
                return ch.write(buf) == len;
            } catch (java.net.PortUnreachableException e) {
                // an ICMP error for an earlier datagram (nobody listening yet): reported once, then cleared
                buf.rewind();
                return ch.write(buf) == len;
            }
        } catch (IOException | RuntimeException e) {
            return false; // closed meanwhile, unreachable target, ...
        }
    }

    /** The socket slot of {@code to}: its own connected one (the first {@link #MAX_TARGETS} targets), else the shared one. */
    private int slot(InetSocketAddress to) {
        for (int i = 0; i < MAX_TARGETS; i++) {
            InetSocketAddress t = targets[i];
            if (t == to) {
                return i;
            }
            if (t == null) {
                targets[i] = to;
                return i;
            }
            if (t.equals(to)) {
                return i;
            }
        }
        return MAX_TARGETS;
    }

    private synchronized DatagramChannel open(int i, InetSocketAddress to) throws IOException {
        if (closed) {
            return null;
        }
        if (channels[i] == null) {
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(bind, 0));
                if (i < MAX_TARGETS) {
                    ch.connect(to); // the kernel keeps the route: cheaper per datagram than send(to)
                }
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            channels[i] = ch;
        }
        return channels[i];
    }

    /** Sockets opened so far (tests). */
    synchronized int openSockets() {
        int n = 0;
        for (DatagramChannel ch : channels) {
            n += ch != null && ch.isOpen() ? 1 : 0;
        }
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (DatagramChannel ch : channels) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // nothing left to release
                }
            }
        }
    }
}
