package org.ferryrtc.bench.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.rtp.codec.Codecs;
import org.ferryrtc.rtp.codec.Depacketizer;
import org.ferryrtc.rtp.codec.Packetizer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Depacketizing one RTP payload (one op = one packet pushed) for VP8 (RFC 7741) and H.264
 * (RFC 6184: FU-A fragments of a large NAL, or single NAL units when the frame fits), with
 * packets of about {@code size} bytes. The payloads come from our own packetizer, cycling over
 * 32 frames of 8 packets each; sequence numbers and timestamps advance as a live stream's
 * would. Must be ~0 B/op once the frame buffer has grown.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DepacketizeBenchmark {
    @Param({"VP8", "H264"})
    String codec;

    @Param({"200", "1200"})
    int size;

    private Depacketizer depacketizer;
    private byte[][] payloads;
    private boolean[] markers;
    private int[] frameOf;
    private int i;
    private int seq;

    @Setup
    public void setUp() {
        int header = 12;
        Packetizer packetizer = Codecs.packetizer(codec, size - header);
        depacketizer = Codecs.depacketizer(codec);
        List<byte[]> p = new ArrayList<>();
        List<Boolean> m = new ArrayList<>();
        List<Integer> f = new ArrayList<>();
        Random rnd = new Random(7);
        int frames = 32;
        for (int n = 0; n < frames; n++) {
            byte[] frame = frame(rnd, n, 8 * (size - header - 4) - 16);
            final int frameIndex = n;
            int r = packetizer.packetize(frame, 0, frame.length, (buf, off, len, marker) -> {
                byte[] copy = new byte[len];
                System.arraycopy(buf, off, copy, 0, len);
                p.add(copy);
                m.add(marker);
                f.add(frameIndex);
            });
            if (r < 0) {
                throw new IllegalStateException("packetizer refused the frame");
            }
        }
        payloads = p.toArray(new byte[0][]);
        markers = new boolean[m.size()];
        frameOf = new int[f.size()];
        for (int k = 0; k < markers.length; k++) {
            markers[k] = m.get(k);
            frameOf[k] = f.get(k);
        }
    }

    /** A frame the codec's depacketizer accepts: a VP8 payload header, or an Annex-B IDR/non-IDR NAL. */
    private byte[] frame(Random rnd, int n, int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        if (codec.equals("VP8")) {
            // RFC 6386 §9.1 frame tag: bit 0 = 0 for a keyframe; keyframes carry the start code
            b[0] = (byte) (n == 0 ? 0x10 : 0x11);
            if (n == 0) {
                b[3] = (byte) 0x9D;
                b[4] = 0x01;
                b[5] = 0x2A;
            }
        } else {
            b[0] = 0;
            b[1] = 0;
            b[2] = 0;
            b[3] = 1;
            b[4] = (byte) (n == 0 ? 0x65 : 0x41); // IDR slice or non-IDR slice, nal_ref_idc 3/2
            for (int k = 5; k < len - 2; k++) {
                if (b[k] == 0 && b[k + 1] == 0) {
                    b[k + 1] = 1; // no accidental start code inside the NAL
                }
            }
        }
        return b;
    }

    /** The run only counts if every frame was rebuilt: no gap, nothing invalid. */
    @TearDown
    public void check() {
        if (depacketizer.frames() == 0 || depacketizer.gaps() != 0 || depacketizer.invalid() != 0) {
            throw new IllegalStateException(codec + " depacketizer: frames=" + depacketizer.frames() + " gaps="
                    + depacketizer.gaps() + " invalid=" + depacketizer.invalid());
        }
    }

    @Benchmark
    public int push() {
        int k = i;
        i = (i + 1) % payloads.length;
        byte[] payload = payloads[k];
        int cycle = seq / payloads.length;
        long ts = (cycle * 32L + frameOf[k]) * 3000L;
        Depacketizer.Result r = depacketizer.push(seq++ & 0xFFFF, ts & 0xFFFF_FFFFL, markers[k], payload, 0, payload.length);
        return r == Depacketizer.Result.FRAME ? depacketizer.frameLength() : r.ordinal();
    }
}
