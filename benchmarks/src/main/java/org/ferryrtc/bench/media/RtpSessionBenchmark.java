package org.ferryrtc.bench.media;

import java.util.concurrent.TimeUnit;
import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSession;
import org.ferryrtc.peer.media.RtpSessionConfig;
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

 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtpSessionBenchmark {
    static final long VIDEO_SSRC = 0x1111_0001L;
    static final int VP8 = 96;
    static final int TWCC_ID = 3;
    static final int MAX = RtpSession.MAX_PACKET + RtpSession.TAIL_ROOM;

    /** Whether the session negotiates transport-cc (adds the TWCC record and feedback). */
    @Param({"false", "true"})
    boolean transportCc;

    private RtpSession receiver;
    private RtpSession sender;
    private final byte[][] template = new byte[10][];
    private final byte[] app = new byte[1200];
    private final byte[] out = new byte[MAX];
    private final RtpPacket view = new RtpPacket();
    private long now;
    private int i;

    @Setup
    public void setUp() {
        ExtensionMap ext = new ExtensionMap();
        ext.put(4, KnownExtension.MID);
        ext.put(2, KnownExtension.ABS_SEND_TIME);
        if (transportCc) {
            ext.put(TWCC_ID, KnownExtension.TRANSPORT_CC);
        }
        sender = new RtpSession(config(true, ext), 0L);
        receiver = new RtpSession(config(false, ext), 0L);
        // ten ~1,200-byte packets of one VP8 keyframe, written by the sending session
        RtpSession senderForFrame = new RtpSession(config(true, ext), 0L);
        byte[] frame = new byte[10 * 1130];
        senderForFrame.sendFrame(0L, "video", frame, 0, frame.length, 0L);
        int k = 0;
        for (int n; (n = senderForFrame.pollTransmit(out, 0)) >= 0; ) {
            if (k < 10 && (out[1] & 0x7F) == VP8) {
                template[k++] = java.util.Arrays.copyOf(out, n);
            }
        }
        if (k != 10) {
            throw new IllegalStateException("expected 10 packets, got " + k);
        }
        RtpPacket.writeFixedHeader(app, 0, true, 100, 0, 0, 0xABCDEFL);
    }

    private static RtpSessionConfig config(boolean send, ExtensionMap ext) {
        RtpSessionConfig.Builder b = RtpSessionConfig.builder();
        if (send) {
            b.sendTrack(new RtpSessionConfig.SendTrack("video", RtpSessionConfig.Kind.VIDEO, "0", "VP8", VP8, 90_000,
                    VIDEO_SSRC, VIDEO_SSRC + 1, 97, "bench"));
        } else {
            b.receiveCodec(new RtpSessionConfig.ReceiveCodec(VP8, "VP8", 90_000, RtpSessionConfig.Kind.VIDEO, 97, true));
            b.remoteSsrc(new RtpSessionConfig.RemoteSsrc(VIDEO_SSRC, "0", VIDEO_SSRC + 1));
            b.receiveMid("0");
        }
        b.sendExtensions(ext);
        b.receiveExtensions(ext);
        return b.build();
    }

    /** handleRtp of one ~1,200-byte VP8 packet (sequence, timestamp and transport seq advanced in place). */
    @Benchmark
    public int receive() {
        int n = i++;
        byte[] p = template[n % 10];
        view.wrap(p, 0, p.length);
        view.setSequenceNumber(n & 0xFFFF);
        view.setTimestamp((n / 10) * 3000L & 0xFFFF_FFFFL);
        if (transportCc) {
            TransportCc.set(view, TWCC_ID, n & 0xFFFF, false);
        }
        now += 100_000L; // 10,000 packets/s
        receiver.handleRtp(now, p, 0, p.length);
        int events = 0;
        for (MediaEvent e; (e = receiver.pollEvent()) != null; ) {
            events++;
        }
        timers(receiver);
        return events;
    }

    /** sendRtp of a 1,200-byte packet and pollTransmit of the result. */
    @Benchmark
    public int send() {
        int n = i++;
        view.wrap(app, 0, app.length);
        view.setTimestamp(n * 3000L & 0xFFFF_FFFFL);
        now += 100_000L;
        boolean ok = sender.sendRtp(now, "video", app, 0, app.length);
        timers(sender);
        return ok ? 1 : 0;
    }

    private void timers(RtpSession s) {
        if (s.pollTimeout() <= now) {
            s.handleTimeout(now);
        }
        while (s.pollTransmit(out, 0) >= 0) {
            // drained, as the caller's socket loop would
        }
    }
}
