package org.ferryrtc.srtp;

import java.util.Random;
import org.ferryrtc.rtp.RtpPacket;

/** Builds plain RTP and RTCP test packets in buffers with tail room. */
final class Packets {
    static final int TAIL = 64;

    private Packets() {
    }

    /**
     * An RTP packet with {@code csrcs} CSRCs, a one-byte-header extension of {@code extWords}
     * words if {@code extWords >= 0}, {@code payload} random bytes and {@code pad} padding bytes.
     */
    static byte[] rtp(Random rnd, int seq, long ssrc, int csrcs, int extWords, int payload, int pad) {
        int hdr = 12 + 4 * csrcs + (extWords >= 0 ? 4 + 4 * extWords : 0);
        byte[] b = new byte[hdr + payload + pad + TAIL];
        RtpPacket.writeFixedHeader(b, 0, seq % 7 == 0, 96, seq, 90_000L * seq, ssrc);
        b[0] |= (byte) csrcs;
        for (int i = 0; i < 4 * csrcs; i++) {
            b[12 + i] = (byte) rnd.nextInt();
        }
        if (extWords >= 0) {
            b[0] |= 0x10;
            int e = 12 + 4 * csrcs;
            b[e] = (byte) 0xBE;
            b[e + 1] = (byte) 0xDE;
            b[e + 3] = (byte) extWords;
            for (int i = 0; i < 4 * extWords; i++) {
                b[e + 4 + i] = (byte) rnd.nextInt();
            }
        }
        for (int i = 0; i < payload; i++) {
            b[hdr + i] = (byte) rnd.nextInt();
        }
        if (pad > 0) {
            b[0] |= 0x20;
            b[hdr + payload + pad - 1] = (byte) pad;
        }
        return b;
    }

    static int rtpLength(byte[] b) {
        return b.length - TAIL;
    }

    /** An RTCP receiver report (PT 201) from {@code ssrc} with {@code extra} random bytes after it. */
    static byte[] rtcp(Random rnd, long ssrc, int extra) {
        int words = 1 + (extra + 3) / 4;
        byte[] b = new byte[4 + 4 * words + TAIL];
        b[0] = (byte) 0x80;
        b[1] = (byte) 201;
        b[2] = (byte) (words >>> 8);
        b[3] = (byte) words;
        b[4] = (byte) (ssrc >>> 24);
        b[5] = (byte) (ssrc >>> 16);
        b[6] = (byte) (ssrc >>> 8);
        b[7] = (byte) ssrc;
        for (int i = 8; i < 4 + 4 * words; i++) {
            b[i] = (byte) rnd.nextInt();
        }
        return b;
    }

    static SrtpContext[] pair(SrtpProfile p, long seed, SrtpPolicy policy) {
        Random r = new Random(seed);
        byte[] key = new byte[p.keyLength()];
        byte[] salt = new byte[p.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        return new SrtpContext[] {SrtpContext.create(p, key, salt, policy, true),
            SrtpContext.create(p, key, salt, policy, false)};
    }
}
