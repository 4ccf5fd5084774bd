package org.ferryrtc.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One UDP port shared by every ICE session of a server (DESIGN §5). Our own demultiplexer
 * ({@link SharedPort}) tells the sessions apart: a connectivity check by the local ufrag in its
 * USERNAME (RFC 8445 §7.2.2), an answer by the transaction id of the check it answers, anything
 * else by the sender's address, bound to the session whose check with it succeeded last; so a
 * peer's ICE restart (new ports, new credentials) reaches the new session, and a session can send
 * the first check (and offer). Requires BUNDLE + rtcp-mux on the peer side: one stream, one
 * component per session.
 *
 * <p>Bind it to a concrete address, not the wildcard: a browser drops replies that come back
 * from a different source address than the one it checked.
 */
public final class IceEndpoint implements AutoCloseable {
    private final SharedPort port;

    private IceEndpoint(SharedPort port) {
        this.port = port;
    }

    /**
     * Opens the shared UDP port.
     *
     * @param address a concrete local address (e.g. 127.0.0.1); the wildcard is refused
     * @param port the UDP port; 0 picks a free one
     */
    public static IceEndpoint open(InetAddress address, int port) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isAnyLocalAddress()) {
            throw new IllegalArgumentException("bind ICE to a concrete address, not " + address.getHostAddress());
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        Ice4jDefaults.apply();
        return new IceEndpoint(new SharedPort(address, port));
    }

    /** The address and port every session's host candidate carries. */
    public InetSocketAddress localAddress() {
        return port.localAddress();
    }

    /**
     * A new session on this port.
     *
     * @param controlling true for the controlling agent (the offerer in JSEP, RFC 8445 §6.1.1)
     * @param listener receives state and candidate events, on ice4j's threads: enqueue, do not block
     * @param packets receives every non-STUN datagram of the session, on the port's reader thread
     */
    public IceSession newSession(boolean controlling, IceListener listener, IcePacketHandler packets) {
        return new IceSession(port, controlling, listener, packets);
    }

    /** Datagrams dropped by the demultiplexer, by reason (tests, stats). */
    long unknownUfragDropped() {
        return port.unknownUfrag();
    }

    long unknownSenderDropped() {
        return port.unknownSender();
    }

    long staleChecksRefused() {
        return port.staleRefused();
    }

    @Override
    public void close() {
        port.close();
    }
}
