package org.ferryrtc.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * Host candidates on an ephemeral UDP port of each given address, loopback included (ice4j's
 * own host harvester skips loopback, DESIGN §5). Used by standalone sessions, which send
 * connectivity checks from their own socket (shared-port sessions use {@link PortHarvester}).
 */
final class OwnSocketHarvester implements CandidateHarvester {
    /** SO_RCVBUF / SO_SNDBUF asked for on each host socket (the kernel may grant less). */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final System.Logger LOG = System.getLogger(OwnSocketHarvester.class.getName());
    private final List<InetAddress> addresses;
    private final StunGate gate;
    private final HarvestStatistics stats = new HarvestStatistics();

    /**
     * @param gate the filter every host socket's STUN goes through to the StunStack (it passes
     *     what ice4j's host candidate filter passes, TURN included, except stale checks), or null
     *     for ice4j's own
     */
    OwnSocketHarvester(List<InetAddress> addresses, StunGate gate) {
        this.addresses = List.copyOf(addresses);
        this.gate = gate;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        List<LocalCandidate> out = new ArrayList<>();
        for (InetAddress address : addresses) {
            try {
                MultiplexingDatagramSocket udp = new MultiplexingDatagramSocket(0, address);
                // a burst of DataChannel data must not overflow the kernel's buffer while the reader
                // threads are busy; Linux clamps to net.core.rmem_max / wmem_max (often 208 KB - 4 MB)
                udp.setReceiveBufferSize(SOCKET_BUFFER_BYTES);
                udp.setSendBufferSize(SOCKET_BUFFER_BYTES);
                LOG.log(System.Logger.Level.DEBUG, "UDP socket buffers on {0}: receive {1} B, send {2} B",
                        address.getHostAddress(), udp.getReceiveBufferSize(), udp.getSendBufferSize());
                IceUdpSocketWrapper socket = new IceUdpSocketWrapper(udp);
                HostCandidate candidate = new HostCandidate(socket, component, Transport.UDP);
                component.addLocalCandidate(candidate);
                // with a gate, instead of candidate.getStunSocket(null) (ice4j's TurnDatagramPacketFilter): see StunGate
                candidate.getStunStack().addSocket(gate != null ? new IceUdpSocketWrapper(udp.getSocket(gate))
                        : candidate.getStunSocket(null));
                if (component.getComponentSocket() != null) {
                    component.getComponentSocket().add(socket);
                }
                out.add(candidate);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a UDP socket on " + address.getHostAddress(), e);
            }
        }
        return out;
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
