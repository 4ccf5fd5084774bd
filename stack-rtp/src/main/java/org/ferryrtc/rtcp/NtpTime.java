package org.ferryrtc.rtcp;

/**
 * NTP timestamps as RTCP uses them (RFC 3550 §4): 64-bit fixed point, seconds since
 * 1900-01-01 in the high word, fraction in the low word; "compact" (middle 32 bits) values
 * count 1/65536 s. Era rule (RFC 4330 §3): seconds with the top bit clear are taken to be in
 * 2036..2104. Unix times passed in are milliseconds or nanoseconds since 1970-01-01, as named.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
    private static final long NANOS = 1_000_000_000L;

    private NtpTime() {
    }

    /** NTP timestamp of a Unix time in nanoseconds (fraction rounded to nearest). */
    public static long fromUnixNanos(long unixNanos) {
        long sec = Math.floorDiv(unixNanos, NANOS);
        long rem = Math.floorMod(unixNanos, NANOS);
        long frac = ((rem << 32) + NANOS / 2) / NANOS;
        return ((sec + UNIX_EPOCH_NTP_SECONDS) << 32) + frac;
    }

    /** NTP timestamp of a Unix time in milliseconds. */
    public static long fromUnixMillis(long unixMillis) {
        return fromUnixNanos(unixMillis * 1_000_000L);
    }

    /** Unix time in nanoseconds of an NTP timestamp (rounded to nearest). */
    public static long toUnixNanos(long ntp) {
        long sec = ntp >>> 32;
        if ((sec & 0x8000_0000L) == 0) {
            sec += 1L << 32; // era 1 (2036..2104)
        }
        long frac = ntp & 0xFFFF_FFFFL;
        return (sec - UNIX_EPOCH_NTP_SECONDS) * NANOS + ((frac * NANOS + (1L << 31)) >>> 32);
    }

    /** Unix time in milliseconds of an NTP timestamp (rounded down). */
    public static long toUnixMillis(long ntp) {
        return Math.floorDiv(toUnixNanos(ntp), 1_000_000L);
    }

    /** The middle 32 bits, as carried in LSR and LRR fields (RFC 3550 §6.4.1). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A duration in 1/65536 s units (DLSR, DLRR) in nanoseconds. */
    public static long compactToNanos(long compact) {
        return (compact * NANOS + (1L << 15)) >>> 16;
    }

    /** A duration in nanoseconds (&gt;= 0) as 1/65536 s units, rounded, capped at 32 bits. */
    public static long nanosToCompact(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        if (nanos >= 1L << 47) {
            return 0xFFFF_FFFFL;
        }
        return Math.min(((nanos << 16) + NANOS / 2) / NANOS, 0xFFFF_FFFFL);
    }

    /**
     * Round-trip time from a report block, RFC 3550 §6.4.1: A - LSR - DLSR.
     *
     * @param nowNtp 64-bit NTP timestamp of when the report arrived
     * @param lsr    the block's LSR (0 means no SR was received: no RTT)
     * @param dlsr   the block's DLSR in 1/65536 s
     * @return RTT in nanoseconds, or -1 if {@code lsr} is 0 or the result would be negative
     */
    public static long rttNanos(long nowNtp, long lsr, long dlsr) {
        if (lsr == 0) {
            return -1;
        }
        long rtt = (middle32(nowNtp) - lsr - dlsr) & 0xFFFF_FFFFL;
        if (rtt >= 0x8000_0000L) {
            return -1; // negative: clocks or fields are off
        }
        return compactToNanos(rtt);
    }
}
