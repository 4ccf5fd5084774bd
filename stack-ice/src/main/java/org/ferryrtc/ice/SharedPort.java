package org.ferryrtc.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One UDP socket shared by many ICE sessions, with our own demultiplexer (DESIGN §5) in place
 * of ice4j's single-port harvester, which binds a remote address to the session of the first
 * ufrag it saw (so a peer's ICE restart, checking from new ports with new credentials, could
 * never reach the new session) and cannot send a check before the peer's first one arrives.
 *
 * <pre>
 *  datagram -&gt; STUN? (RFC 7983: first byte 0..3, magic cookie, RFC 8489 §5)
 *     request    -&gt; session of the local ufrag in USERNAME "LFRAG:RFRAG" (RFC 8445 §7.2.2),
 *                   unknown ufrag: dropped, counted; another ICE session of the peer: {@link StunGate}
 *     response   -&gt; session that sent the request with that transaction id (RFC 8489 §6.3.3)
 *     indication -&gt; dropped, counted (keep-alives, RFC 8445 §11)
 *  otherwise     -&gt; session bound to the sender's address (5-tuple): bound when a session's
 *                   check with that address succeeds (the latest wins, so an address moves
 *                   to a restarted session), or by a routed request if nobody holds it yet;
 *                   unknown sender: dropped, counted
 * </pre>
 *
 * One reader thread per port; sessions send from any thread (a {@link DatagramSocket} send is
 * thread-safe).
 */
final class SharedPort implements AutoCloseable {
    private static final int MAX_DATAGRAM = IceSession.MAX_DATAGRAM;
    private static final int MAX_TRANSACTIONS = 4096;

    private final DatagramSocket socket;
    private final InetSocketAddress local;
    private final Thread reader;
    private final Map<String, PortSocket> byUfrag = new ConcurrentHashMap<>();
    private final Map<Remote, PortSocket> byRemote = new ConcurrentHashMap<>();
    /** Transaction id (hex) of a request a session sent -&gt; that session; oldest evicted. */
    private final Map<String, PortSocket> transactions = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PortSocket> eldest) {
            return size() > MAX_TRANSACTIONS;
        }
    };
    private volatile boolean closed;
    // counters, single writer (the reader thread)
    private volatile long unknownUfrag;
    private volatile long unknownTransaction;
    private volatile long unknownSender;
    private volatile long indications;
    private volatile long staleRefused;

    SharedPort(InetAddress address, int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, port));
        // every session's traffic crosses this one socket: a burst must not overflow the kernel's
        // buffer while the reader is busy (Linux clamps to net.core.rmem_max / wmem_max)
        socket.setReceiveBufferSize(OwnSocketHarvester.SOCKET_BUFFER_BYTES);
        socket.setSendBufferSize(OwnSocketHarvester.SOCKET_BUFFER_BYTES);
        local = new InetSocketAddress(address, socket.getLocalPort());
        reader = new Thread(this::readLoop, "ice-port-" + local.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    InetSocketAddress localAddress() {
        return local;
    }

    DatagramSocket socket() {
        return socket;
    }

    /** A session's socket on this port, routed by {@code ufrag}. */
    PortSocket register(String ufrag, IcePacketHandler packets) {
        PortSocket s = new PortSocket(this, ufrag, packets);
        if (byUfrag.putIfAbsent(ufrag, s) != null) {
            throw new IllegalStateException("ufrag already on this port: " + ufrag);
        }
        return s;
    }

    void unregister(PortSocket s) {
        byUfrag.remove(s.ufrag, s);
        byRemote.values().removeIf(v -> v == s);
        synchronized (transactions) {
            transactions.values().removeIf(v -> v == s);
        }
    }

    /** A check of {@code s} with {@code remote} succeeded: its datagrams now go to {@code s}. */
    void bind(InetSocketAddress remote, PortSocket s) {
        if (!s.isClosed()) {
            byRemote.put(new Remote().set(remote.getAddress(), remote.getPort()), s);
        }
    }

    void send(PortSocket from, DatagramPacket p) throws IOException {
        byte[] b = p.getData();
        int off = p.getOffset();
        int len = p.getLength();
        if (isStun(b, off, len) && (u16(b, off) & 0x0110) == 0) { // a request: its answer comes back to us
            synchronized (transactions) {
                transactions.put(txKey(b, off), from);
            }
        }
        socket.send(p);
    }

    private void readLoop() {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        Remote probe = new Remote(); // reused: looking a sender up allocates nothing
        while (!closed) {
            try {
                p.setData(buf, 0, buf.length);
                socket.receive(p);
                int len = p.getLength();
                if (isStun(buf, 0, len)) {
                    routeStun(p, len);
                    continue;
                }
                PortSocket s = byRemote.get(probe.set(p.getAddress(), p.getPort()));
                if (s == null) {
                    unknownSender++;
                    continue;
                }
                s.packets.onPacket(buf, 0, len);
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    return;
                }
            } catch (RuntimeException e) {
                // a handler bug must not stop the port for every session; it is the handler's to count
            }
        }
    }

    private void routeStun(DatagramPacket p, int len) {
        byte[] b = p.getData();
        int cls = u16(b, 0) & 0x0110;
        PortSocket s;
        if (cls == 0x0000) {
            String ufrag = localUfrag(b, len);
            s = ufrag == null ? null : byUfrag.get(ufrag);
            if (s == null) {
                unknownUfrag++;
                return;
            }
            if (!s.gate.accept(p)) {
                staleRefused++;
                return;
            }
            byRemote.putIfAbsent(new Remote().set(p.getAddress(), p.getPort()), s);
        } else if (cls == 0x0010) {
            indications++;
            return;
        } else {
            synchronized (transactions) {
                s = transactions.remove(txKey(b, 0));
            }
            if (s == null) {
                unknownTransaction++;
                return;
            }
        }
        s.deliver(new DatagramPacket(Arrays.copyOf(b, len), len, p.getSocketAddress()));
    }

    /** RFC 7983 §7 / RFC 8489 §5: first two bits zero, magic cookie, whole 4-byte attributes. */
    static boolean isStun(byte[] b, int off, int len) {
        return len >= 20 && (b[off] & 0xC0) == 0 && b[off + 4] == 0x21 && b[off + 5] == 0x12
                && b[off + 6] == (byte) 0xA4 && b[off + 7] == 0x42 && (u16(b, off + 2) & 3) == 0;
    }

    /** The LFRAG of a request's USERNAME (RFC 8445 §7.2.2), or null if it has none. */
    static String localUfrag(byte[] b, int len) {
        int end = Math.min(len, 20 + u16(b, 2));
        int i = 20;
        while (i + 4 <= end) {
            int type = u16(b, i);
            int alen = u16(b, i + 2);
            int v = i + 4;
            if (v + alen > end) {
                return null;
            }
            if (type == 0x0006) {
                for (int k = v; k < v + alen; k++) {
                    if (b[k] == ':') {
                        return new String(b, v, k - v, StandardCharsets.US_ASCII);
                    }
                }
                return null;
            }
            i = v + ((alen + 3) & ~3);
        }
        return null;
    }

    private static String txKey(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(24);
        for (int i = off + 8; i < off + 20; i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    long unknownUfrag() {
        return unknownUfrag;
    }

    long unknownSender() {
        return unknownSender;
    }

    long unknownTransaction() {
        return unknownTransaction;
    }

    long staleRefused() {
        return staleRefused;
    }

    long indications() {
        return indications;
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        for (PortSocket s : byUfrag.values()) {
            s.close();
        }
    }

    /**
     * A remote transport address as a {@link #byRemote} key. The reader looks senders up with one
     * reused instance, so the media path allocates nothing ({@link DatagramPacket#getSocketAddress}
     * would allocate per datagram); keys stored in the map are never changed.
     */
    static final class Remote {
        private InetAddress address;
        private int port;

        Remote set(InetAddress a, int p) {
            address = a;
            port = p;
            return this;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Remote r && r.port == port && r.address.equals(address);
        }

        @Override
        public int hashCode() {
            return address.hashCode() * 31 + port;
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }
}
