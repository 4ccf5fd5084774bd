package org.ferryrtc.sctp;

/**
 * A snapshot of an association's counters. Drops count whole packets (bad checksum, bad
 * verification tag, malformed) or single chunks (malformed chunk, unknown chunk);
 * {@code controlChunksDropped} counts replies not queued because the caller did not drain
 * {@link SctpAssociation#pollTransmit} (the outgoing control queue is bounded).
 */
public record SctpStats(
        long packetsReceived,
        long packetsSent,
        long badChecksum,
        long badVerificationTag,
        long malformedPackets,
        long malformedChunks,
        long unknownChunks,
        long badCookies,
        long staleCookies,
        long dataChunksReceived,
        long duplicateTsns,
        long dataDroppedNoBuffer,
        long dataChunksSent,
        long retransmissions,
        long fastRetransmissions,
        long t3Expiries,
        long abandonedMessages,
        long messagesDelivered,
        long controlChunksDropped) {
}
