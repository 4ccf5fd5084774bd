package org.ferryrtc.sdp;

/** Internal: the static RTP payload types of RFC 3551 §6 (tables 4 and 5) still in use. */
final class StaticPayloadTypes {
    private StaticPayloadTypes() {
    }

    /** The implied rtpmap of a static payload type, or null. */
    static RtpMap rtpMap(int pt) {
        return switch (pt) {
            case 0 -> new RtpMap(0, "PCMU", 8000, null);
            case 3 -> new RtpMap(3, "GSM", 8000, null);
            case 4 -> new RtpMap(4, "G723", 8000, null);
            case 8 -> new RtpMap(8, "PCMA", 8000, null);
            case 9 -> new RtpMap(9, "G722", 8000, null);
            case 13 -> new RtpMap(13, "CN", 8000, null);
            case 18 -> new RtpMap(18, "G729", 8000, null);
            case 26 -> new RtpMap(26, "JPEG", 90000, null);
            case 31 -> new RtpMap(31, "H261", 90000, null);
            case 34 -> new RtpMap(34, "H263", 90000, null);
            default -> null;
        };
    }
}
