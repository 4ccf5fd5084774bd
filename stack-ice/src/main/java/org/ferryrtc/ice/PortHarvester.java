package org.ferryrtc.ice;

import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;

/**
 * The host candidate of a session on a {@link SharedPort}: the port's address, with the
 * session's {@link PortSocket} as its socket, also registered with the agent's StunStack (which
 * reads the session's routed STUN from it and sends checks and answers through it).
 */
final class PortHarvester implements CandidateHarvester {
    private final PortSocket socket;
    private final HarvestStatistics stats = new HarvestStatistics();

    PortHarvester(PortSocket socket) {
        this.socket = socket;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        HostCandidate candidate = new HostCandidate(socket, component, Transport.UDP);
        component.addLocalCandidate(candidate);
        candidate.getStunStack().addSocket(socket);
        return List.of(candidate);
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return stats;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}
