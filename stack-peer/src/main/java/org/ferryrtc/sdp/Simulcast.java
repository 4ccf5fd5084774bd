package org.ferryrtc.sdp;

import java.util.List;

/**
 * {@code a=simulcast:[send <alt-list>] [recv <alt-list>]} (RFC 8853 §5.1). Each list holds
 * simulcast streams separated by ';', each a list of alternative rids separated by ','.
 * {@code recvFirst} keeps the order the two directions were written in.
 */
public record Simulcast(List<List<Id>> send, List<List<Id>> recv, boolean recvFirst) {
    public Simulcast {
        send = send.stream().map(List::copyOf).toList();
        recv = recv.stream().map(List::copyOf).toList();
    }

    /** One rid in a simulcast list; {@code paused} when written with a leading '~'. */
    public record Id(String rid, boolean paused) {
    }
}
