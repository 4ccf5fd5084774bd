package org.ferryrtc.rtcp;

/**
 * Why an RTCP packet (or a compound RTCP packet) was rejected. Parsing never throws on bad
 * input: it stops and reports one of these, and {@link RtcpReader} counts it.
 */
public enum RtcpError {
    /** No error. */
    NONE,
    /** Fewer bytes than a header or a mandatory field needs (RFC 3550 §6.4). */
    TRUNCATED,
    /** Version field is not 2 (RFC 3550 §6.4.1). */
    BAD_VERSION,
    /** The length field points beyond the bytes present (RFC 3550 §6.4.1). */
    LENGTH_EXCEEDS_BUFFER,
    /** The P bit is set but the padding count is zero or larger than the packet (RFC 3550 §6.4.1). */
    BAD_PADDING,
    /** The body contradicts itself (item overruns its packet, reserved symbol, count mismatch...). */
    MALFORMED
}
