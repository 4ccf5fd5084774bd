package org.ferryrtc.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Thread CPU time and allocated bytes per operation, for the runners that compare code paths on
 * a shared, loaded machine where JMH's wall clock carries the neighbours (`SrtpCpuTime`,
 * `ForwardingCpuTime`).
 */
public final class CpuTime {
    /** Operations per measured batch. */
    public static final int BATCH = 20_000;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CpuTime() {
    }

    /** One operation; its result is summed so the JIT cannot drop the work. */
    public interface Op {
        int run() throws Exception;
    }

    /** {CPU ns/op, allocated B/op} of one batch of {@link #BATCH} operations on this thread. */
    public static double[] measure(Op op) throws Exception {
        long id = Thread.currentThread().getId();
        long a0 = MX.getThreadAllocatedBytes(id);
        long t0 = MX.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < BATCH; i++) {
            sink += op.run();
        }
        long t1 = MX.getCurrentThreadCpuTime();
        long a1 = MX.getThreadAllocatedBytes(id);
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] {(t1 - t0) / (double) BATCH, (a1 - a0) / (double) BATCH};
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
