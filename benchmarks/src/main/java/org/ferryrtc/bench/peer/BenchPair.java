package org.ferryrtc.bench.peer;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.dtls.DtlsCertificate;
import org.ferryrtc.ice.IceState;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerDataChannel;
import org.ferryrtc.peer.PeerEvent;

/**
 * Two FerryRTC peers on loopback, each a standalone ICE agent on 127.0.0.1: {@code a} offers
 * with one DataChannel, {@code b} answers. {@link #connect} returns once the channel is open on
 * both sides and records when each phase finished (System.nanoTime), so a set-up can be split
 * into offer/answer, ICE, DTLS and SCTP + DCEP.
 */
final class BenchPair implements AutoCloseable {
    /** Receives each message arriving at {@code b}, on b's owner thread (must not block). */
    interface Sink {
        void accept(byte[] data);
    }

    final PeerConnection a;
    final PeerConnection b;
    final PeerDataChannel fromA;
    volatile PeerDataChannel atB;
    /** Released on each DataChannelBufferedAmountLow of a's channel. */
    final Semaphore lowA = new Semaphore(0);
    volatile Sink sinkB = d -> { };

    final long tStart;
    volatile long tNegotiated;
    volatile long tIceA;
    volatile long tDtlsA;
    volatile long tOpenA;
    volatile long tOpenB;
    private final CountDownLatch open = new CountDownLatch(2);
    private volatile String failure;

    private BenchPair(PeerConfig configA, PeerConfig configB) {
        tStart = System.nanoTime();
        a = PeerConnection.create(configA, this::onA);
        b = PeerConnection.create(configB, this::onB);
        fromA = a.createDataChannel("bench", DataChannelOptions.DEFAULT);
    }

    /** The loopback config; {@code cert} null: the default (the process-wide certificate). */
    static PeerConfig config(DtlsCertificate cert) {
        return config(cert, false);
    }

    /** The loopback config; {@code cert} null and {@code fresh}: a new ECDSA P-256 certificate per connection. */
    static PeerConfig config(DtlsCertificate cert, boolean fresh) {
        try {
            return PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1"))).certificate(cert)
                    .freshCertificate(fresh).build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates both peers, negotiates, and waits (bounded) for the channel to be open on both sides. */
    static BenchPair connect(PeerConfig configA, PeerConfig configB, long timeoutMillis) throws Exception {
        BenchPair p = new BenchPair(configA, configB);
        try {
            String offer = p.a.createOffer();
            p.a.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            p.b.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
            String answer = p.b.createAnswer();
            p.b.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            p.a.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
            p.tNegotiated = System.nanoTime();
            if (!p.open.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("DataChannel not open on both sides within " + timeoutMillis
                        + " ms: a " + p.a.state() + ", b " + p.b.state());
            }
            if (p.failure != null) {
                throw new IllegalStateException(p.failure);
            }
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private void onA(PeerEvent e) {
        long now = System.nanoTime();
        if (e instanceof PeerEvent.IceStateChanged s && (s.state() == IceState.CONNECTED || s.state() == IceState.COMPLETED) && tIceA == 0) {
            tIceA = now;
        } else if (e instanceof PeerEvent.DtlsConnected) {
            tDtlsA = now;
        } else if (e instanceof PeerEvent.DataChannelOpen o && !o.remote()) {
            tOpenA = now;
            open.countDown();
        } else if (e instanceof PeerEvent.DataChannelBufferedAmountLow) {
            lowA.release();
        } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
            fail("a", s.state());
        }
    }

    private void onB(PeerEvent e) {
        if (e instanceof PeerEvent.DataChannelMessage m) {
            sinkB.accept(m.data());
        } else if (e instanceof PeerEvent.DataChannelOpen o && o.remote()) {
            atB = o.channel();
            tOpenB = System.nanoTime();
            open.countDown();
        } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
            fail("b", s.state());
        }
    }

    private void fail(String who, PeerConnectionState s) {
        if (s == PeerConnectionState.FAILED && failure == null) {
            failure = who + " FAILED";
            open.countDown();
            open.countDown();
            lowA.release(1000);
        }
    }

    /** Non-null once either side failed. */
    String failure() {
        return failure;
    }

    /** Closes a then b (SCTP ABORT, DTLS close_notify, ICE freed, owner threads stopped). */
    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
