package org.ferryrtc.sctp;

/**
 * RE-CONFIG chunk (RFC 6525 §3.1) holding one or two parameters. Parameters understood here:
 * Outgoing SSN Reset Request (§4.1) and Re-configuration Response (§4.4); others are walked over.
 *
 * <pre>
 * | Type = 130    |  Chunk Flags  |      Chunk Length             |
 * \                  Re-configuration Parameter(s)                \
 *
 * Outgoing SSN Reset Request (type 13):
 * |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
 * |           Re-configuration Request Sequence Number            |
 * |           Re-configuration Response Sequence Number           |
 * |                Sender's Last Assigned TSN                     |
 * |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
 *
 * Re-configuration Response (type 16):
 * |     Parameter Type = 16       |      Parameter Length         |
 * |         Re-configuration Response Sequence Number             |
 * |                            Result                             |
 * </pre>
 */
final class ReconfigChunk {
    static final int P_OUTGOING_RESET = 13;
    static final int P_INCOMING_RESET = 14;
    static final int P_SSN_TSN_RESET = 15;
    static final int P_RESPONSE = 16;
    static final int P_ADD_OUTGOING = 17;
    static final int P_ADD_INCOMING = 18;

    static final int SUCCESS_NOTHING_TO_DO = 0;
    static final int SUCCESS_PERFORMED = 1;
    static final int DENIED = 2;
    static final int ERROR_WRONG_SSN = 3;
    static final int ERROR_IN_PROGRESS = 4;
    static final int ERROR_BAD_SEQUENCE = 5;
    static final int IN_PROGRESS = 6;

    private byte[] buf;
    private int off;
    private int len;

    /** False unless the chunk holds one or two well-formed parameters of plausible lengths. */
    boolean wrap(Chunk c) {
        if (c.type() != Chunk.RE_CONFIG || c.length() < 8) {
            return false;
        }
        byte[] b = c.buffer();
        int end = c.end();
        int n = 0;
        for (int p = c.offset() + 4; p < end; ) {
            if (end - p < 4) {
                return false;
            }
            int t = Bytes.u16(b, p);
            int l = Bytes.u16(b, p + 2);
            if (l < 4 || l > end - p || ++n > 2) {
                return false;
            }
            if ((t == P_OUTGOING_RESET && (l < 16 || (l - 16) % 2 != 0))
                    || (t == P_RESPONSE && l < 12)
                    || (t == P_INCOMING_RESET && (l < 8 || (l - 8) % 2 != 0))) {
                return false;
            }
            p += Bytes.pad4(l);
        }
        this.buf = b;
        this.off = c.offset();
        this.len = c.length();
        return n > 0;
    }

    int firstParam() {
        return off + 4;
    }

    int end() {
        return off + len;
    }

    int nextParam(int p) {
        return Math.min(p + Bytes.pad4(Bytes.u16(buf, p + 2)), end());
    }

    int paramType(int p) {
        return Bytes.u16(buf, p);
    }

    int paramLength(int p) {
        return Bytes.u16(buf, p + 2);
    }

    /** Request sequence number of a request parameter, or response sequence number of a response. */
    int seq(int p) {
        return Bytes.i32(buf, p + 4);
    }

    int responseSeq(int p) {
        return Bytes.i32(buf, p + 8);
    }

    int lastAssignedTsn(int p) {
        return Bytes.i32(buf, p + 12);
    }

    int streamCount(int p) {
        return (paramLength(p) - 16) / 2;
    }

    int stream(int p, int i) {
        return Bytes.u16(buf, p + 16 + 2 * i);
    }

    /** Result field of a response parameter. */
    int result(int p) {
        return Bytes.i32(buf, p + 8);
    }

    static int writeOutgoingReset(byte[] b, int p, int reqSeq, int respSeq, int lastTsn, int[] streams) {
        int pl = 16 + 2 * streams.length;
        Chunk.writeHeader(b, p, Chunk.RE_CONFIG, 0, 4 + pl);
        int q = p + 4;
        Bytes.put16(b, q, P_OUTGOING_RESET);
        Bytes.put16(b, q + 2, pl);
        Bytes.put32(b, q + 4, reqSeq);
        Bytes.put32(b, q + 8, respSeq);
        Bytes.put32(b, q + 12, lastTsn);
        for (int i = 0; i < streams.length; i++) {
            Bytes.put16(b, q + 16 + 2 * i, streams[i]);
        }
        return Bytes.zeroPad(b, p, q + pl);
    }

    static int writeResponse(byte[] b, int p, int respSeq, int result) {
        Chunk.writeHeader(b, p, Chunk.RE_CONFIG, 0, 16);
        Bytes.put16(b, p + 4, P_RESPONSE);
        Bytes.put16(b, p + 6, 12);
        Bytes.put32(b, p + 8, respSeq);
        Bytes.put32(b, p + 12, result);
        return p + 16;
    }
}
