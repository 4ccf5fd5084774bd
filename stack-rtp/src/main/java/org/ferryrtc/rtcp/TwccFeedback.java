package org.ferryrtc.rtcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decoded (or to-be-written) transport-wide congestion control feedback,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1. Immutable value; only received
 * packets are stored, so its size is bounded by the packet it came from.
 *
 * <p>Times: the reference time is a signed 24-bit count of 64 ms units; receive deltas count
 * 250 us units. {@link #arrivalTimeUs(int)} = reference time x 64000 + the running sum of
 * deltas x 250, so arrival times survive a round trip quantised down to 250 us, modulo the
 * 2^24 x 64 ms range of the reference time.
 */
public final class TwccFeedback {
    /** Delta unit in microseconds. */
    public static final int DELTA_UNIT_US = 250;
    /** Reference time unit in microseconds. */
    public static final int REFERENCE_UNIT_US = 64_000;
    static final int MAX_RUN = 0x1FFF;

    private final long senderSsrc;
    private final long mediaSsrc;
    private final int baseSequence;
    private final int statusCount;
    private final int referenceTime;
    private final int feedbackCount;
    /** Index (from the base sequence number) of each received packet, ascending. */
    private final int[] recvIndex;
    /** Receive delta of each received packet in 250 us units. */
    private final int[] deltas;

    TwccFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int statusCount, int referenceTime,
                 int feedbackCount, int[] recvIndex, int[] deltas) {
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.baseSequence = baseSequence;
        this.statusCount = statusCount;
        this.referenceTime = referenceTime;
        this.feedbackCount = feedbackCount;
        this.recvIndex = recvIndex;
        this.deltas = deltas;
    }

    /**
     * Builds feedback from per-packet results given in transport sequence order (ascending
     * modulo 2^16, starting at the base sequence number; numbers left out count as lost).
     * Arrival times may go backwards (reordering): such deltas are negative and use the large
     * (2-byte) form.
     *
     * @param feedbackCount the fb pkt. count, 0..255
     * @throws IllegalArgumentException if the sequence numbers are not ascending, span more
     *         than 65535 packets, or two consecutive received arrivals are more than
     *         ~8.19 s apart (a delta that 16 signed bits of 250 us cannot hold)
     */
    public static TwccFeedback of(long senderSsrc, long mediaSsrc, int feedbackCount, List<TwccPacket> packets) {
        RtcpHeader.checkSsrc(senderSsrc);
        RtcpHeader.checkSsrc(mediaSsrc);
        if (feedbackCount < 0 || feedbackCount > 255) {
            throw new IllegalArgumentException("feedback count must be 0..255");
        }
        if (packets.isEmpty()) {
            return new TwccFeedback(senderSsrc, mediaSsrc, 0, 0, 0, feedbackCount, new int[0], new int[0]);
        }
        int base = packets.get(0).sequenceNumber();
        int n = 0;
        for (TwccPacket p : packets) {
            n += p.received() ? 1 : 0;
        }
        int[] idx = new int[n];
        int[] deltas = new int[n];
        long refUnits = 0;
        long prevTicks = 0;
        int last = -1;
        int r = 0;
        for (TwccPacket p : packets) {
            int i = (p.sequenceNumber() - base) & 0xFFFF;
            if (i <= last) {
                throw new IllegalArgumentException("sequence numbers not ascending at " + p.sequenceNumber());
            }
            last = i;
            if (!p.received()) {
                continue;
            }
            if (r == 0) {
                refUnits = Math.floorDiv(p.arrivalTimeUs(), REFERENCE_UNIT_US);
            }
            long ticks = Math.floorDiv(p.arrivalTimeUs() - refUnits * REFERENCE_UNIT_US, DELTA_UNIT_US);
            long delta = ticks - prevTicks;
            if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                throw new IllegalArgumentException("receive delta out of range at " + p.sequenceNumber());
            }
            prevTicks = ticks;
            idx[r] = i;
            deltas[r++] = (int) delta;
        }
        if (last + 1 > 0xFFFF) {
            throw new IllegalArgumentException("more than 65535 packets");
        }
        int ref24 = (int) (refUnits << 40 >> 40);
        return new TwccFeedback(senderSsrc, mediaSsrc, base, last + 1, ref24, feedbackCount, idx, deltas);
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    public long mediaSsrc() {
        return mediaSsrc;
    }

    public int baseSequence() {
        return baseSequence;
    }

    /** Number of packets described, received or not. */
    public int statusCount() {
        return statusCount;
    }

    /** Signed 24-bit reference time in 64 ms units. */
    public int referenceTime() {
        return referenceTime;
    }

    public int feedbackCount() {
        return feedbackCount;
    }

    public int receivedCount() {
        return recvIndex.length;
    }

    /** Transport sequence number of the i-th received packet. */
    public int receivedSequence(int i) {
        return (baseSequence + recvIndex[i]) & 0xFFFF;
    }

    /** Receive delta of the i-th received packet in 250 us units (may be negative). */
    public int deltaTicks(int i) {
        return deltas[i];
    }

    /** Arrival time of the i-th received packet in microseconds (see the class comment). */
    public long arrivalTimeUs(int i) {
        long t = (long) referenceTime * REFERENCE_UNIT_US;
        for (int k = 0; k <= i; k++) {
            t += (long) deltas[k] * DELTA_UNIT_US;
        }
        return t;
    }

    /** All {@link #statusCount()} packets in sequence order (allocates). */
    public List<TwccPacket> packets() {
        List<TwccPacket> out = new ArrayList<>(statusCount);
        long t = (long) referenceTime * REFERENCE_UNIT_US;
        int r = 0;
        for (int i = 0; i < statusCount; i++) {
            int seq = (baseSequence + i) & 0xFFFF;
            if (r < recvIndex.length && recvIndex[r] == i) {
                t += (long) deltas[r++] * DELTA_UNIT_US;
                out.add(new TwccPacket(seq, true, t));
            } else {
                out.add(new TwccPacket(seq, false, 0));
            }
        }
        return out;
    }

    /** Status symbol of packet index {@code i}: 0 not received, 1 small delta, 2 large delta. */
    int symbol(int i) {
        int r = Arrays.binarySearch(recvIndex, i);
        if (r < 0) {
            return 0;
        }
        int d = deltas[r];
        return d >= 0 && d <= 255 ? 1 : 2;
    }

    /** The status symbols of every packet, in order (see {@link #symbol}). */
    private byte[] symbols() {
        byte[] sym = new byte[statusCount];
        for (int i = 0; i < statusCount; i++) {
            sym[i] = (byte) symbol(i);
        }
        return sym;
    }

    private int deltaBytes() {
        int n = 0;
        for (int d : deltas) {
            n += d >= 0 && d <= 255 ? 1 : 2;
        }
        return n;
    }

    /** Bytes {@link #writeTo} writes: header, chunks, deltas, zero padding to 32 bits. */
    public int size() {
        return (TransportCcFeedback.CHUNKS + 2 * TwccWriter.chunks(symbols(), statusCount, null, 0) + deltaBytes() + 3) & ~3;
    }

    /**
     * Writes this feedback as an RTPFB FMT=15 packet (the padding is zero bytes as the draft
     * shows, with the P bit clear).
     *
     * @return bytes written
     */
    public int writeTo(byte[] b, int off) {
        return TwccWriter.write(b, off, size(), senderSsrc, mediaSsrc, baseSequence, statusCount, referenceTime,
                feedbackCount, symbols(), deltas, deltas.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwccFeedback t && t.senderSsrc == senderSsrc && t.mediaSsrc == mediaSsrc
                && t.baseSequence == baseSequence && t.statusCount == statusCount
                && t.referenceTime == referenceTime && t.feedbackCount == feedbackCount
                && Arrays.equals(t.recvIndex, recvIndex) && Arrays.equals(t.deltas, deltas);
    }

    @Override
    public int hashCode() {
        return ((baseSequence * 31 + statusCount) * 31 + referenceTime) * 31 + Arrays.hashCode(deltas);
    }

    @Override
    public String toString() {
        return "TwccFeedback[base=" + baseSequence + ", count=" + statusCount + ", ref=" + referenceTime
                + ", fb=" + feedbackCount + ", received=" + recvIndex.length + "]";
    }
}
