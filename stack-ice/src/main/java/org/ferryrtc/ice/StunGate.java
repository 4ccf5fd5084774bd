package org.ferryrtc.ice;

import java.net.DatagramPacket;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.socket.StunDatagramPacketFilter;
import org.ice4j.socket.TurnDatagramPacketFilter;

/**
 * The STUN filter in front of a standalone session's {@code StunStack}, on its host socket and on
 * its relayed candidate's socket: passes what ice4j's own filter for that socket passes, except
 * a Binding request (RFC 8489 §6.3.1) from another ICE session of the peer.
 *
 * <p>What ice4j's own filter passes differs per socket. On a host socket it is
 * {@code TurnDatagramPacketFilter}: Binding and the TURN methods (RFC 8656 §17: Allocate,
 * Refresh, Send, Data, CreatePermission, ChannelBind), since the TURN client's transactions
 * with the server (RFC 8656 §7, §9, §11, §12) and the Data indications carrying the peer's
 * datagrams run over the same StunStack. On a relayed candidate's socket it is the plain
 * {@code StunDatagramPacketFilter} (Binding only). A host gate that only passed Binding (as a
 * first version did) starved ice4j's TURN harvest: coturn's Allocate responses (method 3) fell
 * through to the media path, the Allocate transaction timed out and no relayed candidate was
 * gathered.
 *
 * <p>A connectivity check carries {@code USERNAME = LFRAG:RFRAG} (RFC 8445 §7.2.2): our ufrag,
 * then the sender's. ice4j checks only the first part. During an ICE restart the peer's new
 * session (new ufrag) may check our <em>old</em> session with our old ufrag and password before
 * our answer reaches it (Chromium pairs its new candidates with the remote candidates it knows,
 * JSEP RFC 8829 §3.5.1 / RFC 8445 §9). If the old session answers, the peer selects and
 * nominates a pair to the old session's socket, never nominates one to our new session, and our
 * restart never completes. So, once the peer's ufrag is known, a request whose sender ufrag is
 * not that one is refused here: it never reaches the StunStack, gets no answer, and the peer's
 * pair to the old socket fails. The refused datagram falls through to the session's reader,
 * which drops it (it is STUN, and from an address no check succeeded with, or counted as
 * non-media by the packet path).
 *
 * <pre>
 *  STUN header (RFC 8489 §5):  type(2) length(2) magic cookie(4) transaction id(12)
 *  attribute (§14):            type(2) length(2) value, padded to 4 bytes
 *  USERNAME (0x0006):          "LFRAG:RFRAG" (RFC 8445 §7.2.2)
 * </pre>
 *
 * Runs on whichever ice4j thread reads the socket; allocation-free. It extends ice4j's filter
 * type only because a candidate hands its filter out through
 * {@code LocalCandidate.createStunDatagramPacketFilter} ({@link GatedTurnHarvester}); it
 * decides everything itself and equals only itself (ice4j reuses a multiplexed socket whose
 * filter is equal to the one asked for).
 */
final class StunGate extends StunDatagramPacketFilter {
    private static final int HEADER = 20;
    private static final int BINDING_REQUEST = 0x0001;
    private static final int USERNAME = 0x0006;

    /** The peer's ufrag and the refusals, shared by a session's gates. */
    private static final class Peer {
        /** The peer's current ufrag, or null until known (then every STUN message passes). */
        volatile String ufrag;
        /** Atomic: the host socket's and the relayed socket's readers are different threads. */
        final AtomicLong refused = new AtomicLong();
    }

    private final StunDatagramPacketFilter stun;
    private final Peer peer;

    /**
     * The gate of a standalone session's host socket: passes what ice4j's host candidates pass
     * (Binding and the TURN methods, for the session's TURN client).
     */
    static StunGate hostSocket() {
        return new StunGate(new TurnDatagramPacketFilter(null), new Peer());
    }

    /** A gate that passes STUN Binding only (ice4j's plain STUN filter): a shared port's session, a relay. */
    static StunGate bindingOnly() {
        return new StunGate(new StunDatagramPacketFilter(), new Peer());
    }

    private StunGate(StunDatagramPacketFilter stun, Peer peer) {
        super();
        this.stun = stun;
        this.peer = peer;
    }

    /**
     * The gate of a relayed candidate's socket of the same session: passes what ice4j's relayed
     * candidates pass (Binding only), and shares this gate's peer ufrag and refusal count.
     */
    StunGate forRelayedCandidate() {
        return new StunGate(new StunDatagramPacketFilter(), peer);
    }

    void remoteUfrag(String ufrag) {
        peer.ufrag = ufrag;
    }

    /** Binding requests refused (by this gate and its siblings) because their sender ufrag is not the peer's current one. */
    long refused() {
        return peer.refused.get();
    }

    @Override
    public boolean accept(DatagramPacket p) {
        if (!stun.accept(p)) {
            return false;
        }
        String expected = peer.ufrag;
        if (expected == null || fromSession(p.getData(), p.getOffset(), p.getLength(), expected)) {
            return true;
        }
        peer.refused.incrementAndGet();
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /**
     * False only for a well-formed Binding request whose USERNAME's sender part is not
     * {@code ufrag}; anything else (responses, indications, malformed input) is left to ice4j.
     */
    static boolean fromSession(byte[] b, int off, int len, String ufrag) {
        if (len < HEADER || u16(b, off) != BINDING_REQUEST) {
            return true;
        }
        int end = off + Math.min(len, HEADER + u16(b, off + 2));
        int i = off + HEADER;
        while (i + 4 <= end) {
            int type = u16(b, i);
            int alen = u16(b, i + 2);
            int v = i + 4;
            if (v + alen > end) {
                return true; // a length lie: ice4j's parser rejects it
            }
            if (type == USERNAME) {
                int colon = -1;
                for (int k = v; k < v + alen; k++) {
                    if (b[k] == ':') {
                        colon = k;
                        break;
                    }
                }
                if (colon < 0) {
                    return true; // not an ICE username: ice4j answers 401
                }
                int n = v + alen - colon - 1;
                if (n != ufrag.length()) {
                    return false;
                }
                for (int k = 0; k < n; k++) {
                    if ((b[colon + 1 + k] & 0xFF) != ufrag.charAt(k)) {
                        return false;
                    }
                }
                return true;
            }
            i = v + ((alen + 3) & ~3);
        }
        return true;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
