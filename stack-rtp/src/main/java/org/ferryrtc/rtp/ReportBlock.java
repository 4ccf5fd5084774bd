package org.ferryrtc.rtp;

/**
 * The values of one reception report block (RFC 3550 §6.4.1), as filled by
 * {@link ReceiveStatistics#reportBlock}; the RTCP writer puts them on the wire.
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param ssrc the source reported on (unsigned 32-bit)
 * @param fractionLost 0..255, lost fraction of the interval in units of 1/256
 * @param cumulativeLost signed 24-bit, -0x800000..0x7FFFFF (negative with duplicates)
 * @param extendedHighestSequence cycles and highest sequence number (unsigned 32-bit)
 * @param jitter interarrival jitter in timestamp units (unsigned 32-bit)
 * @param lastSr middle 32 bits of the last SR's NTP timestamp, 0 if none
 * @param delaySinceLastSr delay since that SR arrived, in units of 1/65536 s, 0 if none
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
        long jitter, long lastSr, long delaySinceLastSr) {
}
