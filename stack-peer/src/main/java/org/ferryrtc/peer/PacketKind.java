package org.ferryrtc.peer;

/**
 * What arrived on a 5-tuple shared by STUN, DTLS and SRTP, by its first byte (RFC 7983 §7,
 * updating RFC 5764 §5.1.2):
 *
 * <pre>
 *               +----------------+
 *               |        [0..3] -+--> STUN
 *               |      [16..19] -+--> ZRTP
 *   packet -->  |      [20..63] -+--> DTLS
 *               |      [64..79] -+--> TURN channel
 *               |    [128..191] -+--> RTP / RTCP
 *               +----------------+
 * </pre>
 *
 * RTP and RTCP are then told apart by the second byte (RFC 5761 §4: 192..223 is RTCP).
 */
enum PacketKind {
    STUN,
    DTLS,
    RTP,
    RTCP,
    /** ZRTP, TURN channel data, an empty datagram or a first byte no range claims: counted and dropped. */
    OTHER;

    /** Classifies {@code len} bytes from {@code off}; never throws for any input. */
    static PacketKind of(byte[] buf, int off, int len) {
        if (len <= 0) {
            return OTHER;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 <= 3) {
            return STUN;
        }
        if (b0 >= 20 && b0 <= 63) {
            return DTLS;
        }
        if (b0 >= 128 && b0 <= 191) {
            if (len < 2) {
                return OTHER;
            }
            int pt = buf[off + 1] & 0xFF;
            return pt >= 192 && pt <= 223 ? RTCP : RTP;
        }
        return OTHER;
    }
}
