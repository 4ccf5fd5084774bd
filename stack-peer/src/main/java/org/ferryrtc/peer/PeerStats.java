package org.ferryrtc.peer;

import java.util.List;
import java.util.Map;
import org.ferryrtc.peer.media.RtpSession;

/**
 * A snapshot of one connection: per-stream RTP counters (packets, bytes, loss, jitter, RTT,
 * NACKs, PLIs; from the RTP session) and transport counters by name (datagrams and bytes in/out,
 * drops per stage of the packet path, SCTP and SRTP results).
 *
 * @param srtpProfile the negotiated SRTP profile name, or null before the DTLS handshake
 * @param dtlsClient true if we were the DTLS client
 */
public record PeerStats(PeerConnectionState state, String srtpProfile, boolean dtlsClient,
        List<RtpSession.StreamStats> streams, Map<String, Long> transport) {
    public PeerStats {
        streams = List.copyOf(streams);
        transport = Map.copyOf(transport);
    }

    /** A transport counter, 0 if unknown. */
    public long counter(String name) {
        return transport.getOrDefault(name, 0L);
    }
}
