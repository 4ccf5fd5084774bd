package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ferryrtc.dtls.DtlsRole;

/** Test helper: a PeerConnection whose events land in a queue, with bounded waits. */
final class Peers implements AutoCloseable {
    final LinkedBlockingQueue<PeerEvent> events = new LinkedBlockingQueue<>();
    final java.util.List<PeerEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    final PeerConnection pc;

    Peers(PeerConfig config) {
        this(config, e -> { });
    }

    /** {@code hook} sees each event first, on the owner thread. */
    Peers(PeerConfig config, java.util.function.Consumer<PeerEvent> hook) {
        pc = PeerConnection.create(config, e -> {
            hook.accept(e);
            seen.add(e);
            events.add(e);
        });
    }

    static PeerConfig.Builder loopback() throws Exception {
        return PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1")));
    }

    static Peers loopback(DtlsRole answerRole) throws Exception {
        return new Peers(loopback().answerDtlsRole(answerRole).build());
    }

    private final java.util.Set<PeerEvent> consumed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** Waits (bounded) for the first not yet consumed event of {@code type} matching {@code p}, and consumes it. */
    <T extends PeerEvent> T await(Class<T> type, Predicate<T> p, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (PeerEvent e : seen) {
                if (type.isInstance(e) && !consumed.contains(e) && p.test(type.cast(e))) {
                    consumed.add(e);
                    return type.cast(e);
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                fail("no " + type.getSimpleName() + " within " + seconds + " s; state " + pc.state() + ", saw "
                        + seen.stream().map(x -> x.getClass().getSimpleName()).distinct().toList());
            }
            events.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS); // a wake-up signal only
        }
    }

    void awaitState(PeerConnectionState s, long seconds) throws InterruptedException {
        await(PeerEvent.ConnectionStateChanged.class, e -> e.state() == s, seconds);
        assertEquals(s, pc.state());
    }

    /** Full offer/answer from {@code offerer} to {@code answerer}. */
    static void negotiate(Peers offerer, Peers answerer) throws PeerException {
        String offer = offerer.pc.createOffer();
        offerer.pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
        answerer.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
        String answer = answerer.pc.createAnswer();
        answerer.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
        offerer.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
    }

    @Override
    public void close() {
        pc.close();
    }
}
