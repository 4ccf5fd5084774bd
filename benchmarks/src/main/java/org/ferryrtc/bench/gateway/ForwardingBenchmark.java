package org.ferryrtc.bench.gateway;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSession;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.rtp.ExtensionMap;
import org.ferryrtc.rtp.KnownExtension;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.srtp.SrtpContext;
import org.ferryrtc.srtp.SrtpPolicy;
import org.ferryrtc.srtp.SrtpProfile;
import org.ferryrtc.srtp.SrtpResult;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's forwarding path per 1,200-byte packet, without the socket calls (what a
 * PeerConnection's owner thread does between the ICE receive and the redirect send, and between
 * the ingest ring and the ICE send):
 * <ul>
 *   <li>{@link #srtpInPlainOut} (redirect): the SRTP datagram copied into the receive buffer (as
 *       the socket read does), SRTP unprotect, {@code RtpSession.handleRtp} (validate, route by
 *       SSRC, statistics, NACK tracking, reorder), the in-order {@code MediaEvent.Packet} polled
 *       and handed to the redirect (a {@link Blackhole} stands in for the datagram send), timers
 *       run when due;</li>
 *   <li>{@link #plainInSrtpOut} (ingest): a plain RTP packet as it leaves the {@code LocalTrack}
 *       ring, {@code RtpSession.sendRtp} (rewritten onto the track: SSRC, PT, sequence number,
 *       mid + abs-send-time extensions, retransmission store), {@code pollTransmit} and SRTP
 *       protect of every queued packet (RTCP reports included when due), handed to the send
 *       (a {@link Blackhole}).</li>
 * </ul>
 * The remote side's packets are pre-protected (N = 1024, sequence numbers 0..N-1); the receiver's
 * SRTP context forgets the stream before packet 0 (one ~250 B stream per 1024 packets), and the
 * unprotected packet's sequence number and timestamp are advanced in place so the RTP session
 * sees an endless in-order stream. Run with {@code -prof gc} for B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardingBenchmark {
    static final int N = 1024;
    static final int SIZE = 1200;
    static final long REMOTE_SSRC = 0x2222_0001L;
    static final long OUR_SSRC = 0x1111_0001L;
    static final int VP8 = 96;

    @Param({"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    private SrtpContext srtpIn;
    private SrtpContext srtpOut;
    private RtpSession receiver;
    private RtpSession sender;
    private byte[][] wire;
    private int[] wireLen;
    private byte[][] plain;
    private final byte[] work = new byte[RtpSession.MAX_PACKET + 64];
    private final byte[] app = new byte[SIZE];
    private final byte[] out = new byte[RtpSession.MAX_PACKET + 64];
    private final RtpPacket view = new RtpPacket();
    private long now;
    private int next;
    private int seq;

    @Setup
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        Random r = new Random(1);
        byte[] k = new byte[p.keyLength()];
        byte[] s = new byte[p.saltLength()];
        r.nextBytes(k);
        r.nextBytes(s);
        SrtpContext remoteOut = SrtpContext.create(p, k, s, SrtpPolicy.DEFAULT, true);
        srtpIn = SrtpContext.create(p, k, s, SrtpPolicy.DEFAULT, false);
        srtpOut = SrtpContext.create(p, k, s, SrtpPolicy.DEFAULT, true);
        ExtensionMap ext = new ExtensionMap();
        ext.put(4, KnownExtension.MID);
        ext.put(2, KnownExtension.ABS_SEND_TIME);
        receiver = new RtpSession(RtpSessionConfig.builder().deliverPackets(true)
                .receiveCodec(new RtpSessionConfig.ReceiveCodec(VP8, "VP8", 90_000, RtpSessionConfig.Kind.VIDEO, 97, true))
                .remoteSsrc(new RtpSessionConfig.RemoteSsrc(REMOTE_SSRC, "0", REMOTE_SSRC + 1)).receiveMid("0")
                .sendExtensions(ext).receiveExtensions(ext).rtcpSsrc(OUR_SSRC + 2, "gw").build(), 0L);
        sender = new RtpSession(RtpSessionConfig.builder()
                .sendTrack(new RtpSessionConfig.SendTrack("video", RtpSessionConfig.Kind.VIDEO, "0", "VP8", VP8, 90_000,
                        OUR_SSRC, OUR_SSRC + 1, 97, "gw"))
                .sendExtensions(ext).receiveExtensions(ext).rtcpSsrc(OUR_SSRC, "gw").build(), 0L);
        wire = new byte[N][];
        wireLen = new int[N];
        plain = new byte[N][];
        for (int i = 0; i < N; i++) {
            byte[] b = new byte[SIZE + 64];
            RtpPacket.writeFixedHeader(b, 0, i % 10 == 9, VP8, i, 3000L * (i / 10), REMOTE_SSRC);
            for (int j = 12; j < SIZE; j++) {
                b[j] = (byte) r.nextInt();
            }
            b[12] = 0x10;
            plain[i] = b.clone();
            if (remoteOut.protectRtp(b, 0, SIZE) != SrtpResult.OK) {
                throw new IllegalStateException("protect");
            }
            wire[i] = b;
            wireLen[i] = remoteOut.length();
        }
        RtpPacket.writeFixedHeader(app, 0, false, 100, 0, 0, 0xABCDEFL);
        for (int j = 12; j < SIZE; j++) {
            app[j] = (byte) r.nextInt();
        }
    }

    /** SRTP in -> plain RTP out (the redirect path). */
    @Benchmark
    public int srtpInPlainOut(Blackhole bh) {
        int i = next;
        if (i == 0) {
            srtpIn.removeStream(REMOTE_SSRC); // the pre-protected indices 0..N-1 are fresh again
        }
        next = i + 1 == N ? 0 : i + 1;
        System.arraycopy(wire[i], 0, work, 0, wireLen[i]);
        if (srtpIn.unprotectRtp(work, 0, wireLen[i]) != SrtpResult.OK) {
            throw new IllegalStateException("unprotect " + i);
        }
        int n = seq++;
        view.wrap(work, 0, srtpIn.length());
        view.setSequenceNumber(n & 0xFFFF);
        view.setTimestamp(3000L * (n / 10) & 0xFFFF_FFFFL);
        now += 100_000L; // 10,000 packets/s
        receiver.handleRtp(now, work, 0, srtpIn.length());
        int handed = 0;
        for (MediaEvent e; (e = receiver.pollEvent()) != null; ) {
            if (e instanceof MediaEvent.Packet p) {
                bh.consume(p.buffer()); // the redirect: one datagram of (buffer, 0, length)
                handed += p.length();
            }
        }
        drain(receiver, bh);
        return handed;
    }

    /** Plain RTP in -> SRTP out (the ingest path). */
    @Benchmark
    public int plainInSrtpOut(Blackhole bh) {
        int n = seq++;
        view.wrap(app, 0, SIZE);
        view.setSequenceNumber(n & 0xFFFF);
        view.setTimestamp(3000L * (n / 10) & 0xFFFF_FFFFL);
        now += 100_000L;
        sender.sendRtp(now, "video", app, 0, SIZE);
        return drain(sender, bh);
    }

    /** Component: the receive copy + SRTP unprotect alone (no RTP session). */
    @Benchmark
    public int srtpUnprotectOnly() {
        int i = next;
        if (i == 0) {
            srtpIn.removeStream(REMOTE_SSRC);
        }
        next = i + 1 == N ? 0 : i + 1;
        System.arraycopy(wire[i], 0, work, 0, wireLen[i]);
        if (srtpIn.unprotectRtp(work, 0, wireLen[i]) != SrtpResult.OK) {
            throw new IllegalStateException("unprotect " + i);
        }
        return srtpIn.length();
    }

    /** Component: the receive copy + the RTP session's receive side alone (plain packets, no SRTP). */
    @Benchmark
    public int rtpReceiveOnly(Blackhole bh) {
        int i = next;
        next = i + 1 == N ? 0 : i + 1;
        System.arraycopy(plain[i], 0, work, 0, SIZE);
        int n = seq++;
        view.wrap(work, 0, SIZE);
        view.setSequenceNumber(n & 0xFFFF);
        view.setTimestamp(3000L * (n / 10) & 0xFFFF_FFFFL);
        now += 100_000L;
        receiver.handleRtp(now, work, 0, SIZE);
        int handed = 0;
        for (MediaEvent e; (e = receiver.pollEvent()) != null; ) {
            if (e instanceof MediaEvent.Packet p) {
                bh.consume(p.buffer());
                handed += p.length();
            }
        }
        if (receiver.pollTimeout() <= now) {
            receiver.handleTimeout(now);
        }
        while (receiver.pollTransmit() >= 0) {
            bh.consume(receiver.transmitBuffer());
        }
        return handed;
    }

    /** Component: the RTP session's send side alone ({@code sendRtp} + {@code pollTransmit}, no SRTP). */
    @Benchmark
    public int rtpSendOnly(Blackhole bh) {
        int n = seq++;
        view.wrap(app, 0, SIZE);
        view.setSequenceNumber(n & 0xFFFF);
        view.setTimestamp(3000L * (n / 10) & 0xFFFF_FFFFL);
        now += 100_000L;
        sender.sendRtp(now, "video", app, 0, SIZE);
        if (sender.pollTimeout() <= now) {
            sender.handleTimeout(now);
        }
        int bytes = 0;
        for (int k; (k = sender.pollTransmit()) >= 0; ) {
            bh.consume(sender.transmitBuffer());
            bytes += k;
        }
        return bytes;
    }

    /** Component: SRTP protect of a 1,200-byte packet alone (header rewritten in place, no RTP session). */
    @Benchmark
    public int srtpProtectOnly() {
        int n = seq++;
        System.arraycopy(plain[0], 0, out, 0, SIZE);
        RtpPacket.writeFixedHeader(out, 0, false, VP8, n & 0xFFFF, 0, OUR_SSRC);
        if (srtpOut.protectRtp(out, 0, SIZE) != SrtpResult.OK) {
            throw new IllegalStateException("protect");
        }
        return srtpOut.length();
    }

    /** Timers when due, then pollTransmit + protect of everything queued, handed to the (absent) send. */
    private int drain(RtpSession s, Blackhole bh) {
        if (s.pollTimeout() <= now) {
            s.handleTimeout(now);
        }
        int bytes = 0;
        for (int n; (n = s.pollTransmit()) >= 0; ) { // as PacketPath: protected in place in the session's slot
            byte[] b = s.transmitBuffer();
            SrtpResult r = s.lastTransmitWasRtcp() ? srtpOut.protectRtcp(b, 0, n) : srtpOut.protectRtp(b, 0, n);
            if (r == SrtpResult.OK) {
                bh.consume(b);
                bytes += srtpOut.length();
            }
        }
        return bytes;
    }
}
