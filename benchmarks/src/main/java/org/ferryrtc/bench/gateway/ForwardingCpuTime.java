package org.ferryrtc.bench.gateway;

import static org.ferryrtc.bench.CpuTime.measure;
import static org.ferryrtc.bench.CpuTime.median;

import org.ferryrtc.bench.CpuTime.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A load-tolerant companion to {@link ForwardingBenchmark} and {@link CryptoFloorBenchmark}: on
 * the shared, oversubscribed machine JMH's wall-clock time mostly measures the neighbours. This
 * runner calls the same benchmark methods, all of them interleaved round by round, and reports
 * the thread's CPU time and allocated bytes per operation ({@code com.sun.management.ThreadMXBean}):
 * the median over rounds and the min-max range.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.ferryrtc.bench.gateway.ForwardingCpuTime [rounds]}
 */
public final class ForwardingCpuTime {

    private ForwardingCpuTime() {
    }


    private record Named(String name, Op op) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        List<Named> ops = new ArrayList<>();
        for (String profile : new String[] {"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"}) {
            ForwardingBenchmark in = new ForwardingBenchmark();
            in.profile = profile;
            in.setUp();
            ForwardingBenchmark out = new ForwardingBenchmark();
            out.profile = profile;
            out.setUp();
            ops.add(new Named("srtpInPlainOut " + profile, () -> in.srtpInPlainOut(bh)));
            ops.add(new Named("plainInSrtpOut " + profile, () -> out.plainInSrtpOut(bh)));
            ForwardingBenchmark c = new ForwardingBenchmark();
            c.profile = profile;
            c.setUp();
            ops.add(new Named("  part: copy + srtpUnprotectOnly " + profile, c::srtpUnprotectOnly));
            ops.add(new Named("  part: srtpProtectOnly " + profile, c::srtpProtectOnly));
            if (profile.startsWith("AES128_CM")) {
                ForwardingBenchmark r = new ForwardingBenchmark();
                r.profile = profile;
                r.setUp();
                ForwardingBenchmark s = new ForwardingBenchmark();
                s.profile = profile;
                s.setUp();
                ops.add(new Named("  part: copy + rtpReceiveOnly", () -> r.rtpReceiveOnly(bh)));
                ops.add(new Named("  part: rtpSendOnly", () -> s.rtpSendOnly(bh)));
            }
        }
        CryptoFloorBenchmark f = new CryptoFloorBenchmark();
        f.setUp();
        ops.add(new Named("floor jceCtrHmac", f::jceCtrHmac));
        ops.add(new Named("floor ctrKeystreamSha1", f::ctrKeystreamSha1));
        ops.add(new Named("floor ctrKeystreamOnly", f::ctrKeystreamOnly));
        ops.add(new Named("floor sha1Only", f::sha1Only));
        ops.add(new Named("hmac MessageDigest (pads re-hashed)", f::hmacMessageDigest));
        ops.add(new Named("hmac Mac array", f::hmacMac));
        ops.add(new Named("hmac Mac ByteBuffer", f::hmacMacByteBuffer));
        ops.add(new Named("hmac cloned pad states", f::hmacClonedPads));
        ops.add(new Named("floor jceGcm encrypt", f::jceGcm));
        ops.add(new Named("floor jceGcm decrypt re-init", f::jceGcmDecryptReinit));
        ops.add(new Named("plain-Java GHASH (4-bit tables) alone, 1,200 B", f::javaGhash));
        for (int w = 0; w < 8; w++) { // JIT warm-up of all
            for (Named n : ops) {
                measure(n.op);
            }
        }
        double[][] ns = new double[ops.size()][rounds];
        double[][] bytes = new double[ops.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.size(); k++) {
                double[] x = measure(ops.get(k).op);
                ns[k][r] = x[0];
                bytes[k][r] = x[1];
            }
        }
        System.out.println("| op | CPU ns/op median | min-max | B/op |");
        System.out.println("|---|---|---|---|");
        for (int k = 0; k < ops.size(); k++) {
            double[] s = ns[k].clone();
            Arrays.sort(s);
            System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f-%.0f | %.1f |", ops.get(k).name,
                    s[s.length / 2], s[0], s[s.length - 1], median(bytes[k])));
        }
    }
}
