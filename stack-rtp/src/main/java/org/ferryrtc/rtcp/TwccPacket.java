package org.ferryrtc.rtcp;

/**
 * One media packet's entry in transport-wide congestion control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
 *
 * @param sequenceNumber transport-wide sequence number 0..65535
 * @param received       whether it arrived
 * @param arrivalTimeUs  arrival time in microseconds (the receiver's clock); ignored if not received
 */
public record TwccPacket(int sequenceNumber, boolean received, long arrivalTimeUs) {
    public TwccPacket {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("sequence number out of range: " + sequenceNumber);
        }
    }
}
