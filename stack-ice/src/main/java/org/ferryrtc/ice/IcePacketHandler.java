package org.ferryrtc.ice;

/**
 * Receives the session's non-STUN datagrams (DTLS, SRTP, SRTCP). The bytes are only valid
 * during the call: copy or process them before returning. Called on ice4j's receive thread.
 */
@FunctionalInterface
public interface IcePacketHandler {
    void onPacket(byte[] buf, int off, int len);
}
