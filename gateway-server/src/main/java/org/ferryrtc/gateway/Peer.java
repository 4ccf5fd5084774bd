package org.ferryrtc.gateway;

/** A REST-created peer: its id, its secret token, and its event queue. */
record Peer(String id, String token, EventHub events, long createdMillis) {}
