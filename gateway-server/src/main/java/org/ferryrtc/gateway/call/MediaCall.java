package org.ferryrtc.gateway.call;

/** {@code POST /media/connections}: {@code peerId} calls {@code targetId}. */
public record MediaCall(String peerId, String targetId, MediaConstraints constraints, MediaRedirects redirects) {}
