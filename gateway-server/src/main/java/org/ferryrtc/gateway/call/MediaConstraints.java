package org.ferryrtc.gateway.call;

/**
 * {@code constraints}: {@code video}/{@code audio} mean "send", the {@code ...ReceiveEnabled}
 * flags mean "receive". {@code videoParams}/{@code audioParams} are non-null exactly when the
 * matching send flag is true.
 */
public record MediaConstraints(boolean video, boolean videoReceiveEnabled, boolean audio,
                               boolean audioReceiveEnabled, MediaParams videoParams,
                               MediaParams audioParams) {}
