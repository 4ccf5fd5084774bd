package org.ferryrtc.gateway.call;

/** {@code PUT /data/connections/{id}}: {@code feed_params.data_id} and/or {@code redirect_params}; either may be null. */
public record DataUpdate(String dataConnectionId, String dataId, Redirect redirect) {}
