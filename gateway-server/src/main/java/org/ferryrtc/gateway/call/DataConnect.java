package org.ferryrtc.gateway.call;

/**
 * {@code POST /data/connections}. {@code dataId} (the {@code /data} port whose datagrams become
 * messages) and {@code redirect} may be null.
 */
public record DataConnect(String peerId, String targetId, DcInit dcInit, String dataId, Redirect redirect) {}
