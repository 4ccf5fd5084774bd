package org.ferryrtc.bench.media;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.rtp.ExtensionMap;
import org.ferryrtc.rtp.KnownExtension;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.TransportCc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The media session's per-packet paths (stack-peer {@code org.ferryrtc.peer.media.RtpSession}):
 * <ul>
 *   <li>{@link #receive}: {@code handleRtp} of a ~1,200-byte VP8 packet (validate, route by SSRC,
 *       statistics, NACK tracking, optional transport-cc record, reorder, depacketize), polling the
 *       Frame event every tenth packet and running timers when due;</li>
 *   <li>{@link #send}: {@code sendRtp} of a 1,200-byte app packet (rewrite onto the track, mid +
 *       abs-send-time + transport-cc extensions, retransmission store) and {@code pollTransmit}.</li>
 * </ul>
 * Both must be ~0 B/op without transport-cc (run with {@code -prof gc}); with transport-cc the
 * receive path pays for building the TWCC feedback every 100 ms.
 *
 * <p>The benchmarks module does not depend on stack-peer (its pom lists stack-rtp, stack-dtls-srtp
 * and stack-sctp), so the session is reached through method handles bound once in a static
 * initialiser, which the JIT inlines like direct calls. It needs stack-peer on the benchmark
 * classpath: add {@code <dependency><groupId>org.ferryrtc</groupId><artifactId>stack-peer</artifactId></dependency>}
 * to benchmarks/pom.xml; without it setup fails with a message saying so.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtpSessionBenchmark {
    static final String PKG = "org.ferryrtc.peer.media.";
    static final long VIDEO_SSRC = 0x1111_0001L;
    static final int VP8 = 96;
    static final int TWCC_ID = 3;
    static final int MAX = 1500 + 16;

    private static final MethodHandle NEW_SESSION;
    private static final MethodHandle HANDLE_RTP;
    private static final MethodHandle SEND_RTP;
    private static final MethodHandle POLL_EVENT;
    private static final MethodHandle POLL_TRANSMIT;
    private static final MethodHandle POLL_TIMEOUT;
    private static final MethodHandle HANDLE_TIMEOUT;
    private static final Throwable MISSING;

    static {
        MethodHandle[] h = new MethodHandle[7];
        Throwable missing = null;
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> session = Class.forName(PKG + "RtpSession");
            Class<?> config = Class.forName(PKG + "RtpSessionConfig");
            MethodType obj = MethodType.methodType(Object.class, Object.class);
            h[0] = l.findConstructor(session, MethodType.methodType(void.class, config, long.class))
                    .asType(MethodType.methodType(Object.class, Object.class, long.class));
            h[1] = l.findVirtual(session, "handleRtp", MethodType.methodType(void.class, long.class, byte[].class,
                    int.class, int.class)).asType(MethodType.methodType(void.class, Object.class, long.class,
                    byte[].class, int.class, int.class));
            h[2] = l.findVirtual(session, "sendRtp", MethodType.methodType(boolean.class, long.class, String.class,
                    byte[].class, int.class, int.class)).asType(MethodType.methodType(boolean.class, Object.class,
                    long.class, String.class, byte[].class, int.class, int.class));
            h[3] = l.findVirtual(session, "pollEvent", MethodType.methodType(Class.forName(PKG + "MediaEvent")))
                    .asType(obj);
            h[4] = l.findVirtual(session, "pollTransmit", MethodType.methodType(int.class, byte[].class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class));
            h[5] = l.findVirtual(session, "pollTimeout", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
            h[6] = l.findVirtual(session, "handleTimeout", MethodType.methodType(void.class, long.class))
                    .asType(MethodType.methodType(void.class, Object.class, long.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            missing = e;
        }
        NEW_SESSION = h[0];
        HANDLE_RTP = h[1];
        SEND_RTP = h[2];
        POLL_EVENT = h[3];
        POLL_TRANSMIT = h[4];
        POLL_TIMEOUT = h[5];
        HANDLE_TIMEOUT = h[6];
        MISSING = missing;
    }

    /** Whether the session negotiates transport-cc (adds the TWCC record and feedback). */
    @Param({"false", "true"})
    boolean transportCc;

    private Object receiver;
    private Object sender;
    private final byte[][] template = new byte[10][];
    private final byte[] app = new byte[1200];
    private final byte[] out = new byte[MAX];
    private final RtpPacket view = new RtpPacket();
    private long now;
    private int i;

    @Setup
    public void setUp() throws Throwable {
        if (MISSING != null) {
            throw new IllegalStateException("stack-peer is not on the benchmark classpath: add it to benchmarks/pom.xml",
                    MISSING);
        }
        ExtensionMap ext = new ExtensionMap();
        ext.put(4, KnownExtension.MID);
        ext.put(2, KnownExtension.ABS_SEND_TIME);
        if (transportCc) {
            ext.put(TWCC_ID, KnownExtension.TRANSPORT_CC);
        }
        sender = NEW_SESSION.invoke(config(true, ext), 0L);
        receiver = NEW_SESSION.invoke(config(false, ext), 0L);
        // ten ~1,200-byte packets of one VP8 keyframe, written by the sending session
        Object senderForFrame = NEW_SESSION.invoke(config(true, ext), 0L);
        byte[] frame = new byte[10 * 1130];
        senderForFrame.getClass().getMethod("sendFrame", long.class, String.class, byte[].class, int.class, int.class,
                long.class).invoke(senderForFrame, 0L, "video", frame, 0, frame.length, 0L);
        int k = 0;
        for (int n; (n = (int) POLL_TRANSMIT.invokeExact(senderForFrame, out, 0)) >= 0; ) {
            if (k < 10 && (out[1] & 0x7F) == VP8) {
                template[k++] = java.util.Arrays.copyOf(out, n);
            }
        }
        if (k != 10) {
            throw new IllegalStateException("expected 10 packets, got " + k);
        }
        RtpPacket.writeFixedHeader(app, 0, true, 100, 0, 0, 0xABCDEFL);
    }

    private static Object config(boolean send, ExtensionMap ext) throws ReflectiveOperationException {
        Class<?> cfg = Class.forName(PKG + "RtpSessionConfig");
        Class<?> kind = Class.forName(PKG + "RtpSessionConfig$Kind");
        Object video = kind.getField("VIDEO").get(null);
        Object b = cfg.getMethod("builder").invoke(null);
        Class<?> bc = b.getClass();
        if (send) {
            Class<?> track = Class.forName(PKG + "RtpSessionConfig$SendTrack");
            Object t = track.getConstructors()[0].newInstance("video", video, "0", "VP8", VP8, 90_000, VIDEO_SSRC,
                    VIDEO_SSRC + 1, 97, "bench");
            bc.getMethod("sendTrack", track).invoke(b, t);
        } else {
            Class<?> codec = Class.forName(PKG + "RtpSessionConfig$ReceiveCodec");
            bc.getMethod("receiveCodec", codec).invoke(b, codec.getConstructors()[0].newInstance(VP8, "VP8", 90_000,
                    video, 97, true));
            Class<?> remote = Class.forName(PKG + "RtpSessionConfig$RemoteSsrc");
            bc.getMethod("remoteSsrc", remote).invoke(b, remote.getConstructors()[0].newInstance(VIDEO_SSRC, "0",
                    VIDEO_SSRC + 1));
            bc.getMethod("receiveMid", String.class).invoke(b, "0");
        }
        bc.getMethod("sendExtensions", ExtensionMap.class).invoke(b, ext);
        bc.getMethod("receiveExtensions", ExtensionMap.class).invoke(b, ext);
        return bc.getMethod("build").invoke(b);
    }

    /** handleRtp of one ~1,200-byte VP8 packet (sequence, timestamp and transport seq advanced in place). */
    @Benchmark
    public int receive() throws Throwable {
        int n = i++;
        byte[] p = template[n % 10];
        view.wrap(p, 0, p.length);
        view.setSequenceNumber(n & 0xFFFF);
        view.setTimestamp((n / 10) * 3000L & 0xFFFF_FFFFL);
        if (transportCc) {
            TransportCc.set(view, TWCC_ID, n & 0xFFFF, false);
        }
        now += 100_000L; // 10,000 packets/s
        HANDLE_RTP.invokeExact(receiver, now, p, 0, p.length);
        int events = 0;
        for (Object e; (e = (Object) POLL_EVENT.invokeExact(receiver)) != null; ) {
            events++;
        }
        timers(receiver);
        return events;
    }

    /** sendRtp of a 1,200-byte packet and pollTransmit of the result. */
    @Benchmark
    public int send() throws Throwable {
        int n = i++;
        view.wrap(app, 0, app.length);
        view.setTimestamp(n * 3000L & 0xFFFF_FFFFL);
        now += 100_000L;
        boolean ok = (boolean) SEND_RTP.invokeExact(sender, now, "video", app, 0, app.length);
        timers(sender);
        return ok ? 1 : 0;
    }

    private void timers(Object s) throws Throwable {
        if ((long) POLL_TIMEOUT.invokeExact(s) <= now) {
            HANDLE_TIMEOUT.invokeExact(s, now);
        }
        while ((int) POLL_TRANSMIT.invokeExact(s, out, 0) >= 0) {
            // drained, as the caller's socket loop would
        }
    }
}
