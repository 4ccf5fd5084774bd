package org.ferryrtc.rtcp;

/**
 * Allocation-free writer of transport-wide congestion control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, RTPFB FMT=15; layout in
 * {@link TransportCcFeedback}) straight from a receiver's primitive arrays. Reusable: call
 * {@link #prepare} with the received packets, then {@link #size()} / {@link #writeTo}, or hand
 * it to {@link RtcpCompoundBuilder#addTwcc(TwccWriter)}. Scratch space is kept between uses
 * and grows only when a larger feedback than before is prepared.
 *
 * <p>The output is the same bytes {@link TwccFeedback#of} followed by {@link TwccFeedback#writeTo}
 * produce for the same packets: reference time = floor(first arrival / 64 ms); each arrival is
 * quantised down to 250 us relative to it; deltas 0..255 ticks are small (1 byte), all others
 * large (2 bytes signed); the same chunk choice (run-length for 14 or more equal statuses, else
 * a 1-bit vector if the next 14 are all not-received/small, else run-length for 7 or more, else
 * a 2-bit vector).
 */
public final class TwccWriter {
    private long senderSsrc;
    private long mediaSsrc;
    private int baseSequence;
    private int statusCount;
    private int referenceTime;
    private int feedbackCount;
    private int received;
    private int chunkCount;
    private int deltaBytes;
    private boolean prepared;
    /** Status symbol per packet index: 0 not received, 1 small delta, 2 large delta. */
    private byte[] symbols = new byte[256];
    /** Delta in 250 us ticks of each received packet. */
    private int[] deltas = new int[64];

    /**
     * Prepares feedback for {@code count} received packets {@code seqs[from..from+count)}, whose
     * extended (unwrapped) transport-wide sequence numbers must be strictly ascending; numbers in
     * between are reported as not received. The base sequence number is
     * {@code seqs[from] & 0xFFFF}.
     *
     * @param arrivalUs     arrival time of each packet in microseconds (receiver's clock), same indexes
     * @param feedbackCount the fb pkt. count, 0..255
     * @return the size in bytes {@link #writeTo} will write
     * @throws IllegalArgumentException if count &lt; 1, the numbers are not strictly ascending or
     *         span more than 65535, two consecutive arrivals are further apart than a signed
     *         16-bit count of 250 us can hold (~8.19 s), or an SSRC / feedbackCount is out of range
     */
    public int prepare(long senderSsrc, long mediaSsrc, int feedbackCount, long[] seqs, long[] arrivalUs,
                       int from, int count) {
        prepared = false;
        RtcpHeader.checkSsrc(senderSsrc);
        RtcpHeader.checkSsrc(mediaSsrc);
        if (feedbackCount < 0 || feedbackCount > 255) {
            throw new IllegalArgumentException("feedback count must be 0..255");
        }
        if (count < 1 || from < 0 || from > seqs.length - count || from > arrivalUs.length - count) {
            throw new IllegalArgumentException("bad range");
        }
        long first = seqs[from];
        long span = seqs[from + count - 1] - first + 1;
        if (span < count || span > 0xFFFF) {
            throw new IllegalArgumentException("sequence numbers not ascending or span more than 65535");
        }
        int n = (int) span;
        if (symbols.length < n) {
            symbols = new byte[Math.max(n, 2 * symbols.length)];
        }
        if (deltas.length < count) {
            deltas = new int[Math.max(count, 2 * deltas.length)];
        }
        long refUnits = Math.floorDiv(arrivalUs[from], TwccFeedback.REFERENCE_UNIT_US);
        long refUs = refUnits * TwccFeedback.REFERENCE_UNIT_US;
        long prevTicks = 0;
        long prevIndex = -1;
        int bytes = 0;
        for (int r = 0; r < count; r++) {
            long idx = seqs[from + r] - first;
            if (idx <= prevIndex || idx >= n) {
                throw new IllegalArgumentException("sequence numbers not ascending at " + seqs[from + r]);
            }
            for (long k = prevIndex + 1; k < idx; k++) {
                symbols[(int) k] = 0;
            }
            long ticks = Math.floorDiv(arrivalUs[from + r] - refUs, TwccFeedback.DELTA_UNIT_US);
            long d = ticks - prevTicks;
            if (d < Short.MIN_VALUE || d > Short.MAX_VALUE) {
                throw new IllegalArgumentException("receive delta out of range at " + seqs[from + r]);
            }
            prevTicks = ticks;
            prevIndex = idx;
            deltas[r] = (int) d;
            boolean small = d >= 0 && d <= 255;
            symbols[(int) idx] = (byte) (small ? 1 : 2);
            bytes += small ? 1 : 2;
        }
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.baseSequence = (int) (first & 0xFFFF);
        this.statusCount = n;
        this.referenceTime = (int) (refUnits << 40 >> 40);
        this.feedbackCount = feedbackCount;
        this.received = count;
        this.deltaBytes = bytes;
        this.chunkCount = chunks(symbols, statusCount, null, 0);
        this.prepared = true;
        return size();
    }

    /** Bytes {@link #writeTo} writes: header, chunks, deltas, zero padding to 32 bits. */
    public int size() {
        checkPrepared();
        return (TransportCcFeedback.CHUNKS + 2 * chunkCount + deltaBytes + 3) & ~3;
    }

    public int baseSequence() {
        checkPrepared();
        return baseSequence;
    }

    /** Packets described (received or not). */
    public int statusCount() {
        checkPrepared();
        return statusCount;
    }

    public int receivedCount() {
        checkPrepared();
        return received;
    }

    /**
     * Writes the prepared feedback (P bit clear, zero padding as the draft shows).
     *
     * @return bytes written
     */
    public int writeTo(byte[] b, int off) {
        return write(b, off, size(), senderSsrc, mediaSsrc, baseSequence, statusCount, referenceTime,
                feedbackCount, symbols, deltas, received);
    }

    /**
     * Writes an RTPFB FMT=15 packet of {@code size} bytes: header, the chunks for
     * {@code symbols[0 .. statusCount)}, the receive deltas {@code deltas[0 .. received)} (1 byte if
     * 0..255, else 2 signed), zero padding (P bit clear, as the draft shows). Shared with
     * {@link TwccFeedback#writeTo}.
     *
     * @return {@code size}
     */
    static int write(byte[] b, int off, int size, long senderSsrc, long mediaSsrc, int baseSequence,
            int statusCount, int referenceTime, int feedbackCount, byte[] symbols, int[] deltas, int received) {
        RtcpHeader.checkRoom(b, off, size);
        FeedbackView.writeFbHeader(b, off, Rtcp.FMT_TWCC, Rtcp.PT_RTPFB, size, senderSsrc, mediaSsrc);
        Bytes.put16(b, off + 12, baseSequence);
        Bytes.put16(b, off + 14, statusCount);
        Bytes.put24(b, off + 16, referenceTime & 0xFFFFFF);
        b[off + 19] = (byte) feedbackCount;
        int p = off + TransportCcFeedback.CHUNKS;
        p += 2 * chunks(symbols, statusCount, b, p);
        for (int r = 0; r < received; r++) {
            int d = deltas[r];
            if (d >= 0 && d <= 255) {
                b[p++] = (byte) d;
            } else {
                Bytes.put16(b, p, d);
                p += 2;
            }
        }
        RtcpHeader.padTo4(b, off, p);
        return size;
    }

    private void checkPrepared() {
        if (!prepared) {
            throw new IllegalStateException("nothing prepared");
        }
    }

    /**
     * Encodes the chunks for {@code sym[0 .. statusCount)} at {@code p} (or with {@code b == null}
     * only counts them). Per position: a run of 14 or more equal symbols becomes a run-length
     * chunk; otherwise 14 symbols that are all 0/1 a 1-bit vector; otherwise a run of 7 or more a
     * run-length chunk; otherwise a 2-bit vector of 7 symbols.
     *
     * @return number of chunks
     */
    static int chunks(byte[] sym, int statusCount, byte[] b, int p) {
        int chunks = 0;
        int pos = 0;
        while (pos < statusCount) {
            int rem = statusCount - pos;
            int s = sym[pos];
            int run = 1;
            int maxRun = Math.min(rem, TwccFeedback.MAX_RUN);
            while (run < maxRun && sym[pos + run] == s) {
                run++;
            }
            int m = Math.min(14, rem);
            boolean oneBit = true;
            for (int k = 0; k < m && oneBit; k++) {
                oneBit = sym[pos + k] <= 1;
            }
            int c;
            if (run >= 14 || (!oneBit && run >= 7)) {
                c = (s << 13) | run;
                pos += run;
            } else if (oneBit) {
                c = 0x8000;
                for (int k = 0; k < m; k++) {
                    c |= sym[pos + k] << (13 - k);
                }
                pos += m;
            } else {
                int m7 = Math.min(7, rem);
                c = 0xC000;
                for (int k = 0; k < m7; k++) {
                    c |= sym[pos + k] << (12 - 2 * k);
                }
                pos += m7;
            }
            if (b != null) {
                Bytes.put16(b, p + 2 * chunks, c);
            }
            chunks++;
        }
        return chunks;
    }
}
