package org.ferryrtc.sdp;

/**
 * Internal: why one attribute value is malformed. The parser turns it into a
 * {@link SdpParseException} carrying the line; it has no stack trace (cheap to throw).
 */
final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String reason) {
        super(reason, null, false, false);
    }
}
