package org.ferryrtc.rtp;

import java.util.Arrays;

/** Builds RTP packets for the header-extension tests. */
final class ExtTestPackets {
    private ExtTestPackets() {}

    /**
     * Writes at {@code off} a packet with {@code cc} CSRCs, no extension, {@code payload} and
     * {@code padLen} bytes of RTP padding (0 = P clear); returns its length.
     */
    static int build(byte[] buf, int off, int cc, byte[] payload, int padLen) {
        RtpPacket.writeFixedHeader(buf, off, true, 96, 4660, 90_000L, 0x11223344L);
        buf[off] = (byte) (buf[off] | cc | (padLen > 0 ? 0x20 : 0));
        int i = off + 12;
        for (int c = 0; c < cc; c++) {
            RtpPacket.writeU32(buf, i, 0xC0000000L + c);
            i += 4;
        }
        System.arraycopy(payload, 0, buf, i, payload.length);
        i += payload.length;
        if (padLen > 0) {
            Arrays.fill(buf, i, i + padLen - 1, (byte) 0);
            buf[i + padLen - 1] = (byte) padLen;
            i += padLen;
        }
        return i - off;
    }

    static byte[] payload(int n, int seed) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (seed + 31 * i);
        }
        return p;
    }

    /** Payload bytes (without padding) of a wrapped packet. */
    static byte[] payloadOf(RtpPacket p) {
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    /** Payload and padding bytes of a wrapped packet. */
    static byte[] tailOf(RtpPacket p) {
        return Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.offset() + p.length());
    }

    /** The header without extension (fixed part + CSRCs), X bit masked. */
    static byte[] fixedOf(RtpPacket p) {
        byte[] f = Arrays.copyOfRange(p.buffer(), p.offset(), p.offset() + 12 + 4 * p.csrcCount());
        f[0] &= (byte) ~0x10;
        return f;
    }

    /** The element data under {@code id}, or null. */
    static byte[] element(RtpPacket p, int id) {
        int at = HeaderExtensions.find(p, id);
        return at < 0 ? null : Arrays.copyOfRange(p.buffer(), at, at + HeaderExtensions.dataLength(p, at));
    }
}
