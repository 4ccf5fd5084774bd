package org.ferryrtc.sdp;

/**
 * A well-formed description that cannot be negotiated (RFC 8829 §5.10, §5.11): an answer that
 * does not match our offer, an offer without ICE credentials or fingerprints, duplicate mids.
 */
public final class SdpNegotiationException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpNegotiationException(String reason) {
        super(reason);
    }
}
