package org.ferryrtc.dtls;

/**
 * Which side of the DTLS handshake this endpoint plays (RFC 5763 §5: {@code a=setup:active}
 * is the DTLS client, {@code a=setup:passive} the DTLS server).
 */
public enum DtlsRole {
    /** Sends the ClientHello ({@code a=setup:active}). */
    CLIENT,
    /** Answers the ClientHello ({@code a=setup:passive}). */
    SERVER
}
