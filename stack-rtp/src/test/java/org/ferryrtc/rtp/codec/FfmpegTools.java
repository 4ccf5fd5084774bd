package org.ferryrtc.rtp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ffmpeg/ffprobe plumbing for the interop tests: every process wait is bounded, output goes to a
 * log file in the test's temporary directory, a missing tool fails the test (never skips it).
 */
final class FfmpegTools {
    static final long PROCESS_TIMEOUT_S = 25;

    private final Path dir;

    FfmpegTools(Path dir) {
        this.dir = dir;
    }

    /** Test-clip encoding arguments shared by the interop tests (3 s, 320x240 at 30 fps). */
    static final int SECONDS = 3;

    /** 3 s of testsrc, VP8 (libvpx, realtime), a keyframe every 30 frames, WebM. */
    static final String[] VP8_CLIP = {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "" + SECONDS,
        "-c:v", "libvpx", "-b:v", "600k", "-g", "30", "-keyint_min", "30", "-auto-alt-ref", "0",
        "-deadline", "realtime", "-cpu-used", "16", "-threads", "1", "-f", "webm"};

    /** 3 s of testsrc, VP9 (libvpx-vp9, realtime), a keyframe every 30 frames, WebM. */
    static final String[] VP9_CLIP = {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "" + SECONDS,
        "-c:v", "libvpx-vp9", "-b:v", "500k", "-g", "30", "-keyint_min", "30", "-deadline", "realtime",
        "-cpu-used", "8", "-threads", "1", "-f", "webm"};

    /** 3 s of testsrc, H.264 constrained baseline (libx264), IDR every 30 frames, MPEG-TS. */
    static final String[] H264_CLIP = {"-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "" + SECONDS,
        "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-bf", "0",
        "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-f", "mpegts"};

    /** The clip's frames as ffmpeg itself extracts them (IVF: 32-byte header, 12-byte frame headers). */
    List<byte[]> ivfFrames(Path clip) throws Exception {
        Path ivf = dir.resolve(clip.getFileName() + ".ivf");
        run(List.of(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(),
                "-c", "copy", "-f", "ivf", ivf.toString()), "extract IVF");
        byte[] b = Files.readAllBytes(ivf);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int pos = bb.getShort(6) & 0xFFFF; // header length
        List<byte[]> frames = new ArrayList<>();
        while (pos + 12 <= b.length) {
            int size = bb.getInt(pos);
            frames.add(Arrays.copyOfRange(b, pos + 12, pos + 12 + size));
            pos += 12 + size;
        }
        return frames;
    }

    /** NAL units of an Annex-B stream (3- or 4-byte start codes; trailing zero bytes dropped). */
    static List<byte[]> nals(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    out.add(trimZeros(b, start, i));
                }
                start = i + 3;
                i += 2;
            }
        }
        if (start >= 0) {
            out.add(trimZeros(b, start, b.length));
        }
        return out;
    }

    private static byte[] trimZeros(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == 0) {
            e--;
        }
        return Arrays.copyOfRange(b, s, e);
    }

    static void assertFramesEqual(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": #" + i);
        }
    }

    static String tool(String name) {
        for (String d : new String[] {"/usr/bin", "/usr/local/bin"}) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                File f = new File(d, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        fail(name + " is required for the interop test (install it with the project's .ci script)");
        return null;
    }

    Path encode(String file, String... args) throws Exception {
        Path out = dir.resolve(file);
        List<String> cmd = new ArrayList<>(List.of(tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(Arrays.asList(args));
        cmd.add(out.toString());
        run(cmd, "encode " + file);
        assertTrue(Files.size(out) > 0, "encoded " + file);
        return out;
    }

    String run(List<String> cmd, String what) throws Exception {
        Path log = dir.resolve("log-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS)) {
                fail(what + " did not finish in " + PROCESS_TIMEOUT_S + " s");
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), what + " failed: " + text);
            return text;
        } finally {
            p.destroyForcibly();
        }
    }

    /** ffprobe's packets in decode order: true where the packet is a keyframe. */
    List<Boolean> probeKeyframes(Path clip, String stream) throws Exception {
        String out = run(List.of(tool("ffprobe"), "-v", "error", "-select_streams", stream,
                "-show_entries", "packet=flags", "-of", "compact=p=0:nk=1", clip.toString()), "ffprobe");
        List<Boolean> keys = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.trim();
            if (l.startsWith("K") || l.startsWith("_")) { // flags field; other lines are side data
                keys.add(l.charAt(0) == 'K');
            }
        }
        assertTrue(keys.size() > 10, "ffprobe found packets: " + out);
        return keys;
    }

    /** Indices of the true entries. */
    static List<Integer> indices(List<Boolean> flags) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i)) {
                r.add(i);
            }
        }
        return r;
    }
}
