package org.ferryrtc.rtp.codec;

import static org.ferryrtc.rtp.codec.FfmpegTools.PROCESS_TIMEOUT_S;
import static org.ferryrtc.rtp.codec.FfmpegTools.SECONDS;
import static org.ferryrtc.rtp.codec.FfmpegTools.assertFramesEqual;
import static org.ferryrtc.rtp.codec.FfmpegTools.nals;
import static org.ferryrtc.rtp.codec.FfmpegTools.tool;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ferryrtc.rtp.RtpPacket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other direction: our packetizers send RTP to ffmpeg, whose own depacketizers (read from an
 * SDP file) must rebuild the frames byte for byte. H.264 goes out in packetization mode 1 with
 * STAP-A and FU-A, VP8 with 15-bit PictureIDs, VP9 with picture IDs and a scalability structure
 * on key frames. Bounded: ffmpeg stops after the expected frame
 * count, and every wait has a timeout.
 */
@Tag("interop")
class FfmpegReceiverInteropTest {
    private static final int PT = 96;

    @TempDir
    Path dir;

    private FfmpegTools ff;

    @BeforeEach
    void tools() {
        ff = new FfmpegTools(dir);
    }

    @Test
    void h264PacketizedByUsDepacketizedByFfmpeg() throws Exception {
        Path clip = ff.encode("h264.ts", FfmpegTools.H264_CLIP);
        Path raw = dir.resolve("in.h264");
        ff.run(List.of(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
                "-c", "copy", "-f", "h264", raw.toString()), "extract Annex-B");
        List<byte[]> units = accessUnits(Files.readAllBytes(raw));
        assertTrue(units.size() >= 30);
        Path out = dir.resolve("out.h264");
        send(new H264Packetizer(1140, 1, true), "H264/90000", "packetization-mode=1", units, "h264", out);
        List<byte[]> expected = new ArrayList<>();
        for (byte[] u : units) {
            expected.addAll(nals(u));
        }
        List<byte[]> got = nals(Files.readAllBytes(out));
        assertFramesEqual(expected, got.subList(0, Math.min(got.size(), expected.size())), "NAL units ffmpeg rebuilt");
    }

    @Test
    void vp8PacketizedByUsDepacketizedByFfmpeg() throws Exception {
        Path clip = ff.encode("vp8.webm", FfmpegTools.VP8_CLIP);
        List<byte[]> frames = ff.ivfFrames(clip);
        Path out = dir.resolve("out.ivf");
        send(new Vp8Packetizer(1140, 1234), "VP8/90000", null, frames, "ivf", out);
        assertFramesEqual(frames, ff.ivfFrames(out).subList(0, frames.size()), "VP8 frames ffmpeg rebuilt");
    }

    /** ffmpeg's (pre-RFC) VP9 depacketizer never flags key frames, hence -copyinkf in {@link #send}. */
    @Test
    void vp9PacketizedByUsDepacketizedByFfmpeg() throws Exception {
        Path clip = ff.encode("vp9.webm", FfmpegTools.VP9_CLIP);
        List<byte[]> frames = ff.ivfFrames(clip);
        Path out = dir.resolve("out.ivf");
        String log = send(new Vp9Packetizer(1140, 77), "VP9/90000", null, frames, "ivf", out);
        assertFramesEqual(frames, ff.ivfFrames(out), "VP9 frames ffmpeg rebuilt (log: " + log + ")");
    }

    @Test
    void pcmuPacketizedByUsDepacketizedByFfmpeg() throws Exception {
        byte[] samples = new byte[8000 * SECONDS];
        new java.util.Random(711).nextBytes(samples);
        G711Packetizer pk = new G711Packetizer("PCMU", 20, 1140);
        List<byte[]> packets = new ArrayList<>();
        pk.packetize(samples, 0, samples.length, (b, o, l, m) -> packets.add(java.util.Arrays.copyOfRange(b, o, o + l)));
        assertEquals(samples.length / 160, packets.size(), "20 ms = 160 samples per packet");
        Path out = dir.resolve("out.ul");
        // One 20 ms packet per "frame", 160 ticks apart; static payload type 0 = PCMU/8000.
        send(pk, "audio", 0, "PCMU/8000", null, packets, 160, "mulaw", out);
        assertArrayEquals(samples, Files.readAllBytes(out), "samples ffmpeg wrote");
    }

    /** Splits an Annex-B stream into access units at its access unit delimiters (type 9). */
    private static List<byte[]> accessUnits(byte[] b) {
        List<byte[]> units = new ArrayList<>();
        ByteArrayOutputStream cur = null;
        for (byte[] nal : nals(b)) {
            if ((nal[0] & 0x1F) == 9 || cur == null) {
                if (cur != null) {
                    units.add(cur.toByteArray());
                }
                cur = new ByteArrayOutputStream();
            }
            cur.write(new byte[] {0, 0, 0, 1}, 0, 4);
            cur.write(nal, 0, nal.length);
        }
        if (cur != null) {
            units.add(cur.toByteArray());
        }
        return units;
    }

    /**
     * Starts ffmpeg on an SDP file, waits (bounded) until its RTCP port is open, sends every frame
     * through {@code pk} (then a few copies of the first one so ffmpeg's parser flushes the last
     * real frame), and waits for ffmpeg to write {@code frames.size()} frames to {@code out}.
     */
    private String send(Packetizer pk, String rtpmap, String fmtp, List<byte[]> frames, String format, Path out)
            throws Exception {
        return send(pk, "video", PT, rtpmap, fmtp, frames, 3000, format, out);
    }

    /** As above for any media type and payload type; {@code tsStep} is the RTP clock per frame. */
    private String send(Packetizer pk, String media, int pt, String rtpmap, String fmtp, List<byte[]> frames,
            long tsStep, String format, Path out) throws Exception {
        String kind = media.equals("audio") ? "a" : "v";
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int port = freePortPair(lo);
        Path sdp = dir.resolve("in.sdp");
        Files.writeString(sdp, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=ferry\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=" + media + " " + port + " RTP/AVP " + pt + "\r\na=rtpmap:" + pt + " " + rtpmap + "\r\n"
                + (fmtp == null ? "" : "a=fmtp:" + pt + " " + fmtp + "\r\n"), StandardCharsets.US_ASCII);
        Path log = dir.resolve("recv.txt");
        Process p = new ProcessBuilder(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y",
                "-protocol_whitelist", "file,udp,rtp", "-reorder_queue_size", "0", "-buffer_size", "4194304",
                "-i", sdp.toString(), "-map", "0:" + kind, "-c", "copy", "-copyinkf", "-frames:" + kind, "" + frames.size(),
                "-f", format, out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo, 0));
                DatagramSocket probe = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            awaitOpen(probe, new InetSocketAddress(lo, port + 1), p);
            s.connect(new InetSocketAddress(lo, port));
            byte[] pkt = new byte[RtpPacket.FIXED_HEADER + pk.maxPayloadSize()];
            int[] seq = {4321};
            boolean[] closed = {false};
            int sent = 0;
            for (int f = 0; f < frames.size() + 10; f++) {
                byte[] frame = frames.get(f < frames.size() ? f : 0);
                long ts = (tsStep * f) & 0xFFFF_FFFFL;
                int n = pk.packetize(frame, 0, frame.length, (b, o, l, m) -> {
                    RtpPacket.writeFixedHeader(pkt, 0, m, pt, seq[0]++ & 0xFFFF, ts, 0x1234_5678L);
                    System.arraycopy(b, o, pkt, RtpPacket.FIXED_HEADER, l);
                    try {
                        if (!closed[0]) {
                            s.send(new DatagramPacket(pkt, RtpPacket.FIXED_HEADER + l));
                        }
                    } catch (PortUnreachableException gone) {
                        closed[0] = true; // ffmpeg has stopped listening (done, or failed: see below)
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertTrue(n > 0, "frame " + f + " packetized");
                sent += n;
                if (closed[0]) {
                    break;
                }
                // Pace like a 10x-speed sender so a kernel capped below ffmpeg's 4 MiB receive
                // buffer request cannot overflow (the counterpart of -re in the other direction).
                LockSupport.parkNanos(3_000_000);
            }
            assertTrue(sent >= frames.size(), "every frame sent");
            if (!p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)) {
                fail("ffmpeg did not receive " + frames.size() + " frames: " + Files.readString(log));
            }
            assertEquals(0, p.exitValue(), "ffmpeg receiver: " + Files.readString(log));
            return Files.readString(log);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Waits (bounded) until something listens on {@code target}: closed ports answer with ICMP. */
    private static void awaitOpen(DatagramSocket s, InetSocketAddress target, Process p) throws Exception {
        s.connect(target);
        s.setSoTimeout(100);
        byte[] probe = new byte[1];
        for (int attempt = 0; attempt < 100; attempt++) {
            assertTrue(p.isAlive(), "ffmpeg exited early");
            try {
                s.send(new DatagramPacket(probe, 1));
                s.receive(new DatagramPacket(new byte[64], 64));
                break; // it answered: open
            } catch (PortUnreachableException closed) {
                // not bound yet: the receive timeout below paces the next attempt
                try {
                    s.receive(new DatagramPacket(new byte[64], 64));
                } catch (PortUnreachableException | SocketTimeoutException again) {
                    continue;
                }
            } catch (SocketTimeoutException silent) {
                s.disconnect();
                return; // no ICMP error within 100 ms: the port is open
            }
        }
        s.disconnect();
    }

    /** An even port P with P and P + 1 free right now (RTP and RTCP). */
    private static int freePortPair(InetAddress lo) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                int port = a.getLocalPort() & ~1;
                if (port == a.getLocalPort()) {
                    try (DatagramSocket b = new DatagramSocket(new InetSocketAddress(lo, port + 1))) {
                        return port;
                    } catch (java.net.BindException busy) {
                        continue;
                    }
                }
            }
        }
        fail("no free UDP port pair");
        return -1;
    }
}
