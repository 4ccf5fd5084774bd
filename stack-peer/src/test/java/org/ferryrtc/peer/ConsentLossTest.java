package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.dtls.DtlsRole;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A peer that vanishes without close_notify or SCTP ABORT (its ICE socket just closes) is noticed
 * through consent freshness (RFC 7675 §5.1: no consent response for a while). This runs in real
 * time on loopback (the ICE agent stamps consent with the wall clock) and takes ~15 s, so it is
 * grouped with the interop tests rather than the fast unit suite.
 */
@Tag("interop")
class ConsentLossTest {
    @Test
    void aVanishedPeerIsDisconnectedWithinTheConsentBound() throws Exception {
        try (Peers a = Peers.loopback(DtlsRole.CLIENT); Peers b = Peers.loopback(DtlsRole.CLIENT)) {
            PeerDataChannel ch = a.pc.createDataChannel("x", DataChannelOptions.DEFAULT);
            Peers.negotiate(a, b);
            a.awaitState(PeerConnectionState.CONNECTED, 15);
            a.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == ch, 10);
            long t0 = System.nanoTime();
            b.pc.run(() -> b.pc.path.ice.close()); // gone: no DTLS close_notify, no SCTP ABORT
            PeerEvent.ConnectionStateChanged s = a.await(PeerEvent.ConnectionStateChanged.class,
                    e -> e.state() == PeerConnectionState.DISCONNECTED || e.state() == PeerConnectionState.FAILED, 30);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertTrue(seconds <= 30, "noticed after " + seconds + " s");
            assertEquals(PeerConnectionState.DISCONNECTED, s.state(), "disconnected comes first (RFC 7675 grace)");
        }
    }
}
