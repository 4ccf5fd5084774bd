package org.ferryrtc.bench.peer;

import java.lang.management.ManagementFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ferryrtc.dtls.DtlsCertificate;
import org.ferryrtc.dtls.DtlsConfig;
import org.ferryrtc.dtls.DtlsEvent;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.dtls.DtlsSession;
import org.ferryrtc.dtls.DtlsSessionFactory;

/**
 * Timing loops behind the set-up figures in README.md (CPU time, not wall time; print the load
 * average next to every figure):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.ferryrtc.bench.peer.SetupCosts crypto 300
 * java -cp benchmarks/target/benchmarks.jar org.ferryrtc.bench.peer.SetupCosts handshake 150
 * java -cp benchmarks/target/benchmarks.jar org.ferryrtc.bench.peer.SetupCosts certificate 300
 * </pre>
 *
 * {@code crypto}: the EC primitives of a WebRTC DTLS handshake on SunEC and on BouncyCastle, CPU
 * per operation on this thread (best of 3 runs of n after n warm-up). {@code handshake}: full
 * DTLS handshakes (client + server in memory, the benchmark thread moves the datagrams), process
 * CPU per handshake pair. {@code certificate}: {@link DtlsCertificate#generateEcdsa()}, thread
 * CPU and allocated bytes per certificate.
 */
public final class SetupCosts {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private interface Op {
        void run() throws Exception;
    }

    private SetupCosts() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "crypto";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        System.out.printf("SetupCosts %s n=%d, load average %.2f%n", what, n, OS.getSystemLoadAverage());
        switch (what) {
            case "crypto" -> crypto(n);
            case "handshake" -> handshakes(n);
            case "certificate" -> certificates(n);
            default -> throw new IllegalArgumentException("crypto | handshake | certificate");
        }
    }

    private static void time(String name, int n, Op op) throws Exception {
        for (int i = 0; i < n; i++) {
            op.run();
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / n);
        }
        System.out.printf("%-32s %8.1f us CPU/op%n", name, best);
    }

    private static void crypto(int n) throws Exception {
        byte[] msg = new byte[200];
        for (Provider p : new Provider[] {java.security.Security.getProvider("SunEC"), new BouncyCastleProvider()}) {
            String pn = p.getName();
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            KeyPair kp2 = g.generateKeyPair();
            Signature s = Signature.getInstance("SHA256withECDSA", p);
            s.initSign(kp.getPrivate());
            s.update(msg);
            byte[] sig = s.sign();
            time(pn + " P-256 key pair", n, g::generateKeyPair);
            time(pn + " ECDSA P-256 sign", n, () -> {
                s.initSign(kp.getPrivate());
                s.update(msg);
                s.sign();
            });
            time(pn + " ECDSA P-256 verify", n, () -> {
                s.initVerify(kp.getPublic());
                s.update(msg);
                if (!s.verify(sig)) {
                    throw new AssertionError("verify");
                }
            });
            KeyAgreement ka = KeyAgreement.getInstance("ECDH", p);
            time(pn + " ECDH P-256", n, () -> {
                ka.init(kp.getPrivate());
                ka.doPhase(kp2.getPublic(), true);
                ka.generateSecret();
            });
            boolean bc = p instanceof BouncyCastleProvider;
            KeyPairGenerator xg = KeyPairGenerator.getInstance(bc ? "X25519" : "XDH", p);
            if (!bc) {
                xg.initialize(new NamedParameterSpec("X25519"));
            }
            KeyPair x1 = xg.generateKeyPair();
            KeyPair x2 = xg.generateKeyPair();
            time(pn + " X25519 key pair", n, xg::generateKeyPair);
            KeyAgreement xa = KeyAgreement.getInstance(bc ? "X25519" : "XDH", p);
            time(pn + " X25519 agreement", n, () -> {
                xa.init(x1.getPrivate());
                xa.doPhase(x2.getPublic(), true);
                xa.generateSecret();
            });
        }
    }

    private static void certificates(int n) {
        for (int i = 0; i < n; i++) {
            DtlsCertificate.generateEcdsa();
        }
        for (int r = 0; r < 3; r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long b0 = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                DtlsCertificate.generateEcdsa();
            }
            System.out.printf("certificate: %.3f ms thread CPU, %.0f KB allocated per certificate%n",
                    (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / n,
                    (THREADS.getCurrentThreadAllocatedBytes() - b0) / 1e3 / n);
        }
    }

    private static void handshakes(int n) throws Exception {
        DtlsCertificate c1 = DtlsCertificate.generateEcdsa();
        DtlsCertificate c2 = DtlsCertificate.generateEcdsa();
        DtlsConfig cc = DtlsConfig.of(DtlsRole.CLIENT, c1, List.of(c2.fingerprint()));
        DtlsConfig sc = DtlsConfig.of(DtlsRole.SERVER, c2, List.of(c1.fingerprint()));
        DtlsSessionFactory f = new DtlsSessionFactory(2);
        Semaphore signal = new Semaphore(0);
        try {
            for (int i = 0; i < n; i++) {
                handshake(f, cc, sc, signal);
            }
            for (int r = 0; r < 3; r++) {
                long c0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    handshake(f, cc, sc, signal);
                }
                System.out.printf("handshake pair: %.2f ms process CPU, %.2f ms wall%n",
                        (OS.getProcessCpuTime() - c0) / 1e6 / n, (System.nanoTime() - t0) / 1e6 / n);
            }
        } finally {
            f.close();
        }
    }

    private static void handshake(DtlsSessionFactory f, DtlsConfig cc, DtlsConfig sc, Semaphore signal)
            throws InterruptedException {
        DtlsSession c = f.newSession(cc, signal::release);
        DtlsSession s = f.newSession(sc, signal::release);
        s.start();
        c.start();
        boolean cd = false;
        boolean sd = false;
        while (!cd || !sd) {
            boolean moved = move(c, s) | move(s, c);
            cd |= done(c);
            sd |= done(s);
            if (!moved && (!cd || !sd) && !signal.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshake stalled");
            }
        }
        c.close();
        s.close();
    }

    private static boolean move(DtlsSession from, DtlsSession to) {
        boolean moved = false;
        for (byte[] d; (d = from.pollTransmit()) != null; moved = true) {
            to.handleInput(d, 0, d.length);
        }
        return moved;
    }

    private static boolean done(DtlsSession s) {
        for (DtlsEvent e; (e = s.pollEvent()) != null; ) {
            if (e instanceof DtlsEvent.HandshakeComplete) {
                return true;
            }
            if (e instanceof DtlsEvent.HandshakeFailed hf) {
                throw new IllegalStateException(hf.reason());
            }
        }
        return false;
    }
}
