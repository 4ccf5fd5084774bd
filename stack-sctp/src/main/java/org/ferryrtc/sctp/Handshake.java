package org.ferryrtc.sctp;

import java.io.ByteArrayOutputStream;

/**
 * Association set-up helpers (RFC 9260 §5.1, §5.2): builds INIT and INIT ACK, validates their
 * mandatory fields and collects unrecognized parameters to report (§3.2.1).
 */
final class Handshake {
    /** Extensions we implement and announce (RFC 5061 Supported Extensions). */
    static final int[] EXTENSIONS = {Chunk.RE_CONFIG, Chunk.FORWARD_TSN};
    static final int[] EXTENSIONS_IDATA = {Chunk.RE_CONFIG, Chunk.FORWARD_TSN, Chunk.I_DATA, Chunk.I_FORWARD_TSN};

    static int[] extensions(SctpConfig cfg) {
        return cfg.interleaving() ? EXTENSIONS_IDATA : EXTENSIONS;
    }

    private Handshake() {
    }

    /** §3.3.2: a zero tag, zero stream counts or a tiny window make an INIT invalid. */
    static boolean valid(InitChunk init) {
        return init.initiateTag() != 0 && init.outboundStreams() != 0 && init.inboundStreams() != 0
                && init.aRwnd() >= 1500;
    }

    /**
     * Walks the parameters applying the high-bit rules of §3.2.1; returns the Unrecognized
     * Parameter parameters to put in an INIT ACK, or null if none.
     */
    static byte[] unrecognized(InitChunk init, int maxBytes) {
        ByteArrayOutputStream report = null;
        for (int p = init.paramsStart(); p < init.end(); p = init.nextParam(p)) {
            int t = init.paramType(p);
            if (InitChunk.isKnownParam(t)) {
                continue;
            }
            if ((t & 0x4000) != 0) {
                int l = init.paramLength(p);
                if (report == null) {
                    report = new ByteArrayOutputStream();
                }
                if (report.size() + 4 + Bytes.pad4(l) <= maxBytes) {
                    byte[] tmp = new byte[4 + Bytes.pad4(l)];
                    InitChunk.writeParam(tmp, 0, InitChunk.P_UNRECOGNIZED, init.buffer(), p, l);
                    report.write(tmp, 0, tmp.length);
                }
            }
            if ((t & 0x8000) == 0) {
                break;
            }
        }
        return report == null || report.size() == 0 ? null : report.toByteArray();
    }

    /** A complete INIT packet (verification tag 0), checksum not yet computed. */
    static byte[] initPacket(SctpConfig cfg, int tag, int initialTsn) {
        byte[] b = new byte[SctpPacket.HEADER_SIZE + InitChunk.maxSize(0, extensions(cfg).length, 0)];
        SctpPacket.writeHeader(b, 0, cfg.localPort(), cfg.remotePort(), 0);
        int end = InitChunk.write(b, SctpPacket.HEADER_SIZE, Chunk.INIT, tag, cfg.receiveBufferSize(),
                cfg.maxStreams(), cfg.maxStreams(), initialTsn, true, extensions(cfg), null, null);
        return java.util.Arrays.copyOf(b, end);
    }

    /** A complete INIT ACK packet addressed with the peer's initiate tag. */
    static byte[] initAckPacket(SctpConfig cfg, int peerTag, int tag, int initialTsn, byte[] cookie,
                                byte[] unrecognized) {
        int unrec = unrecognized == null ? 0 : unrecognized.length;
        byte[] b = new byte[SctpPacket.HEADER_SIZE + InitChunk.maxSize(cookie.length, extensions(cfg).length, unrec)];
        SctpPacket.writeHeader(b, 0, cfg.localPort(), cfg.remotePort(), peerTag);
        int end = InitChunk.write(b, SctpPacket.HEADER_SIZE, Chunk.INIT_ACK, tag, cfg.receiveBufferSize(),
                cfg.maxStreams(), cfg.maxStreams(), initialTsn, true, extensions(cfg), cookie, unrecognized);
        return java.util.Arrays.copyOf(b, end);
    }

    /** A packet holding one chunk, with the given tag. */
    static byte[] packet(SctpConfig cfg, int vtag, byte[] chunk) {
        byte[] b = new byte[SctpPacket.HEADER_SIZE + chunk.length];
        SctpPacket.writeHeader(b, 0, cfg.localPort(), cfg.remotePort(), vtag);
        System.arraycopy(chunk, 0, b, SctpPacket.HEADER_SIZE, chunk.length);
        return b;
    }

    static byte[] abortChunk(int flags, int causeCode) {
        byte[] cause = ErrorCause.encode(causeCode);
        byte[] c = new byte[4 + cause.length];
        Chunk.writeOpaque(c, 0, Chunk.ABORT, flags, cause, 0, cause.length);
        return c;
    }

    static byte[] errorChunk(byte[] cause) {
        byte[] c = new byte[4 + cause.length];
        Chunk.writeOpaque(c, 0, Chunk.ERROR, 0, cause, 0, cause.length);
        return c;
    }

    static byte[] simpleChunk(int type, int flags) {
        byte[] c = new byte[4];
        Chunk.writeEmpty(c, 0, type, flags);
        return c;
    }
}
