package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.dtls.DtlsRole;
import org.junit.jupiter.api.Test;

/**
 * Real PeerConnections (standalone ICE on 127.0.0.1) on one {@link PeerLoops} of two threads:
 * three connected pairs exchange DataChannel messages with every listener on those two threads;
 * closing one pair leaves the others working; from another connection's listener a synchronous
 * call fails fast and close() is queued.
 */
class SharedLoopsLoopbackTest {

    @Test
    void threePairsOnTwoLoopThreadsAndOnePairClosedFromAnotherConnectionsListener() throws Exception {
        Set<Thread> listenerThreads = ConcurrentHashMap.newKeySet();
        try (PeerLoops loops = new PeerLoops(2)) {
            PeerConfig config = Peers.loopback().answerDtlsRole(DtlsRole.CLIENT).loops(loops).build();
            List<Peers[]> pairs = new ArrayList<>();
            List<PeerDataChannel> channels = new ArrayList<>();
            AtomicReference<Peers> victim = new AtomicReference<>();
            AtomicReference<Throwable> syncCallFailure = new AtomicReference<>();
            CountDownLatch closeQueued = new CountDownLatch(1);
            try {
                for (int i = 0; i < 3; i++) {
                    boolean killer = i == 2;
                    Peers a = new Peers(config, e -> listenerThreads.add(Thread.currentThread()));
                    Peers b = new Peers(config, e -> {
                        listenerThreads.add(Thread.currentThread());
                        // pair 2's answerer, told to, acts on pair 0's offerer from its own listener
                        if (killer && e instanceof PeerEvent.DataChannelMessage m && m.text().equals("close pair 0")) {
                            Peers v = victim.get();
                            try {
                                v.pc.stats();
                            } catch (Throwable t) {
                                syncCallFailure.set(t);
                            }
                            v.pc.close(); // queued to v's loop, returns at once
                            closeQueued.countDown();
                        }
                    });
                    pairs.add(new Peers[] {a, b});
                    PeerDataChannel ch = a.pc.createDataChannel("pair-" + i, DataChannelOptions.DEFAULT);
                    channels.add(ch);
                    Peers.negotiate(a, b); // all three pairs handshake at once (a DTLS server
                                           // holds no pool thread until its ClientHello arrives)
                }
                for (int i = 0; i < 3; i++) {
                    Peers a = pairs.get(i)[0];
                    Peers b = pairs.get(i)[1];
                    PeerDataChannel ch = channels.get(i);
                    a.awaitState(PeerConnectionState.CONNECTED, 15);
                    b.awaitState(PeerConnectionState.CONNECTED, 15);
                    a.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == ch, 10);
                    assertTrue(ch.send("hello " + i));
                    String want = "hello " + i;
                    assertEquals(want, b.await(PeerEvent.DataChannelMessage.class, e -> e.text().equals(want), 10).text());
                }
                victim.set(pairs.get(0)[0]);
                assertEquals(6, loops.connections());

                // pair 2's answerer closes pair 0's offerer from its listener
                assertTrue(channels.get(2).send("close pair 0"));
                assertTrue(closeQueued.await(10, TimeUnit.SECONDS));
                assertInstanceOf(IllegalStateException.class, syncCallFailure.get(),
                        "a synchronous call from another connection's listener fails fast");
                pairs.get(0)[0].awaitState(PeerConnectionState.CLOSED, 10);
                pairs.get(0)[1].awaitState(PeerConnectionState.CLOSED, 10); // SCTP ABORT / close_notify went out
                pairs.get(0)[1].close();
                // the queued close unpins right after it emitted CLOSED, on its loop thread (bounded wait)
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (loops.connections() != 4 && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                assertEquals(4, loops.connections(), "closing unpins");

                // the other pairs still work, both ways, on the same two threads
                for (int i = 1; i < 3; i++) {
                    Peers[] p = pairs.get(i);
                    String want = "still here " + i;
                    assertTrue(channels.get(i).send(want));
                    assertEquals(want, p[1].await(PeerEvent.DataChannelMessage.class, e -> e.text().equals(want), 10).text());
                    PeerEvent.DataChannelOpen atB = p[1].await(PeerEvent.DataChannelOpen.class, e -> e.remote(), 1);
                    assertTrue(atB.channel().send("back " + i));
                    String back = "back " + i;
                    p[0].await(PeerEvent.DataChannelMessage.class, e -> back.equals(e.text()), 10);
                    assertEquals(PeerConnectionState.CONNECTED, p[0].pc.state());
                    assertEquals(0, p[0].pc.stats().counter("ownerTaskErrors"));
                    assertEquals(0, p[1].pc.stats().counter("ownerTaskErrors"));
                }
                assertEquals(2, listenerThreads.size(), "every event of six connections came on the two loop threads");
                for (Thread t : listenerThreads) {
                    assertTrue(t.getName().matches("ferry-loop-\\d+"), t.getName());
                }
                assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("ferry-pc-")),
                        "no thread per connection");
            } finally {
                for (Peers[] p : pairs) {
                    p[0].close();
                    p[1].close();
                }
            }
            assertEquals(0, loops.connections());
            assertEquals(0, loops.taskErrors());
        }
    }
}
