package org.ferryrtc.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The redirect socket of one media connection: received media goes out as plain UDP datagrams
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
 *   <li>Opened on first use (a connection that never receives media holds no socket), bound to
 *       the gateway's UDP address (the allow-listed targets were checked when the redirect was
 *       configured).</li>
 * </ul>
 *
 * {@link #send} is for one thread at a time (the owner); {@link #close} may come from any thread.
 */
final class RedirectSender implements AutoCloseable {
    /** Largest datagram sent (an RTP packet of {@code RtpSession.MAX_PACKET} bytes fits). */
    static final int MAX_DATAGRAM = 2048;

    private final InetAddress bind;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private volatile DatagramChannel channel;
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
        DatagramChannel ch = channel;
        try {
            if (ch == null && (ch = open()) == null) {
                return false;
            }
            ByteBuffer buf = buffer;
            buf.clear();
            buf.put(b, off, len).flip();
            return ch.send(buf, to) == len;
        } catch (IOException | RuntimeException e) {
            return false; // closed meanwhile, unreachable target, ...
        }
    }

    private synchronized DatagramChannel open() throws IOException {
        if (closed) {
            return null;
        }
        if (channel == null) {
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(bind, 0));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            channel = ch;
        }
        return channel;
    }

    /** The local port datagrams come from, or -1 before the first send. */
    int localPort() {
        DatagramChannel ch = channel;
        try {
            return ch == null ? -1 : ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        DatagramChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
