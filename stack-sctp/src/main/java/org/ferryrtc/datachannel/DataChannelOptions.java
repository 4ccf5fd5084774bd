package org.ferryrtc.datachannel;

/**
 * How a DataChannel delivers (RFC 8831 §6.1, DCEP channel types of RFC 8832 §5.1).
 *
 * @param ordered            in-order delivery
 * @param maxRetransmits     partial reliability by retransmission count, or -1
 * @param maxPacketLifeTime  partial reliability by lifetime in milliseconds, or -1
 * @param protocol           sub-protocol name (may be empty)
 * @param priority           DCEP priority field
 * @param negotiated         pre-negotiated by the application: no DCEP, {@code id} must be given
 * @param id                 stream id for a negotiated channel, or -1 to allocate
 */
public record DataChannelOptions(boolean ordered, int maxRetransmits, int maxPacketLifeTime, String protocol,
                                 int priority, boolean negotiated, int id) {
    public static final DataChannelOptions DEFAULT = new DataChannelOptions(true, -1, -1, "", 256, false, -1);

    public DataChannelOptions {
        if (maxRetransmits < -1 || maxPacketLifeTime < -1 || (maxRetransmits >= 0 && maxPacketLifeTime >= 0)) {
            throw new IllegalArgumentException("set at most one of maxRetransmits and maxPacketLifeTime");
        }
        if (protocol == null) {
            throw new IllegalArgumentException("protocol");
        }
        if (priority < 0 || priority > 65535 || id < -1 || id > 65534 || (negotiated && id < 0)) {
            throw new IllegalArgumentException("priority or id out of range");
        }
    }

    public DataChannelOptions withOrdered(boolean o) {
        return new DataChannelOptions(o, maxRetransmits, maxPacketLifeTime, protocol, priority, negotiated, id);
    }

    public DataChannelOptions withMaxRetransmits(int n) {
        return new DataChannelOptions(ordered, n, maxPacketLifeTime, protocol, priority, negotiated, id);
    }

    public DataChannelOptions withMaxPacketLifeTime(int ms) {
        return new DataChannelOptions(ordered, maxRetransmits, ms, protocol, priority, negotiated, id);
    }

    public DataChannelOptions withProtocol(String p) {
        return new DataChannelOptions(ordered, maxRetransmits, maxPacketLifeTime, p, priority, negotiated, id);
    }

    public DataChannelOptions withNegotiatedId(int streamId) {
        return new DataChannelOptions(ordered, maxRetransmits, maxPacketLifeTime, protocol, priority, true, streamId);
    }
}
