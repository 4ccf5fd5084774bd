package org.ferryrtc.bench.rtp;

import java.util.Random;
import org.ferryrtc.rtp.RtpPacket;

/** Deterministic packets shaped like what Chromium sends, for the RTP benchmarks. */
final class BenchPackets {
    private BenchPackets() {}

    /**
     * A VP8-like RTP packet of exactly {@code size} bytes with a one-byte-form header extension
     * block (RFC 8285) carrying abs-send-time (id 2, 3 bytes) and transport-wide-cc (id 3,
     * 2 bytes), followed by random payload. 64 bytes of tail room follow the packet.
     */
    static byte[] rtpWithExtensions(int size) {
        byte[] b = new byte[size + 64];
        RtpPacket.writeFixedHeader(b, 0, true, 96, 4242, 90_000L, 0xCAFEBABEL);
        b[0] |= 0x10; // X
        int e = 12;
        b[e] = (byte) 0xBE;
        b[e + 1] = (byte) 0xDE;
        b[e + 2] = 0;
        b[e + 3] = 2; // 2 words
        b[e + 4] = 0x22; // id 2, len 3
        b[e + 5] = 0x12;
        b[e + 6] = 0x34;
        b[e + 7] = 0x56;
        b[e + 8] = 0x31; // id 3, len 2
        b[e + 9] = 0x00;
        b[e + 10] = 0x07;
        b[e + 11] = 0x00; // padding
        Random rnd = new Random(size);
        for (int i = e + 12; i < size; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
