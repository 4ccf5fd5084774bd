package org.ferryrtc.bench.gateway;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/**
 * The socket call of the redirect path alone: thread CPU time and allocated bytes per 1,200-byte
 * loopback datagram sent to a socket that another thread reads (as ffmpeg would), for the ways a
 * gateway can write it:
 * <ol>
 *   <li>a shared blocking {@code DatagramChannel}, {@code send(ByteBuffer.wrap(heap array), target)}
 *       (what the gateway did before {@code RedirectSender});</li>
 *   <li>a non-blocking channel, one reused direct buffer, {@code send(buffer, target)}
 *       ({@code RedirectSender});</li>
 *   <li>the same, connected to the target, {@code write(buffer)}.</li>
 * </ol>
 * On loopback the sender's CPU time includes the kernel's delivery into the receiving socket.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.ferryrtc.bench.gateway.RedirectSendCpuTime [rounds]}
 */
public final class RedirectSendCpuTime {
    private static final int BATCH = 20_000;

    private RedirectSendCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        DatagramChannel rx = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        rx.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
        Thread reader = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            try {
                while (true) {
                    b.clear();
                    rx.receive(b);
                }
            } catch (java.io.IOException e) {
                // closed at exit
            }
        }, "reader");
        reader.setDaemon(true);
        reader.start();
        DatagramChannel shared = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        DatagramChannel nonBlocking = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        nonBlocking.configureBlocking(false);
        DatagramChannel connected = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        connected.configureBlocking(false);
        connected.connect(to);
        String[] names = {"blocking, heap array wrapped per send, send(to)", "non-blocking, reused direct buffer, send(to)",
                "non-blocking, reused direct buffer, connected write"};
        byte[] pkt = new byte[1200];
        ByteBuffer direct = ByteBuffer.allocateDirect(2048);
        long tid = Thread.currentThread().getId();
        System.out.println("| way | round | CPU us/send | B/send | not sent |");
        System.out.println("|---|---|---|---|---|");
        for (int round = 0; round < rounds + 3; round++) {
            for (int mode = 0; mode < 3; mode++) {
                long a0 = mx.getThreadAllocatedBytes(tid);
                long t0 = mx.getCurrentThreadCpuTime();
                int notSent = 0;
                for (int i = 0; i < BATCH; i++) {
                    int n;
                    if (mode == 0) {
                        n = shared.send(ByteBuffer.wrap(pkt, 0, pkt.length), to);
                    } else {
                        direct.clear();
                        direct.put(pkt, 0, pkt.length).flip();
                        n = mode == 1 ? nonBlocking.send(direct, to) : connected.write(direct);
                    }
                    if (n != pkt.length) {
                        notSent++;
                    }
                }
                long t1 = mx.getCurrentThreadCpuTime();
                long a1 = mx.getThreadAllocatedBytes(tid);
                if (round >= 3) { // after JIT warm-up
                    System.out.println(String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f | %d |", names[mode], round - 3,
                            (t1 - t0) / 1e3 / BATCH, (a1 - a0) / (double) BATCH, notSent));
                }
                Thread.sleep(20); // let the reader drain
            }
        }
        rx.close();
    }
}
