package org.ferryrtc.ice;

import java.net.InetSocketAddress;

/** What an {@link IceSession} reports to its owner. */
public sealed interface IceEvent {
    /** A local candidate to signal to the peer (trickle ICE, RFC 8838 §4). */
    record LocalCandidate(IceCandidate candidate) implements IceEvent {}

    /** All local candidates were emitted (RFC 8838 §4.4: signal end-of-candidates). */
    record GatheringComplete() implements IceEvent {}

    /** The connection state changed. */
    record StateChanged(IceState state) implements IceEvent {}

    /** A candidate pair was selected; media flows between these addresses. */
    record PairSelected(InetSocketAddress local, InetSocketAddress remote) implements IceEvent {}
}
