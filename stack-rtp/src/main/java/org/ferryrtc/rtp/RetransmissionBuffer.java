package org.ferryrtc.rtp;

/**
 * Sender-side store of recently sent RTP packets, answering NACKs (RFC 4585 §6.2.1) with the
 * stored packet for RTX (RFC 4588) or plain retransmission.
 *
 * <p>Packets are keyed by SSRC and sequence number. Each stream (up to
 * {@link Config#maxStreams()}) owns a ring of {@link Config#capacity()} slots indexed by the
 * extended sequence number (see {@link SequenceUnwrapper}); storing a packet copies it into its
 * slot's byte array, overwriting (evicting) the packet {@code capacity} sequence numbers older.
 * Slot arrays of {@link Config#maxPacketSize()} bytes are allocated on first use, so after
 * warm-up nothing is allocated per packet. A packet older than {@link Config#maxAgeNanos()}
 * is reported as too old.
 *
 * <p>Resends are limited per packet: once a packet has been handed out, it is not handed out
 * again until {@code max(rtt, minResendInterval)} has passed (a receiver repeating a NACK
 * within one RTT has not seen the previous resend yet), and at most
 * {@link Config#maxResends()} times in all (0 = no limit).
 *
 * <p>Time is in nanoseconds, passed in. Allocation-free after warm-up; not thread-safe.
 */
public final class RetransmissionBuffer {

    /**
     * Bounds and resend policy.
     *
     * @param maxStreams number of SSRCs stored at once
     * @param capacity packets kept per SSRC (rounded up to a power of two)
     * @param maxAgeNanos packets stored longer ago than this are not resent
     * @param maxPacketSize largest packet stored; larger ones are rejected
     * @param minResendIntervalNanos minimum spacing of resends of one packet (raised to the RTT)
     * @param maxResends resends per packet, 0 for no limit
     */
    public record Config(int maxStreams, int capacity, long maxAgeNanos, int maxPacketSize,
            long minResendIntervalNanos, int maxResends) {
        public Config {
            if (maxStreams < 1 || capacity < 1 || capacity > (1 << 15) || maxAgeNanos <= 0
                    || maxPacketSize < RtpPacket.FIXED_HEADER || minResendIntervalNanos < 0 || maxResends < 0) {
                throw new IllegalArgumentException("bad retransmission buffer config " + capacity);
            }
        }

        /** 4 streams, 1024 packets, 1 s, 1500 bytes, 10 ms, no resend limit. */
        public static Config defaults() {
            return new Config(4, 1024, 1_000_000_000L, 1500, 10_000_000L, 0);
        }
    }

    /** Outcome of {@link #get}. */
    public enum Lookup {
        /** The stored packet was handed out in the caller's view. */
        FOUND,
        /** Evicted from the ring, or stored longer ago than the age limit. */
        TOO_OLD,
        /** Never stored: a gap in what was sent, or newer than anything sent. */
        NOT_SENT,
        /** Handed out less than one RTT (or the minimum interval) ago. */
        THROTTLED,
        /** Already handed out {@link Config#maxResends()} times. */
        RESEND_LIMIT,
        /** No packet of this SSRC was stored. */
        UNKNOWN_SSRC
    }

    private static final long NONE = Long.MIN_VALUE;

    private final Config config;
    private final int mask;
    private final Stream[] streams;
    private Stream lastStream;

    private long stored;
    private long rejected;
    private long hits;
    private long tooOld;
    private long notSent;
    private long throttled;
    private long resendLimited;
    private long unknownSsrc;

    public RetransmissionBuffer(Config config) {
        this.config = config;
        int cap = Integer.highestOneBit(config.capacity());
        if (cap < config.capacity()) {
            cap <<= 1;
        }
        this.mask = cap - 1;
        this.streams = new Stream[config.maxStreams()];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new Stream(cap);
        }
    }

    public Config config() {
        return config;
    }

    /** Slots per stream (the configured capacity rounded up to a power of two). */
    public int capacity() {
        return mask + 1;
    }

    /**
     * Copies a sent packet into the buffer.
     *
     * @return false (counted as rejected) if the packet is larger than {@link Config#maxPacketSize()},
     *     all stream slots are taken by other SSRCs, or it is older than the ring already holds
     */
    public boolean store(long nowNanos, RtpPacket packet) {
        int len = packet.length();
        if (len > config.maxPacketSize()) {
            rejected++;
            return false;
        }
        Stream s = find(packet.ssrc());
        if (s == null) {
            s = allocate(packet.ssrc());
            if (s == null) {
                rejected++;
                return false;
            }
        }
        long ext = s.unwrapper.unwrap(packet.sequenceNumber());
        if (ext <= s.unwrapper.highest() - capacity()) {
            rejected++;
            return false;
        }
        int i = (int) (ext & mask);
        byte[] d = s.data[i];
        if (d == null) {
            d = new byte[config.maxPacketSize()];
            s.data[i] = d;
        }
        System.arraycopy(packet.buffer(), packet.offset(), d, 0, len);
        s.length[i] = len;
        s.ext[i] = ext;
        s.storedAt[i] = nowNanos;
        s.lastResent[i] = NONE;
        s.resends[i] = 0;
        stored++;
        return true;
    }

    /**
     * Looks up the packet {@code seq} of {@code ssrc} for a resend. On {@link Lookup#FOUND} the
     * view {@code out} is wrapped over the stored copy (valid until that slot is overwritten by a
     * later {@link #store}) and the resend is recorded; the caller typically passes it to
     * {@link Rtx#wrap}. Every other outcome is counted.
     *
     * @param rttNanos the current round-trip time estimate (0 if unknown)
     */
    public Lookup get(long nowNanos, long ssrc, int seq, long rttNanos, RtpPacket out) {
        Stream s = find(ssrc);
        if (s == null) {
            unknownSsrc++;
            return Lookup.UNKNOWN_SSRC;
        }
        long highest = s.unwrapper.highest();
        long ext = s.unwrapper.peek(seq & 0xFFFF);
        if (ext > highest) {
            notSent++;
            return Lookup.NOT_SENT;
        }
        if (ext <= highest - capacity()) {
            tooOld++;
            return Lookup.TOO_OLD;
        }
        int i = (int) (ext & mask);
        if (s.ext[i] != ext) {
            notSent++;
            return Lookup.NOT_SENT;
        }
        if (nowNanos - s.storedAt[i] > config.maxAgeNanos()) {
            tooOld++;
            return Lookup.TOO_OLD;
        }
        if (config.maxResends() > 0 && s.resends[i] >= config.maxResends()) {
            resendLimited++;
            return Lookup.RESEND_LIMIT;
        }
        long last = s.lastResent[i];
        if (last != NONE && nowNanos - last < Math.max(rttNanos, config.minResendIntervalNanos())) {
            throttled++;
            return Lookup.THROTTLED;
        }
        if (!out.wrap(s.data[i], 0, s.length[i])) {
            throw new IllegalStateException("stored packet no longer valid"); // cannot happen: copied from a valid view
        }
        s.lastResent[i] = nowNanos;
        s.resends[i]++;
        hits++;
        return Lookup.FOUND;
    }

    /** Forgets every packet of {@code ssrc} and frees its stream slot (its arrays are kept for reuse). */
    public void removeStream(long ssrc) {
        Stream s = find(ssrc);
        if (s != null) {
            s.clear();
        }
    }

    private Stream find(long ssrc) {
        Stream c = lastStream;
        if (c != null && c.used && c.ssrc == ssrc) {
            return c;
        }
        for (Stream s : streams) {
            if (s.used && s.ssrc == ssrc) {
                lastStream = s;
                return s;
            }
        }
        return null;
    }

    private Stream allocate(long ssrc) {
        for (Stream s : streams) {
            if (!s.used) {
                s.clear();
                s.used = true;
                s.ssrc = ssrc;
                lastStream = s;
                return s;
            }
        }
        return null;
    }

    /** Packets copied in. */
    public long storedCount() {
        return stored;
    }

    /** Packets not stored (too large, too old, or no free stream slot). */
    public long rejectedCount() {
        return rejected;
    }

    /** Lookups answered with a packet. */
    public long hitCount() {
        return hits;
    }

    /** Lookups of evicted or expired packets. */
    public long tooOldCount() {
        return tooOld;
    }

    /** Lookups of packets never stored. */
    public long notSentCount() {
        return notSent;
    }

    /** Lookups refused because the packet was resent within the last RTT. */
    public long throttledCount() {
        return throttled;
    }

    /** Lookups refused because the packet reached its resend limit. */
    public long resendLimitCount() {
        return resendLimited;
    }

    /** Lookups for an SSRC with nothing stored. */
    public long unknownSsrcCount() {
        return unknownSsrc;
    }

    /** All misses: too old, never sent, unknown SSRC. */
    public long missCount() {
        return tooOld + notSent + unknownSsrc;
    }

    /** One SSRC's ring. */
    private static final class Stream {
        final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
        final byte[][] data;
        final int[] length;
        final long[] ext;
        final long[] storedAt;
        final long[] lastResent;
        final int[] resends;
        boolean used;
        long ssrc;

        Stream(int cap) {
            data = new byte[cap][];
            length = new int[cap];
            ext = new long[cap];
            storedAt = new long[cap];
            lastResent = new long[cap];
            resends = new int[cap];
            clear();
        }

        void clear() {
            used = false;
            unwrapper.reset();
            java.util.Arrays.fill(ext, NONE);
        }
    }
}
