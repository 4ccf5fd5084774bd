package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ferryrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-check against an independent SRTP implementation, ffmpeg's (libavformat srtp), over
 * loopback UDP with AES_CM_128_HMAC_SHA1_80 and _32 (the profiles ffmpeg implements) and a
 * sequence number that wraps (ROC 0 -> 1):
 * ffmpeg protects, FerryRTC unprotects every packet; FerryRTC protects, ffmpeg decodes the
 * tone from an SDP with {@code a=crypto}. Fails (not skips) when ffmpeg is missing. Every wait
 * has a deadline.
 *
 * <p>SRTCP is cross-checked with the _80 profile only: for AES_CM_128_HMAC_SHA1_32 ffmpeg puts
 * a 32-bit tag on SRTCP too, while the DTLS-SRTP profile (RFC 5764 §4.1.2) that FerryRTC
 * implements, like libsrtp and the browsers, uses an 80-bit SRTCP tag.
 */
@Tag("interop")
class FfmpegSrtpInteropTest {
    private static final int TONE_HZ = 600;
    private static final long SSRC = 0x0F0E0D0CL;

    @TempDir
    Path dir;

    private static Path ffmpeg() {
        Path p = Path.of("/usr/bin/ffmpeg");
        if (!Files.isExecutable(p)) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path q = Path.of(d, "ffmpeg");
                if (Files.isExecutable(q)) {
                    return q;
                }
            }
        }
        assertTrue(Files.isExecutable(p), "ffmpeg is required for this interop test (.ci/install-test-deps installs it)");
        return p;
    }

    private static byte[][] masterKey() {
        SecureRandom r = new SecureRandom();
        byte[] key = new byte[16];
        byte[] salt = new byte[14];
        r.nextBytes(key);
        r.nextBytes(salt);
        return new byte[][] {key, salt};
    }

    private static String inline(byte[][] k) {
        byte[] both = new byte[30];
        System.arraycopy(k[0], 0, both, 0, 16);
        System.arraycopy(k[1], 0, both, 16, 14);
        return Base64.getEncoder().encodeToString(both);
    }

    /** Two channels on consecutive ports (RTP, RTCP = RTP + 1). */
    private static DatagramChannel[] bindPair() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            if ((port & 1) == 0 && port < 65535) {
                try {
                    DatagramChannel rtcp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", port + 1));
                    return new DatagramChannel[] {rtp, rtcp};
                } catch (BindException e) {
                    // taken: try another pair
                }
            }
            rtp.close();
        }
        throw new AssertionError("no free UDP port pair");
    }

    /** ffmpeg's name of the suite (RFC 4568 §6.2). */
    private static String suite(SrtpProfile p) {
        return p == SrtpProfile.AES128_CM_HMAC_SHA1_80 ? "AES_CM_128_HMAC_SHA1_80" : "AES_CM_128_HMAC_SHA1_32";
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES128_CM_HMAC_SHA1_80", "AES128_CM_HMAC_SHA1_32"})
    void ffmpegProtectsFerryUnprotects(SrtpProfile profile) throws Exception {
        Path ffmpeg = ffmpeg();
        byte[][] k = masterKey();
        SrtpContext rx = SrtpContext.create(profile, k[0], k[1], SrtpPolicy.DEFAULT, false);
        DatagramChannel[] ch = bindPair();
        int port = ((InetSocketAddress) ch[0].getLocalAddress()).getPort();
        Path log = dir.resolve("ffmpeg-tx.log");
        Process proc = new ProcessBuilder(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "sine=frequency=" + TONE_HZ + ":sample_rate=8000:duration=2:samples_per_frame=160",
                "-c:a", "pcm_mulaw", "-seq", "65490", "-ssrc", Long.toString(SSRC),
                "-f", "rtp", "-srtp_out_suite", suite(profile), "-srtp_out_params", inline(k),
                "srtp://127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Integer> seqs = new ArrayList<>();
        List<Short> samples = new ArrayList<>();
        int rtcpOk = 0;
        ByteBuffer bb = ByteBuffer.allocate(2048);
        RtpPacket view = new RtpPacket();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Selector sel = Selector.open()) {
            for (DatagramChannel c : ch) {
                c.configureBlocking(false);
                c.register(sel, SelectionKey.OP_READ);
            }
            long quietSince = 0;
            while (System.nanoTime() < deadline) {
                if (sel.select(200) == 0) {
                    if (!proc.isAlive()) {
                        if (quietSince == 0) {
                            quietSince = System.nanoTime();
                        } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                            break; // ffmpeg is done and the sockets are drained
                        }
                    }
                    continue;
                }
                quietSince = 0;
                sel.selectedKeys().clear();
                for (int i = 0; i < 2; i++) {
                    while (true) {
                        bb.clear();
                        if (ch[i].receive(bb) == null) {
                            break;
                        }
                        byte[] b = bb.array();
                        int len = bb.position();
                        if (i == 0) {
                            assertEquals(SrtpResult.OK, rx.unprotectRtp(b, 0, len), "ffmpeg's SRTP packet");
                            assertTrue(view.wrap(b, 0, rx.length()));
                            seqs.add(view.sequenceNumber());
                            for (int j = 0; j < view.payloadLength(); j++) {
                                samples.add(G711.ulawToLinear(b[view.payloadOffset() + j]));
                            }
                        } else if (profile == SrtpProfile.AES128_CM_HMAC_SHA1_80) {
                            assertEquals(SrtpResult.OK, rx.unprotectRtcp(b, 0, len), "ffmpeg's SRTCP packet");
                            assertEquals(200, b[1] & 0xFF, "a sender report in the clear");
                            rtcpOk++;
                        }
                    }
                }
            }
        } finally {
            proc.destroy();
            proc.waitFor(5, TimeUnit.SECONDS);
            proc.destroyForcibly();
            for (DatagramChannel c : ch) {
                c.close();
            }
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(seqs.size() >= 90, "decrypted " + seqs.size() + " of ~100 packets; ffmpeg said: " + out);
        assertEquals(0, rx.count(SrtpResult.AUTH_FAILED));
        assertTrue(seqs.contains(65535) && seqs.contains(0), "the sequence number wrapped: " + seqs);
        assertEquals(1, rx.stream(SSRC).roc, "ROC followed the wrap");
        if (profile == SrtpProfile.AES128_CM_HMAC_SHA1_80) {
            assertTrue(rtcpOk >= 1, "ffmpeg's SRTCP sender report");
        }
        double hz = G711.frequency(samples, 8000);
        assertTrue(Math.abs(hz - TONE_HZ) < 10, "decrypted audio is the " + TONE_HZ + " Hz tone, measured " + hz);
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES128_CM_HMAC_SHA1_80", "AES128_CM_HMAC_SHA1_32"})
    void ferryProtectsFfmpegDecodes(SrtpProfile profile) throws Exception {
        Path ffmpeg = ffmpeg();
        byte[][] k = masterKey();
        SrtpContext tx = SrtpContext.create(profile, k[0], k[1], SrtpPolicy.DEFAULT, true);
        int port;
        DatagramChannel[] probe = bindPair(); // find a free pair, then hand it to ffmpeg
        port = ((InetSocketAddress) probe[0].getLocalAddress()).getPort();
        probe[0].close();
        probe[1].close();
        Path sdp = dir.resolve("in.sdp");
        Files.writeString(sdp, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=FerryRTC\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=crypto:1 " + suite(profile) + " inline:" + inline(k) + "\r\n");
        Path raw = dir.resolve("out.raw");
        Path log = dir.resolve("ffmpeg-rx.log");
        Process proc = new ProcessBuilder(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "info",
                "-protocol_whitelist", "file,udp,rtp,srtp", "-i", sdp.toString(),
                "-t", "1.5", "-f", "s16le", "-y", raw.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int sent = 0;
        try (DatagramChannel out = DatagramChannel.open()) {
            out.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 16);
            InetSocketAddress rtpTo = new InetSocketAddress("127.0.0.1", port);
            InetSocketAddress rtcpTo = new InetSocketAddress("127.0.0.1", port + 1);
            waitUntilBound(port, proc, TimeUnit.SECONDS.toNanos(10));
            byte[] buf = new byte[1500];
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(15);
            int seq = 65500; // wraps after 36 packets, well inside the 1.5 s ffmpeg records
            long ts = 0;
            double phase = 0;
            while (proc.isAlive() && System.nanoTime() < deadline) {
                int len = RtpPacket.writeFixedHeader(buf, 0, sent == 0, 0, seq & 0xFFFF, ts, SSRC);
                for (int i = 0; i < 160; i++) {
                    buf[len++] = G711.linearToUlaw((short) (12000 * Math.sin(phase)));
                    phase += 2 * Math.PI * TONE_HZ / 8000;
                }
                assertEquals(SrtpResult.OK, tx.protectRtp(buf, 0, len));
                out.send(ByteBuffer.wrap(buf, 0, tx.length()), rtpTo);
                if (sent % 25 == 0 && profile == SrtpProfile.AES128_CM_HMAC_SHA1_80) { // SRTCP SR every 0.5 s
                    int n = senderReport(buf, ts, sent);
                    assertEquals(SrtpResult.OK, tx.protectRtcp(buf, 0, n));
                    out.send(ByteBuffer.wrap(buf, 0, tx.length()), rtcpTo);
                }
                sent++;
                seq++;
                ts += 160;
                // real-time pacing: ffmpeg's jitter buffer expects a live stream
                long next = start + sent * TimeUnit.MILLISECONDS.toNanos(20);
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
            assertTrue(proc.waitFor(10, TimeUnit.SECONDS), "ffmpeg finished");
        } finally {
            proc.destroyForcibly();
        }
        String said = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, proc.exitValue(), said);
        assertFalse(said.contains("HMAC mismatch"), said);
        assertTrue(sent > 36, "sent across the sequence number wrap");
        byte[] pcm = Files.readAllBytes(raw);
        int n = pcm.length / 2;
        assertTrue(n >= 11_840 && n <= 12_160, "decoded " + n + " samples of the 12,000 (+-1 packet) in 1.5 s; ffmpeg said: " + said);
        List<Short> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add((short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)));
        }
        double hz = G711.frequency(samples, 8000);
        assertTrue(Math.abs(hz - TONE_HZ) < 10, "ffmpeg decoded the " + TONE_HZ + " Hz tone, measured " + hz);
    }

    /** An RTCP sender report (RFC 3550 §6.4.1) without report blocks: 28 bytes. */
    private static int senderReport(byte[] b, long rtpTs, int packets) {
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        b[2] = 0;
        b[3] = 6;
        SrtpTransform.writeInt(b, 4, (int) SSRC);
        long ntp = System.currentTimeMillis() / 1000 + 2_208_988_800L;
        SrtpTransform.writeInt(b, 8, (int) ntp);
        SrtpTransform.writeInt(b, 12, 0);
        SrtpTransform.writeInt(b, 16, (int) rtpTs);
        SrtpTransform.writeInt(b, 20, packets);
        SrtpTransform.writeInt(b, 24, packets * 160);
        return 28;
    }

    /** Waits (bounded) until some process has the UDP port bound, read from /proc/net/udp. */
    private static void waitUntilBound(int port, Process proc, long timeoutNanos) throws IOException {
        Path udp = Path.of("/proc/net/udp");
        String needle = String.format(":%04X ", port);
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline && proc.isAlive()) {
            if (!Files.exists(udp)) {
                return; // not Linux: the paced sender simply starts; early packets may be lost
            }
            for (String line : Files.readAllLines(udp)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && (f[1] + " ").contains(needle)) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertTrue(proc.isAlive(), "ffmpeg exited before binding its port");
    }
}
