/**
 * The seam between the gateway's REST shell and the PeerConnection: validated, immutable
 * commands ({@link org.ferryrtc.gateway.call.MediaCall}, {@link org.ferryrtc.gateway.call.DataConnect}, ...)
 * go to a {@link org.ferryrtc.gateway.call.CallControl}; the implementation reports back through
 * {@link org.ferryrtc.gateway.call.CallEvents}. No Undertow, Jackson or Netty type appears here.
 */
package org.ferryrtc.gateway.call;
