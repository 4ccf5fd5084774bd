package org.ferryrtc.ice;

import org.ice4j.TransportAddress;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.StunDatagramPacketFilter;

/**
 * ice4j's TURN harvester (RFC 8656 §7: Allocate with long-term credentials, RFC 8489 §9.2),
 * except that the relayed candidate's STUN goes through a {@link StunGate} before it reaches
 * the StunStack.
 *
 * <p>A peer's connectivity check to our relayed candidate arrives from the TURN server as a Data
 * indication (RFC 8656 §11.4) or ChannelData (§12.4) on the host socket; ice4j unwraps it into
 * the relayed candidate's own socket, whose STUN filter hands the Binding request to the
 * StunStack. That filter is the candidate's {@code createStunDatagramPacketFilter}, asked for
 * when ice4j adds the relayed candidate's STUN socket to the stack: the one hook there is, so a
 * relayed candidate here overrides it to return the session's relay gate. Without it, a check
 * from the peer's new ICE session (restart) to our old session's relayed candidate would be
 * answered, as on a host socket without the gate.
 */
final class GatedTurnHarvester extends TurnCandidateHarvester {
    private final StunGate relayGate;

    /**
     * @param relayGate the gate for the relayed candidate's socket (see
     *     {@link StunGate#forRelayedCandidate()})
     */
    GatedTurnHarvester(TransportAddress server, LongTermCredential credential, StunGate relayGate) {
        super(server, credential);
        this.relayGate = relayGate;
    }

    @Override
    protected TurnCandidateHarvest createHarvest(HostCandidate host) {
        return new TurnCandidateHarvest(this, host) {
            @Override
            protected RelayedCandidate createRelayedCandidate(TransportAddress relayed, TransportAddress mapped) {
                return new RelayedCandidate(relayed, this, mapped) {
                    @Override
                    protected StunDatagramPacketFilter createStunDatagramPacketFilter(TransportAddress server) {
                        return relayGate;
                    }
                };
            }
        };
    }
}
