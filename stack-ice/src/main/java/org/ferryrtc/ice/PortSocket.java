package org.ferryrtc.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayDeque;
import org.ice4j.socket.IceSocketWrapper;

/**
 * One session's view of a {@link SharedPort}: what its ice4j agent takes for its host
 * candidate's socket. Sends go straight out of the shared UDP socket (so a shared-port session
 * can check first, and offer); receives return only the STUN messages the port routed to this
 * session (RFC 8445 §7.2.2: by the local ufrag of a request's USERNAME; a response by the
 * transaction id of the request this session sent, RFC 8489 §6.3.3). Non-STUN datagrams never
 * come through here: the port hands them to the session's packet handler.
 *
 * <p>The receive queue is small and bounded ({@link #QUEUE}): a session's StunStack reads it
 * on its own thread; checks beyond that while it is behind are dropped and counted (the sender
 * retransmits, RFC 8489 §6.2.1).
 */
final class PortSocket extends IceSocketWrapper {
    /** STUN messages queued for the StunStack; a check burst is a few per candidate pair. */
    static final int QUEUE = 64;

    private final SharedPort port;
    final String ufrag;
    final IcePacketHandler packets;
    final StunGate gate = StunGate.bindingOnly();
    private final ArrayDeque<DatagramPacket> queue = new ArrayDeque<>();
    private boolean closed;
    /** STUN messages dropped because the queue was full. */
    long queueDropped;

    PortSocket(SharedPort port, String ufrag, IcePacketHandler packets) {
        this.port = port;
        this.ufrag = ufrag;
        this.packets = packets;
    }

    /** A STUN message for this session (a copy the caller no longer touches); on the port's reader. */
    synchronized void deliver(DatagramPacket p) {
        if (closed) {
            return;
        }
        if (queue.size() >= QUEUE) {
            queueDropped++;
            return;
        }
        queue.add(p);
        notifyAll();
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        DatagramPacket m;
        synchronized (this) {
            while (queue.isEmpty() && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SocketException("interrupted");
                }
            }
            if (closed) {
                throw new SocketException("closed");
            }
            m = queue.poll();
        }
        byte[] dst = p.getData();
        int n = Math.min(m.getLength(), dst.length - p.getOffset());
        System.arraycopy(m.getData(), m.getOffset(), dst, p.getOffset(), n);
        p.setLength(n);
        p.setSocketAddress(m.getSocketAddress());
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new SocketException("closed");
            }
        }
        port.send(this, p);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            notifyAll();
        }
        port.unregister(this);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public InetAddress getLocalAddress() {
        return port.localAddress().getAddress();
    }

    @Override
    public int getLocalPort() {
        return port.localAddress().getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return port.localAddress();
    }

    @Override
    public Socket getTCPSocket() {
        return null;
    }

    /** ice4j only tests this for null (UDP or TCP); nothing reads it but the port. */
    @Override
    public DatagramSocket getUDPSocket() {
        return port.socket();
    }
}
