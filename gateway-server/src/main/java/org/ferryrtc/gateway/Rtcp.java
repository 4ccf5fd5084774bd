package org.ferryrtc.gateway;

/** The RTCP the gateway writes itself towards local programs. */
final class Rtcp {
    private Rtcp() {}

    /**
     * A Picture Loss Indication (RFC 4585 §6.3.1): a payload-specific feedback packet, FMT 1,
     * PT 206, length 2 (three 32-bit words minus one), no FCI.
     * <pre>
     *  0                   1                   2                   3
     * |V=2|P| FMT=1   |   PT=206      |          length=2             |
     * |                  SSRC of packet sender                        |
     * |                  SSRC of media source                         |
     * </pre>
     */
    static byte[] pli(long senderSsrc, long mediaSsrc) {
        byte[] b = new byte[12];
        b[0] = (byte) 0x81;
        b[1] = (byte) 206;
        b[2] = 0;
        b[3] = 2;
        put32(b, 4, senderSsrc);
        put32(b, 8, mediaSsrc);
        return b;
    }

    private static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
