package org.ferryrtc.rtp.codec;

import static org.ferryrtc.rtp.codec.FfmpegTools.PROCESS_TIMEOUT_S;
import static org.ferryrtc.rtp.codec.FfmpegTools.SECONDS;
import static org.ferryrtc.rtp.codec.FfmpegTools.assertFramesEqual;
import static org.ferryrtc.rtp.codec.FfmpegTools.indices;
import static org.ferryrtc.rtp.codec.FfmpegTools.nals;
import static org.ferryrtc.rtp.codec.FfmpegTools.tool;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.codec.Depacketizer.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent implementation: ffmpeg encodes a test clip (libvpx VP8 and VP9,
 * libx264 constrained baseline, libopus), ffprobe reports the packet count and which packets are
 * keyframes, ffmpeg's RTP muxer sends the clip (stream copy, paced with -re) to a socket on
 * 127.0.0.1, and our depacketizer must rebuild exactly those frames with no gap or invalid
 * payload, with keyframes at exactly ffprobe's indices, and byte for byte what ffmpeg itself
 * extracts from the clip (IVF frames, Annex-B NAL units, Opus packet sizes). Fails (never skips)
 * without ffmpeg.
 * Every wait is bounded: process timeouts, a socket timeout, and an overall deadline.
 */
@Tag("interop")
class FfmpegInteropTest {
    private static final long RECEIVE_DEADLINE_MS = 25_000;
    
    @TempDir
    Path dir;

    private FfmpegTools ff;

    @BeforeEach
    void tools() {
        ff = new FfmpegTools(dir);
    }

    @Test
    void vp8FromLibvpx() throws Exception {
        Path clip = ff.encode("vp8.webm", FfmpegTools.VP8_CLIP);
        Outcome o = sendAndDepacketize(clip, "v:0", "VP8", true);
        assertTrue(o.multiPacketFrames > 0, "some frames span several packets");
        assertFramesEqual(ff.ivfFrames(clip), o.frames, "VP8 frames byte for byte");
    }

    @Test
    void h264FromLibx264() throws Exception {
        Path clip = ff.encode("h264.ts", FfmpegTools.H264_CLIP);
        Outcome o = sendAndDepacketize(clip, "v:0", "H264", true);
        assertTrue(o.fuA > 0, "keyframes are larger than the MTU: FU-A in use");
        assertTrue(o.firstKeyframeHadSpsPps, "SPS and PPS arrive with (before) the first IDR");
        // Same NAL units, in order, as ffmpeg's own Annex-B dump of the clip.
        Path raw = dir.resolve("raw.h264");
        ff.run(List.of(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
                "-c", "copy", "-f", "h264", raw.toString()), "extract Annex-B");
        List<byte[]> ours = new ArrayList<>();
        for (byte[] f : o.frames) {
            ours.addAll(nals(f));
        }
        assertFramesEqual(nals(Files.readAllBytes(raw)), ours, "H.264 NAL units byte for byte");
    }

    @Test
    void opusFromLibopus() throws Exception {
        Path clip = ff.encode("opus.ogg", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "" + SECONDS, "-c:a", "libopus", "-b:a", "32k", "-f", "ogg");
        Outcome o = sendAndDepacketize(clip, "a:0", "opus", true);
        assertEquals(48_000 / 50, o.firstTimestampStep, "20 ms frames on the 48 kHz RTP clock (RFC 7587 §4.1)");
        String sizes = ff.run(List.of(tool("ffprobe"), "-v", "error", "-select_streams", "a:0",
                "-show_entries", "packet=size", "-of", "compact=p=0:nk=1", clip.toString()), "ffprobe sizes");
        List<Integer> expected = new ArrayList<>();
        for (String line : sizes.split("\n")) {
            String l = line.replace("|", "").trim();
            if (!l.isEmpty()) {
                expected.add(Integer.parseInt(l));
            }
        }
        assertEquals(expected, o.frames.stream().map(f -> f.length).toList(), "Opus packet sizes");
    }

    /**
     * G.711 μ-law: ffmpeg's RTP muxer (static payload type 0) cuts the samples its own way; every
     * payload is a frame, the RTP timestamp advances by one per sample (RFC 3551 §4.5.14), and the
     * concatenated payloads are exactly the samples of the clip.
     */
    @Test
    void pcmuFromFfmpeg() throws Exception {
        Path clip = ff.encode("pcmu.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000",
                "-t", "" + SECONDS, "-ac", "1", "-c:a", "pcm_mulaw", "-f", "wav");
        Path raw = dir.resolve("pcmu.ul");
        ff.run(List.of(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
                "-c", "copy", "-f", "mulaw", raw.toString()), "extract samples");
        byte[] samples = Files.readAllBytes(raw);
        assertEquals(8000 * SECONDS, samples.length);
        Depacketizer dp = Codecs.depacketizer("PCMU");
        RtpPacket pkt = new RtpPacket();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        long nextTs = -1;
        for (byte[] d : receiveRtp(clip, "a:0", "PCMU")) {
            assertTrue(pkt.wrap(d, 0, d.length));
            assertEquals(0, pkt.payloadType(), "static payload type 0 = PCMU");
            if (nextTs >= 0) {
                assertEquals(nextTs, pkt.timestamp(), "one tick per sample");
            }
            assertEquals(Result.FRAME, dp.push(pkt.sequenceNumber(), pkt.timestamp(), pkt.marker(), d,
                    pkt.payloadOffset(), pkt.payloadLength()));
            got.write(dp.frameBuffer(), 0, dp.frameLength());
            nextTs = (pkt.timestamp() + dp.frameLength()) & 0xFFFF_FFFFL;
        }
        assertArrayEquals(samples, got.toByteArray());
        assertEquals(0, dp.gaps() + dp.invalid() + dp.discarded());
    }

    /**
     * VP9 from libvpx through ffmpeg's (experimental, pre-RFC 9628) VP9 packetizer, which only
     * writes the B and E bits: never I or P. By RFC 9628 every picture then reads as P=0, so
     * ffprobe's keyframes must be among ours but the sets are not compared for equality.
     */
    @Test
    void vp9FromLibvpx() throws Exception {
        Path clip = ff.encode("vp9.webm", FfmpegTools.VP9_CLIP);
        Outcome o = sendAndDepacketize(clip, "v:0", "VP9", false);
        assertTrue(o.multiPacketFrames > 0, "some frames span several packets");
        List<byte[]> frames = ff.ivfFrames(clip);
        assertFramesEqual(frames, o.frames, "VP9 frames byte for byte");
        // Our packetizer on the same frames: real key frames carry a 320x240 scalability structure.
        Vp9Packetizer pk = new Vp9Packetizer();
        for (byte[] f : frames) {
            Packets out = new Packets();
            pk.packetize(f, 0, f.length, out);
            byte[] first = out.get(0);
            boolean key = Vp9Depacketizer.isKeyframe(first, 0, first.length);
            assertEquals(key, (first[0] & 0x02) != 0, "SS exactly on key frames");
            if (key) {
                assertEquals("10014000f0", Packets.hex(first, 3, 5), "N_S=0 Y=1, 320x240");
            }
        }
    }

    /**
     * AV1 (ffmpeg 5.1 has no AV1 RTP packetizer): libaom temporal units in low-overhead format go
     * through our packetizer and depacketizer (budgets 1140 and 300) and must come back byte for
     * byte, keyframes where ffprobe sees them; ffmpeg then decodes the rebuilt stream.
     */
    @Test
    void av1FromLibaomThroughOurPayloadFormat() throws Exception {
        Path clip = ff.encode("av1.obu", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "" + SECONDS,
                "-c:v", "libaom-av1", "-usage", "realtime", "-cpu-used", "8", "-b:v", "300k", "-g", "30",
                "-f", "obu");
        List<Boolean> expectedKeys = ff.probeKeyframes(clip, "v:0");
        byte[] all = Files.readAllBytes(clip);
        List<byte[]> units = temporalUnits(all);
        assertEquals(expectedKeys.size(), units.size(), "temporal units vs ffprobe packets");
        for (int mtu : new int[] {1140, 300}) {
            Packetizer pk = new Av1Packetizer(mtu);
            Depacketizer dp = new Av1Depacketizer();
            java.io.ByteArrayOutputStream rebuilt = new java.io.ByteArrayOutputStream();
            List<Boolean> keys = new ArrayList<>();
            int[] seq = {0};
            for (int t = 0; t < units.size(); t++) {
                byte[] tu = units.get(t);
                long ts = 3000L * t;
                List<Result> results = new ArrayList<>();
                int n = pk.packetize(tu, 0, tu.length, (b, o, l, m) -> {
                    assertTrue(l <= mtu);
                    results.add(dp.push(seq[0]++ & 0xFFFF, ts, m, b, o, l));
                });
                assertTrue(n > 0);
                assertEquals(Result.FRAME, results.get(results.size() - 1), "TU " + t);
                assertArrayEquals(tu, Arrays.copyOf(dp.frameBuffer(), dp.frameLength()), "TU " + t + " mtu " + mtu);
                keys.add(dp.isKeyframe());
                rebuilt.write(dp.frameBuffer(), 0, dp.frameLength());
            }
            assertEquals(indices(expectedKeys), indices(keys), "AV1 keyframe indices");
            assertEquals(0, dp.gaps() + dp.invalid());
            Path out = dir.resolve("rebuilt-" + mtu + ".obu");
            Files.write(out, rebuilt.toByteArray());
            String count = ff.run(List.of(tool("ffprobe"), "-v", "error", "-count_frames", "-show_entries",
                    "stream=nb_read_frames", "-of", "csv=p=0", out.toString()), "ffprobe decode").trim();
            assertEquals(units.size(), Integer.parseInt(count), "ffmpeg decodes every rebuilt temporal unit");
        }
    }

    /** Splits a low-overhead AV1 stream at its temporal delimiter OBUs. */
    private static List<byte[]> temporalUnits(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < b.length) {
            long o = Av1Packetizer.parseObu(b, i, b.length);
            assertTrue(o >= 0, "well-formed OBU at " + i);
            if (((b[i] >>> 3) & 0x0F) == Av1Packetizer.OBU_TEMPORAL_DELIMITER && i > start) {
                out.add(Arrays.copyOfRange(b, start, i));
                start = i;
            }
            i += (int) (o & 0xFF) + (int) (o >>> 8);
        }
        out.add(Arrays.copyOfRange(b, start, b.length));
        return out;
    }

    // ---- plumbing ----

    record Outcome(int multiPacketFrames, int fuA, boolean firstKeyframeHadSpsPps, long firstTimestampStep,
            List<byte[]> frames) {}

    private Outcome sendAndDepacketize(Path clip, String stream, String codec, boolean exactKeys) throws Exception {
        List<Boolean> expectedKeys = ff.probeKeyframes(clip, stream);
        return depacketize(codec, receiveRtp(clip, stream, codec), expectedKeys, exactKeys);
    }

    /** Has ffmpeg send the clip's stream as RTP (stream copy, -re) and collects the datagrams. */
    private List<byte[]> receiveRtp(Path clip, String stream, String codec) throws Exception {
        List<byte[]> datagrams = new ArrayList<>();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket rtp = new DatagramSocket(null); DatagramSocket rtcp = new DatagramSocket(null)) {
            rtp.setReceiveBufferSize(8 << 20);
            rtp.bind(new InetSocketAddress(lo, 0));
            rtcp.bind(new InetSocketAddress(lo, 0)); // ffmpeg's RTCP goes here, unread
            rtp.setSoTimeout(250);
            String url = "rtp://127.0.0.1:" + rtp.getLocalPort() + "?rtcpport=" + rtcp.getLocalPort() + "&pkt_size=1200";
            Path log = dir.resolve("send-" + codec + ".txt");
            Process p = new ProcessBuilder(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-re",
                    "-i", clip.toString(), "-map", "0:" + stream, "-c", "copy", "-strict", "experimental", "-f", "rtp", url)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECEIVE_DEADLINE_MS);
                byte[] buf = new byte[2048];
                DatagramPacket dp = new DatagramPacket(buf, buf.length);
                while (true) {
                    assertTrue(System.nanoTime() < deadline, "receive deadline exceeded");
                    try {
                        rtp.receive(dp);
                        datagrams.add(Arrays.copyOf(dp.getData(), dp.getLength()));
                    } catch (SocketTimeoutException idle) {
                        if (!p.isAlive()) {
                            break; // sender finished and the socket is drained
                        }
                    }
                }
                assertTrue(p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), "ffmpeg rtp sender: " + Files.readString(log));
            } finally {
                p.destroyForcibly();
            }
        }
        return datagrams;
    }

    private static Outcome depacketize(String codec, List<byte[]> datagrams, List<Boolean> expectedKeys,
            boolean exactKeys) {
        List<byte[]> frames = new ArrayList<>();
        Depacketizer dp = Codecs.depacketizer(codec);
        RtpPacket pkt = new RtpPacket();
        List<Boolean> keys = new ArrayList<>();
        int multi = 0;
        int fuA = 0;
        int packetsInFrame = 0;
        boolean firstKeySpsPps = false;
        long firstTs = -1;
        long step = -1;
        long ssrc = -1;
        int gaps = 0;
        int invalid = 0;
        for (byte[] d : datagrams) {
            assertTrue(pkt.wrap(d, 0, d.length), "ffmpeg sent a valid RTP packet");
            if (ssrc < 0) {
                ssrc = pkt.ssrc();
            }
            assertEquals(ssrc, pkt.ssrc(), "one stream");
            int po = pkt.payloadOffset();
            int pl = pkt.payloadLength();
            if (codec.equals("H264") && pl > 0 && (d[po] & 0x1F) == 28) {
                fuA++;
            }
            packetsInFrame++;
            Result r = dp.push(pkt.sequenceNumber(), pkt.timestamp(), pkt.marker(), d, po, pl);
            switch (r) {
                case GAP -> gaps++;
                case INVALID -> invalid++;
                case FRAME -> {
                    keys.add(dp.isKeyframe());
                    frames.add(Arrays.copyOf(dp.frameBuffer(), dp.frameLength()));
                    if (packetsInFrame > 1) {
                        multi++;
                    }
                    packetsInFrame = 0;
                    if (dp.isKeyframe() && keys.stream().filter(k -> k).count() == 1
                            && dp instanceof H264Depacketizer h) {
                        firstKeySpsPps = h.hasSps() && h.hasPps();
                    }
                    if (firstTs < 0) {
                        firstTs = dp.frameTimestamp();
                    } else if (step < 0) {
                        step = dp.frameTimestamp() - firstTs;
                    }
                }
                default -> { }
            }
        }
        assertEquals(0, gaps, "no GAP on loopback");
        assertEquals(0, invalid, "no INVALID");
        assertEquals(0, dp.gaps() + dp.invalid() + dp.discarded());
        assertEquals(expectedKeys.size(), keys.size(), codec + ": frames depacketized vs ffprobe packets");
        if (exactKeys) {
            assertEquals(indices(expectedKeys), indices(keys), codec + ": keyframe indices");
        } else {
            assertTrue(indices(keys).containsAll(indices(expectedKeys)), codec + ": ffprobe's keyframes found");
        }
        assertFalse(indices(keys).isEmpty());
        return new Outcome(multi, fuA, firstKeySpsPps, step, frames);
    }

}
