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
            assertEquals(-1, s.localPort(), "no socket before the first datagram");
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
                assertEquals(port, from.getPort(), "one socket for the connection");
                assertEquals(s.localPort(), from.getPort());
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
        assertEquals(-1, never.localPort());
    }
}
