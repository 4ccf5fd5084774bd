package org.ferryrtc.rtcp;

/**
 * Walks a compound RTCP packet (RFC 3550 §6.1) or a reduced-size one (RFC 5506: a single
 * feedback packet, no leading SR/RR) and hands out one reusable view per packet. Nothing is
 * allocated per packet; a view returned by {@link #next()} is valid until the next call.
 *
 * <pre>{@code
 * reader.reset(buf, off, len);
 * for (RtcpPacket p; (p = reader.next()) != null; ) {
 *     if (p instanceof GenericNack nack) { ... } else if (p instanceof SenderReport sr) { ... }
 * }
 * if (reader.error() != RtcpError.NONE) { ... the rest was dropped, and counted }
 * }</pre>
 *
 * Unknown packet types and feedback formats come out as {@link UnknownPacket} and are counted;
 * malformed input stops the walk with {@link #error()} set and is counted. Never throws on
 * input bytes. Not thread-safe (one owner thread per session).
 */
public final class RtcpReader {
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final SourceDescription sdes = new SourceDescription();
    private final Goodbye bye = new Goodbye();
    private final AppPacket app = new AppPacket();
    private final GenericNack nack = new GenericNack();
    private final PictureLossIndication pli = new PictureLossIndication();
    private final FullIntraRequest fir = new FullIntraRequest();
    private final Remb remb = new Remb();
    private final TransportCcFeedback twcc = new TransportCcFeedback();
    private final ExtendedReport xr = new ExtendedReport();
    private final UnknownPacket unknown = new UnknownPacket();

    private byte[] buf;
    private int start;
    private int pos;
    private int end;
    private RtcpError error = RtcpError.NONE;
    private boolean started;

    private long packets;
    private long unknownPackets;
    private long compounds;
    private final long[] errors = new long[RtcpError.values().length];

    /**
     * Starts walking {@code buf[off .. off+len)}.
     *
     * @throws IllegalArgumentException if the range is not inside the buffer (API misuse)
     */
    public RtcpReader reset(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || len > buf.length - off) {
            throw new IllegalArgumentException("range outside the buffer");
        }
        this.buf = buf;
        this.start = off;
        this.pos = off;
        this.end = off + len;
        this.error = RtcpError.NONE;
        this.started = false;
        compounds++;
        return this;
    }

    /**
     * The next packet, or null when the input is used up or malformed (then {@link #error()}
     * says why). An empty input is {@link RtcpError#TRUNCATED}.
     */
    public RtcpPacket next() {
        if (buf == null || error != RtcpError.NONE) {
            return null;
        }
        if (pos == end) {
            if (!started) {
                return fail(RtcpError.TRUNCATED);
            }
            return null;
        }
        started = true;
        RtcpError e = RtcpHeader.check(buf, pos, end - pos);
        if (e != RtcpError.NONE) {
            return fail(e);
        }
        int total = RtcpHeader.totalLength(buf, pos);
        int content = RtcpHeader.contentLength(buf, pos);
        RtcpView v = viewFor(buf[pos + 1] & 0xFF, buf[pos] & 0x1F, content);
        e = v.wrapChecked(buf, pos, total, content);
        if (e != RtcpError.NONE) {
            return fail(e);
        }
        pos += total;
        packets++;
        if (v == unknown) {
            unknownPackets++;
        }
        return (RtcpPacket) v;
    }

    private RtcpView viewFor(int pt, int count, int content) {
        switch (pt) {
            case Rtcp.PT_SR:
                return sr;
            case Rtcp.PT_RR:
                return rr;
            case Rtcp.PT_SDES:
                return sdes;
            case Rtcp.PT_BYE:
                return bye;
            case Rtcp.PT_APP:
                return app;
            case Rtcp.PT_RTPFB:
                return count == Rtcp.FMT_NACK ? nack : count == Rtcp.FMT_TWCC ? twcc : unknown;
            case Rtcp.PT_PSFB:
                if (count == Rtcp.FMT_PLI) {
                    return pli;
                }
                if (count == Rtcp.FMT_FIR) {
                    return fir;
                }
                return count == Rtcp.FMT_AFB && Remb.isRemb(buf, pos, content) ? remb : unknown;
            case Rtcp.PT_XR:
                return xr;
            default:
                return unknown;
        }
    }

    private RtcpPacket fail(RtcpError e) {
        error = e;
        errors[e.ordinal()]++;
        return null;
    }

    /**
     * Whether the current input is reduced-size RTCP (RFC 5506 §3.1): its first packet is
     * neither an SR nor an RR, which a full compound packet (RFC 3550 §6.1) must start with.
     */
    public boolean reducedSize() {
        if (buf == null || end - start < 2) {
            return false;
        }
        int pt = buf[start + 1] & 0xFF;
        return pt != Rtcp.PT_SR && pt != Rtcp.PT_RR;
    }

    /** Why the current walk stopped early, or {@link RtcpError#NONE}. */
    public RtcpError error() {
        return error;
    }

    /** Offset just past the last packet handed out (where an error, if any, was found). */
    public int position() {
        return pos;
    }

    /** Packets handed out since this reader was created. */
    public long packetCount() {
        return packets;
    }

    /** Packets of unknown type/format handed out (and skippable) since creation. */
    public long unknownCount() {
        return unknownPackets;
    }

    /** Compound packets started with {@link #reset}. */
    public long compoundCount() {
        return compounds;
    }

    /** Walks stopped by malformed input, all kinds together. */
    public long malformedCount() {
        long n = 0;
        for (long c : errors) {
            n += c;
        }
        return n;
    }

    /** Walks stopped by this kind of error. */
    public long errorCount(RtcpError kind) {
        return errors[kind.ordinal()];
    }
}
