package org.ferryrtc.sdp;

import java.util.Objects;

/**
 * {@code a=extmap:<id>[/<direction>] <URI> [<attributes>]} (RFC 8285 §8): an RTP header
 * extension and the id it is sent under in this session. {@code direction} and
 * {@code attributes} are null when absent.
 */
public record Extmap(int id, Direction direction, String uri, String attributes) {
    public Extmap {
        Objects.requireNonNull(uri);
    }
}
