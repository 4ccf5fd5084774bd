/**
 * The FerryRTC gateway server: {@link org.ferryrtc.gateway.Main} starts it,
 * {@link org.ferryrtc.gateway.Gateway} is the running server (Undertow HTTP + WebSocket, Jackson,
 * Netty NIO UDP), {@link org.ferryrtc.gateway.GatewayConfig} its configuration.
 *
 * <p>REST resources keep the SkyWay WebRTC Gateway's shapes and field names. Every bad request is
 * answered {@code {command_type, params{errors[{field, message}]}}} naming the field by its dotted
 * path; unknown fields are tolerated and ignored, JSON {@code null} counts as absent, duplicate keys
 * and trailing data are malformed JSON. Statuses: 400 bad input, 401 missing API key, 403 wrong key,
 * wrong peer token or a redirect outside the allow-list, 404 unknown id, 405 wrong method, 408
 * long-poll timeout, 409 state conflict, 413 body over the cap, 503 shutting down (or no PeerConnection call control).
 * {@code /openapi.json} describes all of it.
 *
 * <p>Everything that needs a PeerConnection goes, validated and as an immutable record, to a
 * {@link org.ferryrtc.gateway.call.CallControl}; no Undertow, Jackson or Netty type crosses that seam.
 * The gateway's own implementation, {@code PeerCalls}, runs one PeerConnection per media or data
 * connection ({@code MediaSession}, {@code DataSession}) and per {@code /echo} session, all on one
 * shared ICE port; the REST, WebSocket and UDP threads only enqueue work on each session's serial
 * executor or hand packets to the connection's owner thread.
 */
package org.ferryrtc.gateway;
