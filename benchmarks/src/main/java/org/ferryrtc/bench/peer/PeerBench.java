package org.ferryrtc.bench.peer;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PeerConnection benchmark: two FerryRTC peers on loopback (standalone ICE on 127.0.0.1),
 * measuring sequential set-ups per second, DataChannel bulk throughput (64 KiB and 16 KiB
 * messages) and memory per idle connected pair. Prints a Markdown table and writes JSON.
 * See README.md next to this class.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.ferryrtc.bench.peer.PeerBench \
 *     [--setups 40] [--warmup 15] [--mb 256] [--runs 3] [--pairs 100] [--idle-ms 2000] [--only setup,throughput,memory]
 *     [--out benchmarks/results/peerbench-TIMESTAMP.json]
 * </pre>
 */
public final class PeerBench {
    /** The targets of the PeerConnection issue (each beats the best stack measured on such a machine). */
    static final double TARGET_SETUPS_PER_SECOND = 600;
    static final double TARGET_MB_PER_SECOND_64K = 150;
    static final double TARGET_BYTES_PER_IDLE_PAIR = 400_000;

    private PeerBench() {
    }

    public static void main(String[] args) throws Exception {
        int setups = 40;
        int warmup = 15;
        long mb = 256;
        int pairs = 100;
        int runs = 3;
        long idleMillis = 2000;
        String only = "setup,throughput,memory";
        String out = "benchmarks/results/peerbench-" + Instant.now().toString().replaceAll("[-:]|\\.\\d+", "") + ".json";
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--setups" -> setups = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--mb" -> mb = Long.parseLong(v);
                case "--pairs" -> pairs = Integer.parseInt(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--idle-ms" -> idleMillis = Long.parseLong(v);
                case "--only" -> only = v;
                case "--out" -> out = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--setups --warmup --mb --runs --pairs --idle-ms --only --out)");
            }
            i++;
        }
        // ice4j logs several INFO lines per connection on the console: that would be measured too
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        if (setups < 1 || warmup < 0 || mb < 1 || runs < 1 || pairs < 1 || idleMillis < 0) {
            throw new IllegalArgumentException("counts must be positive");
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "PeerBench: %d CPUs, load average %.2f, %s %s, max heap %d MB%n", cpus, load,
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);

        List<PeerMeasurements.SetupResult> setupResults = new ArrayList<>();
        List<PeerMeasurements.ThroughputResult> tputResults = new ArrayList<>();
        PeerMeasurements.MemoryResult memory = null;
        if (only.contains("setup")) {
            setupResults.add(PeerMeasurements.setups(warmup, setups, true));
            setupResults.add(PeerMeasurements.setups(warmup / 2, setups, false));
        }
        if (only.contains("throughput")) {
            for (int size : new int[] {64 * 1024, 16 * 1024}) {
                tputResults.add(PeerMeasurements.throughput(size, mb * 1_000_000, mb * 1_000_000, runs));
            }
        }
        if (only.contains("memory")) {
            memory = PeerMeasurements.memory(pairs, idleMillis);
        }
        print(setupResults, tputResults, memory);
        String json = json(cpus, load, setupResults, tputResults, memory);
        Path p = Path.of(out);
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        Files.writeString(p, json, StandardCharsets.UTF_8);
        System.out.println("results: " + p);
        System.exit(0); // daemon threads of ice4j's shared pools
    }

    private static void print(List<PeerMeasurements.SetupResult> setups, List<PeerMeasurements.ThroughputResult> tput,
            PeerMeasurements.MemoryResult memory) {
        System.out.println();
        System.out.println("| measurement | result | target | met |");
        System.out.println("|---|---|---|---|");
        for (PeerMeasurements.SetupResult s : setups) {
            System.out.println(f("| sequential set-ups/s (%s, %d ops) | %.1f (median %.1f ms, p90 %.1f ms, CPU %.1f ms/op) | >= %.0f | %s |",
                    s.variant(), s.ops(), s.opsPerSecond(), s.medianMs(), s.p90Ms(), s.cpuMsPerOp(),
                    TARGET_SETUPS_PER_SECOND, yes(s.opsPerSecond() >= TARGET_SETUPS_PER_SECOND)));
        }
        for (PeerMeasurements.ThroughputResult t : tput) {
            boolean has = t.messageSize() == 64 * 1024;
            System.out.println(f("| DataChannel throughput, %d KiB messages (%.0f MB, median of %d) | %.1f MB/s (%.1f-%.1f), %.4f CPU s/MB, %.1f B allocated/B | %s | %s |",
                    t.messageSize() / 1024, t.bytes() / 1e6, t.runs(), t.mbPerSecond(), t.minMbPerSecond(),
                    t.maxMbPerSecond(), t.cpuSecondsPerMb(), t.allocatedBytesPerByte(),
                    has ? f(">= %.0f MB/s", TARGET_MB_PER_SECOND_64K) : "-",
                    has ? yes(t.mbPerSecond() >= TARGET_MB_PER_SECOND_64K) : "-"));
        }
        if (memory != null) {
            System.out.println(f("| heap per idle connected pair (%d pairs) | %.0f KB (RSS %.0f KB, %.1f threads) | <= %.0f KB | %s |",
                    memory.pairs(), memory.heapBytesPerPair() / 1000, memory.rssBytesPerPair() / 1000,
                    memory.threadsPerPair(), TARGET_BYTES_PER_IDLE_PAIR / 1000,
                    yes(memory.heapBytesPerPair() <= TARGET_BYTES_PER_IDLE_PAIR)));
        }
        if (!setups.isEmpty()) {
            System.out.println();
            System.out.println("| set-up phase (median ms) | create + offer/answer | ICE | DTLS | SCTP + DCEP open | close |");
            System.out.println("|---|---|---|---|---|---|");
            for (PeerMeasurements.SetupResult s : setups) {
                System.out.println(f("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |", s.variant(), s.negotiateMs(), s.iceMs(),
                        s.dtlsMs(), s.sctpOpenMs(), s.closeMs()));
            }
        }
        for (PeerMeasurements.ThroughputResult t : tput) {
            System.out.println();
            System.out.println(f("| CPU s/MB by thread, %d KiB messages | s/MB |", t.messageSize() / 1024));
            System.out.println("|---|---|");
            for (Map.Entry<String, Double> e : t.cpuSecondsPerMbByThread().entrySet()) {
                System.out.println(f("| %s | %.5f |", e.getKey(), e.getValue()));
            }
            System.out.println("transport during the transfer (a sends, b receives): " + t.transport());
        }
        if (memory != null) {
            System.out.println();
            System.out.println("| threads per idle pair, by name | threads |");
            System.out.println("|---|---|");
            for (Map.Entry<String, Double> e : memory.threadsPerPairByGroup().entrySet()) {
                System.out.println(f("| %s | %.2f |", e.getKey(), e.getValue()));
            }
            System.out.println(f("(heap left after closing all pairs: %.1f KB per pair)",
                    memory.heapBytesLeftAfterClosePerPair() / 1000));
        }
    }

    private static String yes(boolean met) {
        return met ? "yes" : "NO";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String json(int cpus, double load, List<PeerMeasurements.SetupResult> setups,
            List<PeerMeasurements.ThroughputResult> tput, PeerMeasurements.MemoryResult memory) {
        StringBuilder b = new StringBuilder();
        b.append(f("{\n  \"cpus\": %d,\n  \"loadAverage\": %.2f,\n  \"java\": \"%s\",\n", cpus, load,
                System.getProperty("java.version")));
        b.append("  \"setups\": [");
        for (int i = 0; i < setups.size(); i++) {
            PeerMeasurements.SetupResult s = setups.get(i);
            b.append(i == 0 ? "\n" : ",\n").append(f("    {\"variant\": \"%s\", \"ops\": %d, \"seconds\": %.3f, "
                    + "\"opsPerSecond\": %.2f, \"cpuMsPerOp\": %.3f, \"medianMs\": %.3f, \"p90Ms\": %.3f, "
                    + "\"phasesMedianMs\": {\"createAndOfferAnswer\": %.3f, \"ice\": %.3f, \"dtls\": %.3f, "
                    + "\"sctpAndDcepOpen\": %.3f, \"close\": %.3f}, \"target\": %.0f}",
                    s.variant(), s.ops(), s.seconds(), s.opsPerSecond(), s.cpuMsPerOp(), s.medianMs(), s.p90Ms(),
                    s.negotiateMs(), s.iceMs(), s.dtlsMs(), s.sctpOpenMs(), s.closeMs(), TARGET_SETUPS_PER_SECOND));
        }
        b.append("\n  ],\n  \"throughput\": [");
        for (int i = 0; i < tput.size(); i++) {
            PeerMeasurements.ThroughputResult t = tput.get(i);
            b.append(i == 0 ? "\n" : ",\n").append(f("    {\"messageSize\": %d, \"bytes\": %d, \"seconds\": %.3f, "
                    + "\"mbPerSecond\": %.2f, \"minMbPerSecond\": %.2f, \"maxMbPerSecond\": %.2f, \"runs\": %d, "
                    + "\"cpuSecondsPerMb\": %.5f, \"allocatedBytesPerByte\": %.2f, \"cpuSecondsPerMbByThread\": {",
                    t.messageSize(), t.bytes(), t.seconds(), t.mbPerSecond(), t.minMbPerSecond(), t.maxMbPerSecond(),
                    t.runs(), t.cpuSecondsPerMb(), t.allocatedBytesPerByte()));
            boolean first = true;
            for (Map.Entry<String, Double> e : t.cpuSecondsPerMbByThread().entrySet()) {
                b.append(first ? "" : ", ").append(f("\"%s\": %.5f", esc(e.getKey()), e.getValue()));
                first = false;
            }
            b.append("}, \"transport\": {");
            first = true;
            for (Map.Entry<String, Long> e : t.transport().entrySet()) {
                b.append(first ? "" : ", ").append(f("\"%s\": %d", e.getKey(), e.getValue()));
                first = false;
            }
            b.append("}").append(t.messageSize() == 64 * 1024 ? f(", \"target\": %.0f}", TARGET_MB_PER_SECOND_64K) : "}");
        }
        b.append("\n  ]");
        if (memory != null) {
            b.append(f(",\n  \"memory\": {\"pairs\": %d, \"heapBytesPerPair\": %.0f, \"rssBytesPerPair\": %.0f, "
                    + "\"threadsPerPair\": %.2f, \"heapBytesLeftAfterClosePerPair\": %.0f, \"target\": %.0f, "
                    + "\"threadsPerPairByName\": {", memory.pairs(), memory.heapBytesPerPair(), memory.rssBytesPerPair(),
                    memory.threadsPerPair(), memory.heapBytesLeftAfterClosePerPair(), TARGET_BYTES_PER_IDLE_PAIR));
            boolean first = true;
            for (Map.Entry<String, Double> e : memory.threadsPerPairByGroup().entrySet()) {
                b.append(first ? "" : ", ").append(f("\"%s\": %.2f", esc(e.getKey()), e.getValue()));
                first = false;
            }
            b.append("}}");
        }
        b.append("\n}\n");
        return b.toString();
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
