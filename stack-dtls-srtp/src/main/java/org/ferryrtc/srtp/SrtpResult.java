package org.ferryrtc.srtp;

/**
 * Outcome of one protect or unprotect call. Only {@link #OK} leaves a usable packet in the
 * buffer; every other value means the packet must be dropped. {@link SrtpContext} counts each
 * outcome; none is ever thrown.
 */
public enum SrtpResult {
    /** Done; the new length is {@link SrtpContext#length()}. */
    OK,
    /** Shorter than a header plus the trailer this profile needs. */
    TOO_SHORT,
    /** Not a well-formed RTP (RFC 3550 §5.1) or RTCP (§6.4) header. */
    MALFORMED,
    /** protect: the buffer has no room after the packet for the tag (and SRTCP index). */
    NO_TAIL_ROOM,
    /** The authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §8.3). */
    AUTH_FAILED,
    /** This packet index was already seen (replay window, RFC 3711 §3.3.2). */
    REPLAYED,
    /** The packet index is behind the replay window, or before the first ROC (RFC 3711 §3.3.2). */
    TOO_OLD,
    /** A new SSRC arrived while the context already holds its maximum number of streams. */
    UNKNOWN_SSRC,
    /** The packet index space (2^48 SRTP, 2^31 SRTCP) is used up; the keys must be replaced. */
    INDEX_EXHAUSTED,
    /** The JCE failed unexpectedly (should not happen; counted, not thrown). */
    CRYPTO_ERROR
}
