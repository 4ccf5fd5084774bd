package org.ferryrtc.sctp;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Association configuration. Times are in milliseconds; defaults follow RFC 9260 §16 and the
 * WebRTC profile (RFC 8831: port 5000, 256 KiB messages as Chromium advertises, PMTU 1,200).
 *
 * @param localPort             SCTP source port
 * @param remotePort            SCTP destination port
 * @param mtu                   largest SCTP packet we send, in bytes (>= 576); as packets are padded to
 *                              multiples of four (RFC 9260 §3.2), the largest is this rounded down to four
 * @param maxMessageSize        largest message we send or accept
 * @param receiveBufferSize     bytes buffered for reassembly and undelivered messages (our a_rwnd)
 * @param sendBufferSize        bytes that may be queued but not yet transmitted, all streams together
 * @param maxStreams            outbound and inbound streams we offer (1..65535)
 * @param rtoInitialMillis      RTO.Initial
 * @param rtoMinMillis          RTO.Min
 * @param rtoMaxMillis          RTO.Max
 * @param delayedAckMillis      delayed SACK timer (RFC 9260 §6.2, at most 500)
 * @param maxInitRetransmits    Max.Init.Retransmits
 * @param maxRetransmits        Association.Max.Retrans
 * @param cookieLifetimeMillis  Valid.Cookie.Life
 * @param random                source of verification tags, initial TSNs and the cookie secret
 * @param interleaving          offer I-DATA / I-FORWARD-TSN (RFC 8260); used only if the peer offers them too
 * @param heartbeatIntervalMillis  HB.interval (RFC 9260 §8.3) while no data is outstanding; 0 turns heartbeats off
 */
public record SctpConfig(
        int localPort,
        int remotePort,
        int mtu,
        int maxMessageSize,
        int receiveBufferSize,
        long sendBufferSize,
        int maxStreams,
        long rtoInitialMillis,
        long rtoMinMillis,
        long rtoMaxMillis,
        long delayedAckMillis,
        int maxInitRetransmits,
        int maxRetransmits,
        long cookieLifetimeMillis,
        Random random,
        boolean interleaving,
        long heartbeatIntervalMillis) {

    public SctpConfig {
        if (localPort < 0 || localPort > 65535 || remotePort < 0 || remotePort > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535");
        }
        if (mtu < 576 || mtu > 65535) {
            throw new IllegalArgumentException("mtu must be 576..65535");
        }
        if (maxMessageSize < 1 || receiveBufferSize < 4 * mtu || sendBufferSize < 1) {
            throw new IllegalArgumentException("buffer sizes too small");
        }
        if (maxStreams < 1 || maxStreams > 65535) {
            throw new IllegalArgumentException("maxStreams must be 1..65535");
        }
        if (rtoMinMillis < 1 || rtoInitialMillis < rtoMinMillis || rtoMaxMillis < rtoInitialMillis
                || delayedAckMillis < 0 || delayedAckMillis > 500 || maxInitRetransmits < 1
                || maxRetransmits < 1 || cookieLifetimeMillis < 1) {
            throw new IllegalArgumentException("timer settings out of range");
        }
        if (heartbeatIntervalMillis < 0) {
            throw new IllegalArgumentException("heartbeat interval");
        }
        if (random == null) {
            throw new IllegalArgumentException("random");
        }
    }

    /** WebRTC defaults: ports 5000/5000, MTU 1,200, 256 KiB messages, a 1 MiB receive buffer. */
    public static SctpConfig defaults() {
        return new SctpConfig(5000, 5000, 1200, 256 * 1024, 1024 * 1024, 16L * 1024 * 1024, 65535,
                1000, 1000, 60_000, 200, 8, 10, 60_000, new SecureRandom(), false, 30_000);
    }

    public SctpConfig withRandom(Random r) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receiveBufferSize, sendBufferSize,
                maxStreams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, r, interleaving, heartbeatIntervalMillis);
    }

    public SctpConfig withMaxMessageSize(int size) {
        return new SctpConfig(localPort, remotePort, mtu, size, receiveBufferSize, sendBufferSize,
                maxStreams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, random, interleaving, heartbeatIntervalMillis);
    }

    public SctpConfig withBuffers(int receive, long send) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receive, send,
                maxStreams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, random, interleaving, heartbeatIntervalMillis);
    }

    public SctpConfig withMaxStreams(int streams) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receiveBufferSize, sendBufferSize,
                streams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, random, interleaving, heartbeatIntervalMillis);
    }

    public SctpConfig withRto(long initialMillis, long minMillis, long maxMillis) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receiveBufferSize, sendBufferSize,
                maxStreams, initialMillis, minMillis, maxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, random, interleaving, heartbeatIntervalMillis);
    }

    public SctpConfig withMaxRetransmits(int assocMaxRetrans) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receiveBufferSize, sendBufferSize,
                maxStreams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                assocMaxRetrans, cookieLifetimeMillis, random, interleaving, heartbeatIntervalMillis);
    }

    public SctpConfig withInterleaving(boolean on) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receiveBufferSize, sendBufferSize,
                maxStreams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, random, on, heartbeatIntervalMillis);
    }

    public SctpConfig withHeartbeatInterval(long millis) {
        return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, receiveBufferSize, sendBufferSize,
                maxStreams, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, delayedAckMillis, maxInitRetransmits,
                maxRetransmits, cookieLifetimeMillis, random, interleaving, millis);
    }
}
