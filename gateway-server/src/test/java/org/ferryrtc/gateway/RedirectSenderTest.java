package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-connection redirect socket: what is sent arrives byte for byte; refusals are reported, not thrown. */
class RedirectSenderTest {
    @Test
    void sendsEachDatagramFromOneLazilyOpenedLoopbackSocket() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DatagramChannel rx = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
                RedirectSender s = new RedirectSender(lo)) {
            rx.configureBlocking(true);
            InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
            assertEquals(0, s.openSockets(), "no socket before the first datagram");
            Random r = new Random(3);
            ByteBuffer in = ByteBuffer.allocate(4096);
            int port = -1;
            for (int i = 0; i < 20; i++) {
                int len = 1 + r.nextInt(1500);
                byte[] b = new byte[len + 40];
                r.nextBytes(b);
                assertTrue(s.send(b, 17, len, to));
                in.clear();
                InetSocketAddress from = (InetSocketAddress) rx.receive(in);
                assertNotNull(from);
                if (port < 0) {
                    port = from.getPort();
                }
                assertEquals(port, from.getPort(), "one socket for the target");
                assertEquals(1, s.openSockets());
                in.flip();
                byte[] got = new byte[in.remaining()];
                in.get(got);
                assertArrayEquals(Arrays.copyOfRange(b, 17, 17 + len), got);
            }
        }
    }

    @Test
    void refusesOversizeAndAfterCloseWithoutThrowing() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        InetSocketAddress to = new InetSocketAddress(lo, 9);
        RedirectSender s = new RedirectSender(lo);
        assertFalse(s.send(new byte[RedirectSender.MAX_DATAGRAM + 1], 0, RedirectSender.MAX_DATAGRAM + 1, to));
        assertTrue(s.send(new byte[100], 0, 100, to));
        s.close();
        assertFalse(s.send(new byte[100], 0, 100, to), "closed: refused");
        RedirectSender never = new RedirectSender(lo);
        never.close();
        assertFalse(never.send(new byte[10], 0, 10, to), "closed before the first send: no socket opened");
        assertEquals(0, never.openSockets());
    }

    @Test
    void eachTargetGetsItsOwnSocketAndTheRestShareOne() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int targets = RedirectSender.MAX_TARGETS + 2;
        DatagramChannel[] rx = new DatagramChannel[targets];
        try (RedirectSender s = new RedirectSender(lo)) {
            for (int t = 0; t < targets; t++) {
                rx[t] = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
            }
            ByteBuffer in = ByteBuffer.allocate(2048);
            int[] ports = new int[targets];
            for (int round = 0; round < 3; round++) {
                for (int t = 0; t < targets; t++) {
                    byte[] b = {(byte) t, (byte) round, 42};
                    // a fresh but equal address object each time: matched by value, not identity
                    InetSocketAddress to = new InetSocketAddress(lo, ((InetSocketAddress) rx[t].getLocalAddress()).getPort());
                    assertTrue(s.send(b, 0, 3, to));
                    in.clear();
                    InetSocketAddress from = (InetSocketAddress) rx[t].receive(in);
                    assertEquals(3, in.position());
                    assertEquals(t, in.get(0), "arrived at its own target");
                    assertEquals(round, in.get(1));
                    if (round == 0) {
                        ports[t] = from.getPort();
                    } else {
                        assertEquals(ports[t], from.getPort(), "same socket for the same target");
                    }
                }
            }
            assertEquals(RedirectSender.MAX_TARGETS + 1, s.openSockets(), "one per target, one shared for the rest");
            assertEquals(ports[RedirectSender.MAX_TARGETS], ports[RedirectSender.MAX_TARGETS + 1], "the overflow targets share");
        } finally {
            for (DatagramChannel c : rx) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aTargetNobodyListensOnStillGetsEveryDatagram() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        InetSocketAddress to = (InetSocketAddress) gone.getLocalAddress();
        gone.close(); // port unreachable: each datagram draws an ICMP error onto the connected socket
        try (RedirectSender s = new RedirectSender(lo)) {
            for (int i = 0; i < 10; i++) {
                assertTrue(s.send(new byte[] {1, 2, 3}, 0, 3, to), "datagram " + i + " sent despite the earlier ICMP error");
            }
        }
    }
}
