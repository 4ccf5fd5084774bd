package org.ferryrtc.gateway;

import org.ferryrtc.rtcp.PictureLossIndication;

/** The RTCP the gateway writes itself towards local programs (written by the stack's RTCP views). */
final class Rtcp {
    private Rtcp() {}

    /** A Picture Loss Indication (RFC 4585 §6.3.1: PSFB, FMT 1, no FCI) from {@code senderSsrc} about {@code mediaSsrc}. */
    static byte[] pli(long senderSsrc, long mediaSsrc) {
        byte[] b = new byte[PictureLossIndication.SIZE];
        PictureLossIndication.write(b, 0, senderSsrc, mediaSsrc);
        return b;
    }
}
