package org.ferryrtc.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A STUN server written by hand for unit tests: answers every Binding request (RFC 8489 §6.3.1)
 * with a success response carrying the sender's address in XOR-MAPPED-ADDRESS (§14.2), from one
 * daemon thread, until closed. Anything else is ignored.
 *
 * <pre>
 *  STUN header (RFC 8489 §5):    type(2) length(2) magic cookie(4) transaction id(12)
 *  XOR-MAPPED-ADDRESS (0x0020):  0(1) family(1) port^0x2112(2) IPv4^cookie(4)
 * </pre>
 */
final class FakeStunServer implements AutoCloseable {
    private static final int COOKIE = 0x2112A442;
    private final DatagramSocket socket;
    /** Binding requests answered. */
    final AtomicInteger answered = new AtomicInteger();

    FakeStunServer(InetAddress address) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        Thread t = new Thread(this::serve, "fake-stun");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setData(buf, 0, buf.length);
                socket.receive(p);
                if (p.getLength() < 20 || buf[0] != 0 || buf[1] != 1 || ByteBuffer.wrap(buf, 4, 4).getInt() != COOKIE) {
                    continue;
                }
                InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                ByteBuffer r = ByteBuffer.allocate(32);
                r.putShort((short) 0x0101).putShort((short) 12).putInt(COOKIE).put(buf, 8, 12);
                r.putShort((short) 0x0020).putShort((short) 8).put((byte) 0).put((byte) 1)
                        .putShort((short) (from.getPort() ^ 0x2112))
                        .putInt(ByteBuffer.wrap(from.getAddress().getAddress()).getInt() ^ COOKIE);
                socket.send(new DatagramPacket(r.array(), r.capacity(), from));
                answered.incrementAndGet();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
