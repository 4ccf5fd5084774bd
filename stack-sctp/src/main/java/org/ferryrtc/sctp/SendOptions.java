package org.ferryrtc.sctp;

/**
 * Per-message delivery options. Partial reliability follows RFC 3758 §4 (PR-SCTP): a message is
 * abandoned after {@code maxRetransmits} retransmissions, or once {@code lifetimeMillis} has passed
 * since it was queued; -1 means no limit for either.
 *
 * @param unordered       deliver as soon as complete, regardless of stream order (U bit, RFC 9260 §6.6)
 * @param maxRetransmits  -1 for unlimited
 * @param lifetimeMillis  -1 for unlimited
 */
public record SendOptions(boolean unordered, int maxRetransmits, long lifetimeMillis) {
    public static final SendOptions RELIABLE_ORDERED = new SendOptions(false, -1, -1);
    public static final SendOptions RELIABLE_UNORDERED = new SendOptions(true, -1, -1);

    public SendOptions {
        if (maxRetransmits < -1 || lifetimeMillis < -1) {
            throw new IllegalArgumentException("limits must be -1 (unlimited) or >= 0");
        }
    }

    boolean reliable() {
        return maxRetransmits < 0 && lifetimeMillis < 0;
    }
}
