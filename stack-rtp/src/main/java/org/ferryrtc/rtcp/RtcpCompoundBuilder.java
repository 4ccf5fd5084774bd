package org.ferryrtc.rtcp;

import java.util.List;

/**
 * Writes a compound RTCP packet (RFC 3550 §6.1) packet by packet into a caller's buffer,
 * for example an SR followed by an SDES CNAME (the minimum compound of §6.1), or a single
 * feedback packet for reduced-size RTCP (RFC 5506). Each {@code add...} method writes one
 * packet if it fits and returns true, or writes nothing and returns false.
 */
public final class RtcpCompoundBuilder {
    private final byte[] buf;
    private final int start;
    private final int limit;
    private int pos;

    /**
     * @param buf      destination
     * @param off      where the compound packet starts
     * @param capacity how many bytes may be used
     */
    public RtcpCompoundBuilder(byte[] buf, int off, int capacity) {
        if (buf == null || off < 0 || capacity < 0 || capacity > buf.length - off) {
            throw new IllegalArgumentException("range outside the buffer");
        }
        this.buf = buf;
        this.start = off;
        this.limit = off + capacity;
        this.pos = off;
    }

    /** Bytes written so far. */
    public int length() {
        return pos - start;
    }

    /** Bytes still free. */
    public int remaining() {
        return limit - pos;
    }

    /** Forgets what was written; the next packet goes to the start again. */
    public RtcpCompoundBuilder reset() {
        pos = start;
        return this;
    }

    private boolean fits(int n) {
        return n <= limit - pos;
    }

    /** Sender report, RFC 3550 §6.4.1. */
    public boolean addSenderReport(long ssrc, long ntp, long rtpTimestamp, long packetCount,
                                   long octetCount, ReportBlock... blocks) {
        if (!fits(SenderReport.size(blocks.length))) {
            return false;
        }
        pos += SenderReport.write(buf, pos, ssrc, ntp, rtpTimestamp, packetCount, octetCount, blocks);
        return true;
    }

    /** Receiver report, RFC 3550 §6.4.2. */
    public boolean addReceiverReport(long ssrc, ReportBlock... blocks) {
        if (!fits(ReceiverReport.size(blocks.length))) {
            return false;
        }
        pos += ReceiverReport.write(buf, pos, ssrc, blocks);
        return true;
    }

    /** SDES with one chunk holding a CNAME, RFC 3550 §6.5.1. */
    public boolean addCname(long ssrc, String cname) {
        if (!fits(SourceDescription.sizeCname(cname))) {
            return false;
        }
        pos += SourceDescription.writeCname(buf, pos, ssrc, cname);
        return true;
    }

    /** SDES with any chunks, RFC 3550 §6.5. */
    public boolean addSdes(List<SourceDescription.Chunk> chunks) {
        if (!fits(SourceDescription.size(chunks))) {
            return false;
        }
        pos += SourceDescription.write(buf, pos, chunks);
        return true;
    }

    /** BYE, RFC 3550 §6.6. */
    public boolean addBye(long[] ssrcs, String reason) {
        if (!fits(Goodbye.size(ssrcs.length, reason))) {
            return false;
        }
        pos += Goodbye.write(buf, pos, ssrcs, reason);
        return true;
    }

    /** Generic NACK for these lost sequence numbers, RFC 4585 §6.2.1. */
    public boolean addNack(long senderSsrc, long mediaSsrc, int[] lost, int from, int count) {
        if (!fits(GenericNack.size(lost, from, count))) {
            return false;
        }
        pos += GenericNack.write(buf, pos, senderSsrc, mediaSsrc, lost, from, count);
        return true;
    }

    /** PLI, RFC 4585 §6.3.1. */
    public boolean addPli(long senderSsrc, long mediaSsrc) {
        if (!fits(PictureLossIndication.SIZE)) {
            return false;
        }
        pos += PictureLossIndication.write(buf, pos, senderSsrc, mediaSsrc);
        return true;
    }

    /** FIR, RFC 5104 §4.3.1. */
    public boolean addFir(long senderSsrc, long[] ssrcs, int[] seqNrs) {
        if (!fits(FullIntraRequest.size(ssrcs.length))) {
            return false;
        }
        pos += FullIntraRequest.write(buf, pos, senderSsrc, ssrcs, seqNrs);
        return true;
    }

    /** REMB, draft-alvestrand-rmcat-remb §2.2. */
    public boolean addRemb(long senderSsrc, long bitrate, long... ssrcs) {
        if (!fits(Remb.size(ssrcs.length))) {
            return false;
        }
        pos += Remb.write(buf, pos, senderSsrc, bitrate, ssrcs);
        return true;
    }

    /** Transport-wide CC feedback. */
    public boolean addTwcc(TwccFeedback feedback) {
        if (!fits(feedback.size())) {
            return false;
        }
        pos += feedback.writeTo(buf, pos);
        return true;
    }

    /** Transport-wide CC feedback prepared in a reusable writer (allocation-free). */
    public boolean addTwcc(TwccWriter feedback) {
        if (!fits(feedback.size())) {
            return false;
        }
        pos += feedback.writeTo(buf, pos);
        return true;
    }

    /** XR with RRTR and/or DLRR, RFC 3611 §4.4/§4.5. */
    public boolean addXr(long senderSsrc, boolean rrtr, long rrtrNtp, ExtendedReport.Dlrr... dlrrs) {
        if (!fits(ExtendedReport.size(rrtr, dlrrs.length))) {
            return false;
        }
        pos += ExtendedReport.write(buf, pos, senderSsrc, rrtr, rrtrNtp, dlrrs);
        return true;
    }

    /** APP, RFC 3550 §6.7. */
    public boolean addApp(int subtype, long ssrc, String name, byte[] data, int dataOff, int dataLen) {
        if (!fits(AppPacket.size(dataLen))) {
            return false;
        }
        pos += AppPacket.write(buf, pos, subtype, ssrc, name, data, dataOff, dataLen);
        return true;
    }

    /** Any packet view (re-serialised with {@link RtcpPacket#writeTo}). */
    public boolean add(RtcpPacket packet) {
        if (!fits(packet.size())) {
            return false;
        }
        pos += packet.writeTo(buf, pos);
        return true;
    }
}
