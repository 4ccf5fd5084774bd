package org.ferryrtc.ice;

import org.ferryrtc.testkit.StunProbe;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A TURN server written by hand for unit tests, driven step by step from the test's thread (no
 * thread of its own): it receives one datagram at a time and the test decides the answer. It
 * speaks just enough of RFC 8656 for ice4j's TURN client without authentication: an Allocate
 * success (§7.3: XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS, LIFETIME), empty successes to other
 * requests, Data indications (§11.4) towards the client, and reads Send indications (§11.3) and
 * ChannelData (§12.4) from it.
 *
 * <pre>
 *  STUN header (RFC 8489 §5):   type(2) length(2) magic cookie(4) transaction id(12)
 *  XOR address (RFC 8489 §14.2): 0(1) family(1) port^0x2112(2) IPv4^cookie(4)
 *  ChannelData (RFC 8656 §12.4): channel(2) length(2) data
 * </pre>
 */
final class FakeTurnServer implements AutoCloseable {
    static final int XOR_PEER_ADDRESS = 0x0012;
    static final int DATA = 0x0013;
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int LIFETIME = 0x000D;
    private static final int COOKIE = 0x2112A442;

    /** One datagram the server received. */
    record Received(byte[] bytes, InetSocketAddress from) {
        boolean isStun() {
            return bytes.length >= 20 && (bytes[0] & 0xC0) == 0 && ByteBuffer.wrap(bytes, 4, 4).getInt() == COOKIE;
        }

        boolean isChannelData() {
            return bytes.length >= 4 && (bytes[0] & 0xC0) == 0x40;
        }

        int type() {
            return StunProbe.type(bytes);
        }

        /** A STUN attribute's value, or null. */
        byte[] attribute(int type) {
            return FakeTurnServer.attribute(bytes, type);
        }

        /** What the client relays: the DATA of a Send indication or a ChannelData's payload, else null. */
        byte[] relayed() {
            if (isChannelData()) {
                int len = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
                return Arrays.copyOfRange(bytes, 4, 4 + Math.min(len, bytes.length - 4));
            }
            return isStun() && type() == 0x0016 ? attribute(DATA) : null;
        }
    }

    private final DatagramSocket socket;

    FakeTurnServer(InetAddress address) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The next datagram, waiting at most {@code millis}; null when none came. */
    Received receive(int millis) throws IOException {
        socket.setSoTimeout(millis);
        DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
        try {
            socket.receive(p);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
        return new Received(Arrays.copyOf(p.getData(), p.getLength()), (InetSocketAddress) p.getSocketAddress());
    }

    /** Answers a request with a success response of its method carrying {@code attributes}. */
    void succeed(Received request, byte[]... attributes) throws IOException {
        byte[] id = Arrays.copyOfRange(request.bytes(), 8, 20);
        send(message(request.type() | 0x0100, id, attributes), request.from());
    }

    /** Answers an Allocate request (RFC 8656 §7.3) with the relayed address {@code relayed}. */
    void allocate(Received request, InetSocketAddress relayed) throws IOException {
        byte[] id = Arrays.copyOfRange(request.bytes(), 8, 20);
        send(message(0x0103, id, xorAddress(XOR_RELAYED_ADDRESS, relayed), xorAddress(XOR_MAPPED_ADDRESS, request.from()),
                attribute(LIFETIME, ByteBuffer.allocate(4).putInt(600).array())), request.from());
    }

    /** A Data indication (RFC 8656 §11.4) to the client: {@code data} from the peer {@code peer}. */
    void dataIndication(InetSocketAddress client, InetSocketAddress peer, byte[] data) throws IOException {
        byte[] id = new byte[12];
        new java.util.SplittableRandom(Arrays.hashCode(data)).nextBytes(id);
        send(message(0x0017, id, xorAddress(XOR_PEER_ADDRESS, peer), attribute(DATA, data)), client);
    }

    private void send(byte[] m, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(m, m.length, to));
    }

    static byte[] message(int type, byte[] id, byte[]... attributes) {
        int len = 0;
        for (byte[] a : attributes) {
            len += a.length;
        }
        ByteBuffer b = ByteBuffer.allocate(20 + len);
        b.putShort((short) type).putShort((short) len).putInt(COOKIE).put(id);
        for (byte[] a : attributes) {
            b.put(a);
        }
        return b.array();
    }

    static byte[] attribute(int type, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + ((value.length + 3) & ~3));
        b.putShort((short) type).putShort((short) value.length).put(value);
        return b.array();
    }

    static byte[] xorAddress(int type, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress(); // IPv4 only: the tests run on 127.0.0.1
        ByteBuffer v = ByteBuffer.allocate(8);
        v.put((byte) 0).put((byte) 1).putShort((short) (a.getPort() ^ 0x2112)).putInt(ByteBuffer.wrap(ip).getInt() ^ COOKIE);
        return attribute(type, v.array());
    }

    static byte[] attribute(byte[] m, int type) {
        int end = Math.min(m.length, 20 + (((m[2] & 0xFF) << 8) | (m[3] & 0xFF)));
        for (int i = 20; i + 4 <= end; ) {
            int t = ((m[i] & 0xFF) << 8) | (m[i + 1] & 0xFF);
            int l = ((m[i + 2] & 0xFF) << 8) | (m[i + 3] & 0xFF);
            if (i + 4 + l > end) {
                return null;
            }
            if (t == type) {
                return Arrays.copyOfRange(m, i + 4, i + 4 + l);
            }
            i += 4 + ((l + 3) & ~3);
        }
        return null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
