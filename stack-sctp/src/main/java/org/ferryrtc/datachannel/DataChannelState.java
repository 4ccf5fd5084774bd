package org.ferryrtc.datachannel;

/** A DataChannel's ready state (W3C RTCDataChannelState). */
public enum DataChannelState {
    CONNECTING, OPEN, CLOSING, CLOSED
}
