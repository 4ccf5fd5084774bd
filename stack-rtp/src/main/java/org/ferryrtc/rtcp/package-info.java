/**
 * RTCP, sans-IO: parse and write compound (RFC 3550 §6) and reduced-size (RFC 5506) RTCP.
 *
 * <ul>
 *   <li>{@link org.ferryrtc.rtcp.RtcpReader} walks a compound packet and hands out reusable views,
 *       one per packet, typed by the sealed {@link org.ferryrtc.rtcp.RtcpPacket}: SR, RR, SDES, BYE,
 *       APP, Generic NACK, PLI, FIR, REMB, transport-wide CC feedback, XR (RRTR/DLRR), or
 *       {@link org.ferryrtc.rtcp.UnknownPacket}. Bad input stops the walk with an
 *       {@link org.ferryrtc.rtcp.RtcpError} and is counted; nothing throws on input bytes, and
 *       walking SR/RR/NACK/PLI/REMB allocates nothing.</li>
 *   <li>Every packet class has static {@code size(...)}/{@code write(...)} methods writing into a
 *       caller's {@code byte[]} at an offset, and every view re-serialises itself with
 *       {@link org.ferryrtc.rtcp.RtcpPacket#writeTo}; {@link org.ferryrtc.rtcp.RtcpCompoundBuilder}
 *       chains them (e.g. SR + SDES CNAME). {@link org.ferryrtc.rtcp.TwccWriter} writes
 *       transport-wide CC feedback straight from a receiver's primitive arrays without allocating
 *       (the same bytes as {@link org.ferryrtc.rtcp.TwccFeedback#of}); SDES CNAME writing allocates
 *       nothing either.</li>
 *   <li>The writers are checked by an independent parser, Wireshark's RTCP dissector
 *       ({@code tshark}, interop tests {@code Wireshark*InteropTest}).</li>
 *   <li>{@link org.ferryrtc.rtcp.NtpTime}: NTP timestamps, middle 32 bits, RTT from LSR/DLSR.
 *       {@link org.ferryrtc.rtcp.Rtcp#isRtcp}: RFC 5761 §4 demultiplexing.</li>
 * </ul>
 *
 * Conventions: SSRCs, RTP timestamps and other unsigned 32-bit fields are held in a {@code long};
 * sequence numbers are {@code int} 0..65535; TWCC arrival times are microseconds; Unix times are
 * milliseconds or nanoseconds as each method names. Not thread-safe: one owner thread per session.
 */
package org.ferryrtc.rtcp;
