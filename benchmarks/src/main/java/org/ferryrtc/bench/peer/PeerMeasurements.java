package org.ferryrtc.bench.peer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerDataChannel;

/**
 * The three PeerConnection measurements of {@link PeerBench}: sequential set-ups, DataChannel
 * bulk throughput, and memory per idle connected pair. Times are System.nanoTime; MB is 10^6
 * bytes; CPU is process CPU time (all threads, GC and JIT included) unless said otherwise.
 */
final class PeerMeasurements {
    static final long TIMEOUT_MILLIS = 20_000;
    /** Sender pauses above this many buffered bytes ... */
    static final long HIGH_WATER = 4L << 20;
    /** ... and resumes on the low-water event at this many. */
    static final long LOW_WATER = 1L << 20;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private PeerMeasurements() {
    }

    /** Medians (ms) of each phase of a set-up, and the overall rate. */
    record SetupResult(String variant, int ops, double seconds, double opsPerSecond, double cpuMsPerOp,
            double medianMs, double p90Ms, double negotiateMs, double iceMs, double dtlsMs, double sctpOpenMs,
            double closeMs) {
    }

    /**
     * {@code ops} sequential set-ups after {@code warmup} unmeasured ones: create both peers,
     * offer/answer, ICE, DTLS, SCTP, DataChannel open on both sides, then close both.
     * {@code freshCertificates}: each connection generates its own ECDSA certificate
     * ({@code PeerConfig.freshCertificate}); otherwise both use the default, the process-wide one.
     */
    static SetupResult setups(int warmup, int ops, boolean freshCertificates) throws Exception {
        PeerConfig ca = BenchPair.config(null, freshCertificates);
        PeerConfig cb = BenchPair.config(null, freshCertificates);
        for (int i = 0; i < warmup; i++) {
            BenchPair.connect(ca, cb, TIMEOUT_MILLIS).close();
        }
        double[] total = new double[ops];
        double[] neg = new double[ops];
        double[] ice = new double[ops];
        double[] dtls = new double[ops];
        double[] sctp = new double[ops];
        double[] close = new double[ops];
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            BenchPair p = BenchPair.connect(ca, cb, TIMEOUT_MILLIS);
            long c0 = System.nanoTime();
            p.close();
            long end = System.nanoTime();
            long opened = Math.max(p.tOpenA, p.tOpenB);
            total[i] = ms(end - p.tStart);
            neg[i] = ms(p.tNegotiated - p.tStart);
            ice[i] = ms(p.tIceA - p.tNegotiated);
            dtls[i] = ms(p.tDtlsA - p.tIceA);
            sctp[i] = ms(opened - p.tDtlsA);
            close[i] = ms(end - c0);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6 / ops;
        return new SetupResult(freshCertificates ? "fresh certificate" : "process certificate (default)", ops, seconds,
                ops / seconds, cpuMs, pct(total, 50), pct(total, 90), pct(neg, 50), pct(ice, 50), pct(dtls, 50),
                pct(sctp, 50), pct(close, 50));
    }

    /** Bulk transfers over one DataChannel: the median run (by MB/s) of {@code runs}, with the range. */
    record ThroughputResult(int messageSize, long bytes, double seconds, double mbPerSecond, double minMbPerSecond,
            double maxMbPerSecond, int runs, double cpuSecondsPerMb, double allocatedBytesPerByte, Map<String, Double> cpuSecondsPerMbByThread,
            Map<String, Long> transport) {
    }

    /**
     * Sends {@code bytes} (rounded down to whole messages) of {@code size}-byte binary messages
     * from a to b on one connected pair, {@code runs} times, after a warm-up transfer of {@code warmupBytes}. The
     * sender keeps the buffered amount under {@link #HIGH_WATER} and resumes on the low-water
     * event; the clock stops when b has received every byte.
     */
    static ThroughputResult throughput(int size, long bytes, long warmupBytes, int runs) throws Exception {
        try (BenchPair p = BenchPair.connect(BenchPair.config(null), BenchPair.config(null), TIMEOUT_MILLIS)) {
            p.fromA.setBufferedAmountLowThreshold(LOW_WATER);
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 0x5a);
            transfer(p, payload, warmupBytes / size);
            List<ThroughputResult> all = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                all.add(measureTransfer(p, payload, bytes / size));
            }
            all.sort(java.util.Comparator.comparingDouble(ThroughputResult::mbPerSecond));
            ThroughputResult m = all.get(all.size() / 2);
            return new ThroughputResult(m.messageSize(), m.bytes(), m.seconds(), m.mbPerSecond(),
                    all.get(0).mbPerSecond(), all.get(all.size() - 1).mbPerSecond(), runs, m.cpuSecondsPerMb(),
                    m.allocatedBytesPerByte(), m.cpuSecondsPerMbByThread(), m.transport());
        }
    }

    /** One measured transfer of {@code n} messages on a connected pair. */
    private static ThroughputResult measureTransfer(BenchPair p, byte[] payload, long n) throws Exception {
        int size = payload.length;
        Map<String, Long> thread0 = cpuByThreadGroup();
        Map<String, Long> a0 = p.a.stats().transport();
        Map<String, Long> b0 = p.b.stats().transport();
        long rcvbuf0 = udpRcvbufErrors();
        long alloc0 = allocatedBytes();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        transfer(p, payload, n);
        long allocated = allocatedBytes() - alloc0;
        long rcvbufErrors = udpRcvbufErrors() - rcvbuf0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpu0) / 1e9;
        Map<String, Long> thread1 = cpuByThreadGroup();
        double mb = n * size / 1e6;
        Map<String, Double> perThread = new TreeMap<>();
        double javaThreads = 0;
        for (Map.Entry<String, Long> e : thread1.entrySet()) {
            double s = (e.getValue() - thread0.getOrDefault(e.getKey(), 0L)) / 1e9;
            javaThreads += s;
            if (s > 0.0005) {
                perThread.put(e.getKey(), s / mb);
            }
        }
        perThread.put("(GC, JIT, other non-Java threads)", Math.max(0, cpu - javaThreads) / mb);
        Map<String, Long> transport = transportDelta(a0, p.a.stats().transport(), b0, p.b.stats().transport());
        transport.put("kernel.udpRcvbufErrors", rcvbufErrors);
        return new ThroughputResult(size, n * size, seconds, mb / seconds, mb / seconds, mb / seconds, 1, cpu / mb,
                allocated / (double) (n * size), perThread, transport);
    }

    /** Counters that tell loss and retransmission apart from slowness: sender a, receiver b, during the transfer. */
    private static Map<String, Long> transportDelta(Map<String, Long> a0, Map<String, Long> a1, Map<String, Long> b0,
            Map<String, Long> b1) {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("a.datagramsOut", d(a0, a1, "datagramsOut"));
        m.put("b.datagramsIn", d(b0, b1, "datagramsIn"));
        m.put("b.datagramsOut", d(b0, b1, "datagramsOut"));
        m.put("a.datagramsIn", d(a0, a1, "datagramsIn"));
        m.put("a.sctpRetransmissions", d(a0, a1, "sctpRetransmissions"));
        m.put("a.sctpT3Expiries", d(a0, a1, "sctpT3Expiries"));
        m.put("b.sctpDataDroppedNoBuffer", d(b0, b1, "sctpDataDroppedNoBuffer"));
        m.put("a.sendErrors", d(a0, a1, "sendErrors"));
        m.put("a.dataChannelSendFailures", d(a0, a1, "dataChannelSendFailures"));
        return m;
    }

    private static long d(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    private static void transfer(BenchPair p, byte[] payload, long messages) throws Exception {
        if (messages == 0) {
            return;
        }
        long expected = messages * payload.length;
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong corrupt = new AtomicLong();
        byte fill = payload[0];
        p.sinkB = d -> {
            if (d.length != payload.length || d[0] != fill || d[d.length / 2] != fill || d[d.length - 1] != fill) {
                corrupt.incrementAndGet();
            }
            if (received.addAndGet(d.length) >= expected) {
                done.countDown();
            }
        };
        PeerDataChannel ch = p.fromA;
        long sent = 0;
        while (sent < messages) {
            p.lowA.drainPermits();
            long buffered = ch.bufferedAmount();
            if (buffered + payload.length > HIGH_WATER) {
                if (!p.lowA.tryAcquire(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || p.failure() != null) {
                    throw new IllegalStateException("no low-water event; buffered " + buffered + ", " + p.failure());
                }
                continue;
            }
            long room = (HIGH_WATER - buffered) / payload.length;
            for (long k = 0; k < room && sent < messages; k++, sent++) {
                if (!ch.send(payload)) {
                    throw new IllegalStateException("channel not open: " + ch);
                }
            }
        }
        if (!done.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("received " + received.get() + " of " + expected + " bytes");
        }
        if (corrupt.get() != 0) {
            throw new IllegalStateException(corrupt.get() + " messages arrived with the wrong size or content");
        }
        if (received.get() != expected) {
            throw new IllegalStateException("received " + received.get() + " bytes, expected " + expected);
        }
    }

    /** Heap and threads of idle connected pairs. */
    record MemoryResult(int pairs, double heapBytesPerPair, double rssBytesPerPair, double threadsPerPair,
            Map<String, Double> threadsPerPairByGroup, double heapBytesLeftAfterClosePerPair) {
    }

    /** Connects {@code pairs} pairs, lets them idle for {@code idleMillis}, and measures heap, RSS and threads. */
    static MemoryResult memory(int pairs, long idleMillis) throws Exception {
        BenchPair.connect(BenchPair.config(null), BenchPair.config(null), TIMEOUT_MILLIS).close(); // class loading
        settle(idleMillis);
        long heap0 = heapUsed();
        long rss0 = rss();
        Map<String, Integer> threads0 = threadsByGroup();
        List<BenchPair> live = new ArrayList<>();
        try {
            for (int i = 0; i < pairs; i++) {
                live.add(BenchPair.connect(BenchPair.config(null), BenchPair.config(null), TIMEOUT_MILLIS));
            }
            settle(idleMillis);
            for (BenchPair p : live) {
                if (p.failure() != null) {
                    throw new IllegalStateException("an idle pair failed: " + p.failure());
                }
            }
            long heap1 = heapUsed();
            long rss1 = rss();
            Map<String, Integer> threads1 = threadsByGroup();
            Map<String, Double> perGroup = new TreeMap<>();
            int total = 0;
            for (Map.Entry<String, Integer> e : threads1.entrySet()) {
                int d = e.getValue() - threads0.getOrDefault(e.getKey(), 0);
                total += d;
                if (d != 0) {
                    perGroup.put(e.getKey(), d / (double) pairs);
                }
            }
            for (BenchPair p : live) {
                p.close();
            }
            live.clear();
            settle(idleMillis);
            long heap2 = heapUsed();
            return new MemoryResult(pairs, (heap1 - heap0) / (double) pairs,
                    rss0 < 0 ? -1 : (rss1 - rss0) / (double) pairs, total / (double) pairs, perGroup,
                    (heap2 - heap0) / (double) pairs);
        } finally {
            for (BenchPair p : live) {
                p.close();
            }
        }
    }

    /** Several System.gc() with pauses, so that finalization and timers settle. */
    private static void settle(long millis) throws InterruptedException {
        long step = Math.max(50, millis / 5);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(step);
        }
        System.gc();
    }

    private static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /**
     * Datagrams the kernel dropped because a UDP socket's receive buffer was full
     * ({@code RcvbufErrors} in /proc/net/snmp; the whole network namespace, not only this process),
     * or -1 where unavailable.
     */
    private static long udpRcvbufErrors() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    int k = names.indexOf("RcvbufErrors");
                    return k < 0 ? -1 : Long.parseLong(values[k]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Resident set size from /proc/self/status (Linux), or -1. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A thread's name with per-connection parts (numbers, ICE ufrags) removed. */
    static String group(String name) {
        if (name.startsWith("ice-reader-")) {
            return "ice-reader-*";
        }
        if (name.startsWith("IceConnector@")) {
            return "ice4j IceConnector@*";
        }
        if (name.startsWith("MergingDatagramSocket reader thread")) {
            return "ice4j MergingDatagramSocket reader";
        }
        return name.replace("ice4j", "ice_j").replaceAll("\\d+", "#").replace("ice_j", "ice4j");
    }

    private static Map<String, Integer> threadsByGroup() {
        Map<String, Integer> m = new HashMap<>();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null) {
                m.merge(group(t.getThreadName()), 1, Integer::sum);
            }
        }
        return m;
    }

    /** Bytes allocated so far by all live Java threads (HotSpot's per-thread TLAB accounting). */
    private static long allocatedBytes() {
        if (!(THREADS instanceof com.sun.management.ThreadMXBean hs)) {
            return 0;
        }
        long sum = 0;
        for (long a : hs.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    private static Map<String, Long> cpuByThreadGroup() {
        Map<String, Long> m = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu > 0) {
                m.merge(group(infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        return m;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The {@code p}-th percentile (nearest rank) of {@code v}. */
    static double pct(double[] v, int p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
