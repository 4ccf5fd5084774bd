package org.ferryrtc.peer.media;

import java.util.Random;
import org.ferryrtc.rtp.ExtensionMap;
import org.ferryrtc.rtp.KnownExtension;

/** Configurations shared by the media tests: A sends VP8 (with RTX) and Opus to B. */
final class Fixtures {
    static final long VIDEO_SSRC = 0x1111_0001L;
    static final long VIDEO_RTX_SSRC = 0x1111_0002L;
    static final long AUDIO_SSRC = 0x2222_0001L;
    static final long B_SSRC = 0x9999_0001L;
    static final int VP8 = 96;
    static final int VP8_RTX = 97;
    static final int OPUS = 111;
    static final int MID_ID = 4;
    static final int ABS_ID = 2;
    static final int TWCC_ID = 3;

    private Fixtures() {
    }

    static ExtensionMap extensions(boolean twcc) {
        ExtensionMap m = new ExtensionMap();
        m.put(MID_ID, KnownExtension.MID);
        m.put(ABS_ID, KnownExtension.ABS_SEND_TIME);
        if (twcc) {
            m.put(TWCC_ID, KnownExtension.TRANSPORT_CC);
        }
        return m;
    }

    static RtpSessionConfig.Builder sender(long seed, boolean twcc) {
        return RtpSessionConfig.builder()
                .sendTrack(new RtpSessionConfig.SendTrack("video", RtpSessionConfig.Kind.VIDEO, "0", "VP8", VP8, 90_000,
                        VIDEO_SSRC, VIDEO_RTX_SSRC, VP8_RTX, "alice"))
                .sendTrack(new RtpSessionConfig.SendTrack("audio", RtpSessionConfig.Kind.AUDIO, "1", "opus", OPUS, 48_000,
                        AUDIO_SSRC, -1, -1, "alice"))
                .sendExtensions(extensions(twcc)).receiveExtensions(extensions(twcc))
                .rtcpSsrc(0x1234, "alice").seed(seed);
    }

    static RtpSessionConfig.Builder receiver(long seed, boolean twcc, boolean announce) {
        RtpSessionConfig.Builder b = RtpSessionConfig.builder()
                .receiveCodec(new RtpSessionConfig.ReceiveCodec(VP8, "VP8", 90_000, RtpSessionConfig.Kind.VIDEO, VP8_RTX, true))
                .receiveCodec(new RtpSessionConfig.ReceiveCodec(OPUS, "opus", 48_000, RtpSessionConfig.Kind.AUDIO, -1, true))
                .receiveMid("0").receiveMid("1")
                .sendExtensions(extensions(twcc)).receiveExtensions(extensions(twcc))
                .rtcpSsrc(B_SSRC, "bob").seed(seed + 1);
        if (announce) {
            b.remoteSsrc(new RtpSessionConfig.RemoteSsrc(VIDEO_SSRC, "0", VIDEO_RTX_SSRC));
            b.remoteSsrc(new RtpSessionConfig.RemoteSsrc(AUDIO_SSRC, "1", -1));
        }
        return b;
    }

    /** A VP8-like frame: byte 0 bit 0 is the inverse keyframe flag (RFC 7741 §4.3), then seeded bytes. */
    static byte[] vp8Frame(Random r, int index, boolean key) {
        int len = key ? 8000 + r.nextInt(4000) : 200 + r.nextInt(3000);
        byte[] f = new byte[len];
        r.nextBytes(f);
        f[0] = (byte) ((f[0] & 0xFE) | (key ? 0 : 1));
        f[1] = (byte) (index >>> 8);
        f[2] = (byte) index;
        return f;
    }

    static byte[] opusFrame(Random r, int index) {
        byte[] f = new byte[40 + r.nextInt(160)];
        r.nextBytes(f);
        f[0] = (byte) (index >>> 8);
        f[1] = (byte) index;
        return f;
    }
}
