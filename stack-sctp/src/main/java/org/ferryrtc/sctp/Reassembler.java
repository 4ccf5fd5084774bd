package org.ferryrtc.sctp;

/**
 * Receive-side message assembly and per-stream ordering: {@link Reassembly} for DATA (RFC 9260),
 * {@link IDataReassembly} for I-DATA (RFC 8260). Buffered bytes are counted so the association
 * can bound them and advertise the remainder as its receive window.
 */
interface Reassembler {
    /** Adds a new (non-duplicate) chunk; false on a protocol violation (message too large). */
    boolean add(DataChunk d, long tsn);

    /** FORWARD TSN / I-FORWARD-TSN: forget fragments at or below the new cumulative TSN. */
    void dropFragmentsUpTo(long newCum);

    /** The peer abandoned messages on the stream up to {@code seq} (SSN for DATA, MID for I-DATA). */
    void skip(int stream, boolean unordered, int seq);

    /** RFC 6525: the stream's incoming sequence numbers restart at 0. */
    void resetStream(int stream);

    long bufferedBytes();

    long undeliveredBytes();

    void polled(int n);

    long messagesDelivered();
}
