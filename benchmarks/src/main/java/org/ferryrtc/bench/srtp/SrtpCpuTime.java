package org.ferryrtc.bench.srtp;

import static org.ferryrtc.bench.CpuTime.measure;
import static org.ferryrtc.bench.CpuTime.median;

import org.ferryrtc.bench.CpuTime.Op;
import java.util.Locale;

/**
 * A load-tolerant companion to {@link SrtpBenchmark}: on a shared machine JMH's wall-clock
 * throughput mostly measures the neighbours. This runner calls the same benchmark methods,
 * interleaving ours and the ceiling round by round, and measures the thread's CPU time and
 * allocated bytes per operation ({@code com.sun.management.ThreadMXBean}). It reports the
 * median over rounds as ns/op (CPU), the implied ops/s per core, the ratio ours/ceiling, and
 * B/op.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.ferryrtc.bench.srtp.SrtpCpuTime [rounds]}
 */
public final class SrtpCpuTime {

    private SrtpCpuTime() {
    }


    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        System.out.println("| profile | size | op | ours ns/op (CPU) | ceiling ns/op (CPU) | ours ops/s/core | ceiling ops/s/core | ours/ceiling (throughput) | ours B/op | ceiling B/op |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String profile : new String[] {"AES128_CM_HMAC_SHA1_80", "AES128_CM_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"}) {
            for (int size : new int[] {200, 1200}) {
                SrtpBenchmark b = new SrtpBenchmark();
                b.profile = profile;
                b.size = size;
                b.setup();
                Op[][] pairs = {{b::protect, b::ceilingProtect}, {b::unprotect, b::ceilingUnprotect}};
                String[] names = {"protect", "unprotect"};
                for (int k = 0; k < 2; k++) {
                    Op ours = pairs[k][0];
                    Op ceiling = pairs[k][1];
                    for (int w = 0; w < 10; w++) { // JIT warm-up of both
                        measure(ours);
                        measure(ceiling);
                    }
                    double[] o = new double[rounds];
                    double[] c = new double[rounds];
                    double[] oa = new double[rounds];
                    double[] ca = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        double[] x = measure(ours);
                        double[] y = measure(ceiling);
                        o[r] = x[0];
                        oa[r] = x[1];
                        c[r] = y[0];
                        ca[r] = y[1];
                    }
                    double on = median(o);
                    double cn = median(c);
                    System.out.println(String.format(Locale.ROOT,
                            "| %s | %d | %s | %.0f | %.0f | %,.0f | %,.0f | %.2f | %.1f | %.1f |",
                            profile, size, names[k], on, cn, 1e9 / on, 1e9 / cn, cn / on, median(oa), median(ca)));
                }
                b.verify();
            }
        }
    }
}
