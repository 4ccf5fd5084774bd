package org.ferryrtc.rtcp;

/**
 * One RTCP packet inside a compound (RFC 3550 §6.1) or reduced-size (RFC 5506) RTCP packet.
 *
 * <p>Every implementation is a reusable, allocation-free view over a {@code byte[]}: it is valid
 * until the view is re-wrapped (for views handed out by {@link RtcpReader}, until the reader's
 * next call to {@link RtcpReader#next()}). Use {@code instanceof} patterns to branch on the kind.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| count/FMT |      PT       |     length (words - 1)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye,
        AppPacket, GenericNack, PictureLossIndication, FullIntraRequest, Remb, TransportCcFeedback,
        ExtendedReport, UnknownPacket {

    /** The packet type field (200..207 for the known kinds). */
    int packetType();

    /** The 5-bit count / FMT / subtype field of the first octet. */
    int count();

    /** Whether the P bit is set. */
    boolean padding();

    /** The wrapped buffer. */
    byte[] buffer();

    /** Offset of this packet's first byte in {@link #buffer()}. */
    int offset();

    /** Total length of this packet in bytes, header and padding included. */
    int length();

    /** Number of bytes {@link #writeTo(byte[], int)} writes (always a multiple of 4). */
    int size();

    /**
     * Re-serialises this packet from its parsed fields into {@code dst} at {@code off}
     * (canonical form: no RTCP padding unless the type needs it).
     *
     * @return the number of bytes written, {@link #size()}
     * @throws IllegalArgumentException if {@code dst} has no room for {@link #size()} bytes
     */
    int writeTo(byte[] dst, int off);
}
