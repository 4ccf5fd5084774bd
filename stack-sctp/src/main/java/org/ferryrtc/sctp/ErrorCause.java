package org.ferryrtc.sctp;

/**
 * Error causes carried by ABORT and ERROR chunks (RFC 9260 §3.3.10).
 *
 * <pre>
 * |           Cause Code          |       Cause Length            |
 * \                    Cause-Specific Information                 \
 * </pre>
 */
final class ErrorCause {
    static final int INVALID_STREAM = 1;
    static final int MISSING_MANDATORY_PARAMETER = 2;
    static final int STALE_COOKIE = 3;
    static final int OUT_OF_RESOURCE = 4;
    static final int UNRECOGNIZED_CHUNK = 6;
    static final int INVALID_MANDATORY_PARAMETER = 7;
    static final int UNRECOGNIZED_PARAMETERS = 8;
    static final int NO_USER_DATA = 9;
    static final int COOKIE_WHILE_SHUTTING_DOWN = 10;
    static final int USER_INITIATED_ABORT = 12;
    static final int PROTOCOL_VIOLATION = 13;

    private ErrorCause() {
    }

    /** Encodes one cause (padded) with the given information bytes. */
    static byte[] encode(int code, byte[] info, int infoOff, int infoLen) {
        byte[] out = new byte[Bytes.pad4(4 + infoLen)];
        Bytes.put16(out, 0, code);
        Bytes.put16(out, 2, 4 + infoLen);
        System.arraycopy(info, infoOff, out, 4, infoLen);
        return out;
    }

    static byte[] encode(int code) {
        return encode(code, new byte[0], 0, 0);
    }

    /** Short text naming the first well-formed cause in an ABORT/ERROR chunk value. */
    static String describe(Chunk c) {
        byte[] b = c.buffer();
        int p = c.valueOffset();
        if (c.end() - p < 4) {
            return "no cause";
        }
        int code = Bytes.u16(b, p);
        int l = Bytes.u16(b, p + 2);
        if (l < 4 || l > c.end() - p) {
            return "malformed cause";
        }
        return name(code);
    }

    static String name(int code) {
        switch (code) {
            case INVALID_STREAM: return "invalid stream identifier";
            case MISSING_MANDATORY_PARAMETER: return "missing mandatory parameter";
            case STALE_COOKIE: return "stale cookie";
            case OUT_OF_RESOURCE: return "out of resource";
            case UNRECOGNIZED_CHUNK: return "unrecognized chunk type";
            case INVALID_MANDATORY_PARAMETER: return "invalid mandatory parameter";
            case UNRECOGNIZED_PARAMETERS: return "unrecognized parameters";
            case NO_USER_DATA: return "no user data";
            case COOKIE_WHILE_SHUTTING_DOWN: return "cookie received while shutting down";
            case USER_INITIATED_ABORT: return "user-initiated abort";
            case PROTOCOL_VIOLATION: return "protocol violation";
            default: return "cause " + code;
        }
    }
}
