package org.ferryrtc.srtp;

import java.util.List;

/** G.711 mu-law (ITU-T G.711) for the interop test's tone, and a zero-crossing frequency meter. */
final class G711 {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private G711() {
    }

    static byte linearToUlaw(short pcm) {
        int s = pcm;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        s = Math.min(s, CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short ulawToLinear(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int sample = ((((u & 0x0F) << 3) + BIAS) << exponent) - BIAS;
        return (short) ((u & 0x80) != 0 ? -sample : sample);
    }

    /** The frequency of a tone from its rising zero crossings. */
    static double frequency(List<Short> samples, int rate) {
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i - 1) < 0 && samples.get(i) >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings == 0 ? 0 : crossings * (double) rate / (last - first);
    }
}
