package org.ferryrtc.gateway.call;

/** {@code POST /media/connections/{id}/answer}. */
public record MediaAnswer(String mediaConnectionId, MediaConstraints constraints, MediaRedirects redirects) {}
