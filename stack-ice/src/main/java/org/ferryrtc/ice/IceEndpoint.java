package org.ferryrtc.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * One UDP port shared by every ICE session of a server (DESIGN §5: ice4j's single-port
 * harvester; sessions are told apart by the STUN username's ufrag, then by 5-tuple). Requires
 * BUNDLE + rtcp-mux on the peer side: one stream, one component per session.
 *
 * <p>Bind it to a concrete address, not the wildcard: a browser drops replies that come back
 * from a different source address than the one it checked.
 */
public final class IceEndpoint implements AutoCloseable {
    private final SinglePortUdpHarvester harvester;
    private final InetSocketAddress localAddress;

    private IceEndpoint(SinglePortUdpHarvester harvester, InetSocketAddress localAddress) {
        this.harvester = harvester;
        this.localAddress = localAddress;
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
        int chosen = port == 0 ? freeUdpPort(address) : port;
        SinglePortUdpHarvester h = new SinglePortUdpHarvester(new TransportAddress(address, chosen, Transport.UDP));
        return new IceEndpoint(h, new InetSocketAddress(address, chosen));
    }

    /** ice4j's listener binds the exact port it is given; find a free one first. */
    private static int freeUdpPort(InetAddress address) throws IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }

    /** The address and port every session's host candidate carries. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * A new session on this port.
     *
     * @param controlling true for the controlling agent (the offerer in JSEP, RFC 8445 §6.1.1)
     * @param listener receives state and candidate events, on ice4j's threads: enqueue, do not block
     * @param packets receives every non-STUN datagram of the session, on ice4j's threads
     */
    public IceSession newSession(boolean controlling, IceListener listener, IcePacketHandler packets) {
        try {
            return new IceSession(harvester, controlling, listener, packets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ICE session", e);
        }
    }

    @Override
    public void close() {
        harvester.close();
    }
}
