package org.ferryrtc.gateway.call;

/**
 * {@code options.dcInit}, the W3C RTCDataChannelInit. {@code maxPacketLifeTime} and
 * {@code maxRetransmits} are -1 when absent (at most one is set); {@code id} is -1 unless
 * {@code negotiated}.
 */
public record DcInit(boolean ordered, int maxPacketLifeTime, int maxRetransmits, String protocol,
                     boolean negotiated, int id) {
    public static final DcInit DEFAULT = new DcInit(true, -1, -1, "", false, -1);
}
