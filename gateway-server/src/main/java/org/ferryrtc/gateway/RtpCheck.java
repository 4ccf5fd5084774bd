package org.ferryrtc.gateway;

/**
 * The minimal RTP check of RFC 3550 §5.1 for datagrams arriving on a {@code /media} port:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 * Version 2, the CSRC list, the extension (RFC 3550 §5.3.1) and the padding count fit in the
 * datagram, and the payload type is not an RTCP packet type (RFC 5761 §4: 72..76 with M set).
 */
final class RtpCheck {
    private RtpCheck() {}

    static boolean valid(byte[] b, int off, int len) {
        if (len < 12) return false;
        int first = b[off] & 0xFF;
        if ((first >>> 6) != 2) return false;
        int pt = b[off + 1] & 0x7F;
        if (pt >= 72 && pt <= 76) return false;
        int header = 12 + 4 * (first & 0x0F);
        if (header > len) return false;
        if ((first & 0x10) != 0) {
            if (header + 4 > len) return false;
            int words = ((b[off + header + 2] & 0xFF) << 8) | (b[off + header + 3] & 0xFF);
            header += 4 + 4 * words;
            if (header > len) return false;
        }
        if ((first & 0x20) != 0) {
            int pad = b[off + len - 1] & 0xFF;
            if (pad == 0 || header + pad > len) return false;
        }
        return true;
    }
}
