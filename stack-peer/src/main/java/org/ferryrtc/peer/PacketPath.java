package org.ferryrtc.peer;

import java.io.IOException;
import org.ferryrtc.datachannel.DataChannelEvent;
import org.ferryrtc.datachannel.DataChannels;
import org.ferryrtc.dtls.DtlsEvent;
import org.ferryrtc.dtls.DtlsSession;
import org.ferryrtc.ice.IceSession;
import org.ferryrtc.peer.media.MediaEvent;
import org.ferryrtc.peer.media.RtpSession;
import org.ferryrtc.sctp.SctpAssociation;
import org.ferryrtc.srtp.SrtpContext;
import org.ferryrtc.srtp.SrtpResult;

/**
 * The packet path of one PeerConnection, on its owner thread only:
 *
 * <pre>
 *  in:  ICE datagram -&gt; PacketKind (RFC 7983)
 *         DTLS     -&gt; DtlsSession.handleInput -&gt; app data -&gt; SctpAssociation.handleInput -&gt; DataChannels
 *         RTP/RTCP -&gt; SRTP unprotect (inbound context) -&gt; RtpSession.handleRtp / handleRtcp -&gt; events
 *  out: RtpSession.pollTransmit -&gt; SRTP / SRTCP protect -&gt; IceSession.send
 *       SctpAssociation.pollTransmit -&gt; DtlsSession.send;  DtlsSession.pollTransmit -&gt; IceSession.send
 * </pre>
 *
 * Every drop is counted per stage; nothing here throws for bad input.
 */
final class PacketPath {
    static final long CONSENT_INTERVAL_NANOS = 1_000_000_000L;

    final PeerConnection pc;
    IceSession ice;
    DtlsSession dtls;
    SctpAssociation sctp;
    DataChannels channels;
    SrtpContext srtpIn;
    SrtpContext srtpOut;
    RtpSession rtp;
    /** Set by the connection's {@link MediaHub}: receives every unprotected RTCP compound. */
    MediaHub media;
    private final byte[] sctpOut = new byte[2048];
    /** One DTLS record (one SCTP packet) sealed in place of BC's queue, see {@link #sendSctp}. */
    private final byte[] recordOut = new byte[2048 + DtlsSession.RECORD_OVERHEAD];
    /** The time of the datagram being handled, for application data handed over synchronously. */
    private long inputNow;
    /** SCTP output deferred: the loop's timer fires (due at once) after the turn, see {@link #deadline}. */
    private boolean sctpFlushPending;
    private long nextConsentCheck = Long.MAX_VALUE;
    /** Tests only: sees a copy of every inbound datagram (set on the owner thread). */
    java.util.function.Consumer<byte[]> inboundTap;

    long datagramsIn;
    long bytesIn;
    long datagramsOut;
    long bytesOut;
    long otherDropped;
    long dtlsDropped;
    long srtpNotReadyDropped;
    long srtpUnprotectFailed;
    long srtpProtectFailed;
    long rtpOutNotReadyDropped;
    long sctpOutDropped;
    long sendErrors;

    PacketPath(PeerConnection pc) {
        this.pc = pc;
    }

    /**
     * One datagram from ICE, on the owner thread. The bytes belong to this call only (a hand-off
     * ring slot, reused afterwards): every stage below copies what it keeps.
     */
    void onDatagram(byte[] d, int len) {
        datagramsIn++;
        bytesIn += len;
        if (inboundTap != null) {
            inboundTap.accept(java.util.Arrays.copyOf(d, len));
        }
        long now = System.nanoTime();
        switch (PacketKind.of(d, 0, len)) {
            case DTLS -> {
                if (dtls == null) {
                    dtlsDropped++;
                    return;
                }
                inputNow = now;
                dtls.handleInput(d, 0, len);
                // SCTP packets (SACKs above all) are built once after the batch of datagrams the
                // loop drains in this turn, not after each: a SACK then covers the whole batch
                pumpDtls(now, true);
            }
            case RTP -> {
                if (srtpIn == null || rtp == null) {
                    srtpNotReadyDropped++;
                    return;
                }
                if (srtpIn.unprotectRtp(d, 0, len) != SrtpResult.OK) {
                    srtpUnprotectFailed++;
                    return;
                }
                rtp.handleRtp(now, d, 0, srtpIn.length());
                pumpRtp(now);
            }
            case RTCP -> {
                if (srtpIn == null || rtp == null) {
                    srtpNotReadyDropped++;
                    return;
                }
                if (srtpIn.unprotectRtcp(d, 0, len) != SrtpResult.OK) {
                    srtpUnprotectFailed++;
                    return;
                }
                int n = srtpIn.length();
                rtp.handleRtcp(now, d, 0, n);
                if (media != null) {
                    media.onRtcp(d, 0, n); // after the session: its own state (LSR, RTT) is updated first
                }
                pumpRtp(now);
            }
            default -> otherDropped++; // STUN never reaches here (ICE takes it); ZRTP, TURN channel, junk
        }
    }

    void send(byte[] buf, int off, int len) {
        if (ice == null) {
            sendErrors++;
            return;
        }
        try {
            ice.send(buf, off, len);
            datagramsOut++;
            bytesOut += len;
        } catch (IOException | RuntimeException e) {
            sendErrors++; // no selected pair yet, or the socket closed
        }
    }

    /** Drains DTLS output and events (and whatever SCTP produces in answer). */
    void pumpDtls(long now) {
        pumpDtls(now, false);
    }

    /**
     * @param deferSctp build SCTP packets after this turn of the loop (see {@link #deadline})
     *     instead of now; DataChannel events are still delivered now
     */
    private void pumpDtls(long now, boolean deferSctp) {
        if (dtls == null) {
            return;
        }
        boolean more = true;
        while (more) {
            more = false;
            byte[] out;
            while ((out = dtls.pollTransmit()) != null) {
                send(out, 0, out.length);
            }
            DtlsEvent e;
            while ((e = dtls.pollEvent()) != null) {
                more = true;
                if (e instanceof DtlsEvent.ApplicationData a) {
                    if (sctp != null) {
                        sctp.handleInput(now, a.data(), 0, a.data().length);
                    } else {
                        dtlsDropped++;
                    }
                } else {
                    pc.onDtlsEvent(e, now);
                }
            }
            if (sctp != null && deferSctp) {
                sctpFlushPending = true;
                deliverChannelEvents();
            } else if (sctp != null) {
                pumpSctp(now);
            }
        }
    }

    private void deliverChannelEvents() {
        if (channels != null) {
            DataChannelEvent e;
            while ((e = channels.pollEvent()) != null) {
                pc.onDataChannelEvent(e);
            }
        }
    }

    /** Drains SCTP packets into DTLS records and DataChannel events to the connection. */
    void pumpSctp(long now) {
        if (sctp == null) {
            return;
        }
        sctpFlushPending = false;
        int n;
        while ((n = sctp.pollTransmit(sctpOut)) > 0) {
            sendSctp(n);
        }
        if (channels != null) {
            DataChannelEvent e;
            while ((e = channels.pollEvent()) != null) {
                pc.onDataChannelEvent(e);
            }
            while ((n = sctp.pollTransmit(sctpOut)) > 0) { // DCEP ACKs queued while handling events
                sendSctp(n);
            }
        }
        byte[] out;
        while (dtls != null && (out = dtls.pollTransmit()) != null) {
            send(out, 0, out.length);
        }
    }

    /** DTLS application data decrypted during {@code dtls.handleInput}: one SCTP packet (RFC 8261). */
    void onApplicationData(byte[] buf, int off, int len) {
        if (sctp != null) {
            sctp.handleInput(inputNow, buf, off, len);
        } else {
            dtlsDropped++;
        }
    }

    private void sendSctp(int n) {
        if (dtls != null && n <= dtls.sendLimit()) {
            int r = dtls.seal(sctpOut, 0, n, recordOut, 0); // -1: BC's path below
            if (r > 0) {
                send(recordOut, 0, r);
                return;
            }
        }
        if (dtls == null || n > dtls.sendLimit() || !dtls.send(sctpOut, 0, n)) {
            sctpOutDropped++; // SCTP retransmits what was lost here
        }
    }

    /** Delivers media events and protects + sends queued RTP/RTCP. */
    void pumpRtp(long now) {
        if (rtp == null) {
            return;
        }
        MediaEvent e;
        while ((e = rtp.pollEvent()) != null) {
            pc.onMediaEvent(e, now);
        }
        int n;
        while ((n = rtp.pollTransmit()) >= 0) { // no copy: protected in place in the session's slot
            if (srtpOut == null) {
                rtpOutNotReadyDropped++;
                continue;
            }
            byte[] b = rtp.transmitBuffer();
            SrtpResult r = rtp.lastTransmitWasRtcp() ? srtpOut.protectRtcp(b, 0, n) : srtpOut.protectRtp(b, 0, n);
            if (r != SrtpResult.OK) {
                srtpProtectFailed++;
                continue;
            }
            send(b, 0, srtpOut.length());
        }
    }

    /** Counters of every stage, by name (allocates). */
    java.util.Map<String, Long> counters() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("datagramsIn", datagramsIn);
        m.put("bytesIn", bytesIn);
        m.put("datagramsOut", datagramsOut);
        m.put("bytesOut", bytesOut);
        m.put("demuxOtherDropped", otherDropped);
        m.put("dtlsDropped", dtlsDropped);
        m.put("srtpNotReadyDropped", srtpNotReadyDropped);
        m.put("srtpUnprotectFailed", srtpUnprotectFailed);
        m.put("srtpProtectFailed", srtpProtectFailed);
        m.put("rtpOutNotReadyDropped", rtpOutNotReadyDropped);
        m.put("sctpOutDropped", sctpOutDropped);
        m.put("sendErrors", sendErrors);
        if (dtls != null) {
            m.put("dtlsDroppedInputs", dtls.droppedInputs());
            m.put("dtlsDroppedRecords", dtls.droppedRecords());
        }
        if (rtp != null) {
            m.put("rtpMalformed", rtp.malformedRtpCount());
            m.put("rtpUnknownSsrc", rtp.unknownSsrcCount());
            m.put("rtpUnknownPayloadType", rtp.unknownPayloadTypeCount());
            m.put("rtcpMalformed", rtp.malformedRtcpCount());
            m.put("rtpTransmitDropped", rtp.transmitDroppedCount());
        }
        if (sctp != null) {
            org.ferryrtc.sctp.SctpStats ss = sctp.stats();
            m.put("sctpPacketsReceived", ss.packetsReceived());
            m.put("sctpPacketsSent", ss.packetsSent());
            m.put("sctpBadChecksum", ss.badChecksum());
            m.put("sctpBadVerificationTag", ss.badVerificationTag());
            m.put("sctpMalformed", ss.malformedPackets() + ss.malformedChunks());
            m.put("sctpRetransmissions", ss.retransmissions());
            m.put("sctpT3Expiries", ss.t3Expiries());
            m.put("sctpDataDroppedNoBuffer", ss.dataDroppedNoBuffer());
            m.put("sctpMessagesDelivered", ss.messagesDelivered());
            m.put("sctpControlChunksDropped", ss.controlChunksDropped());
        }
        if (channels != null) {
            m.put("dcepMalformed", channels.malformedDcepMessages());
            m.put("dataChannelOrphanMessages", channels.orphanMessages());
        }
        if (srtpIn != null) {
            for (org.ferryrtc.srtp.SrtpResult r : org.ferryrtc.srtp.SrtpResult.values()) {
                m.put("srtpIn" + r, srtpIn.count(r));
            }
        }
        return m;
    }

    /** The SRTP contexts from the DTLS-SRTP keys (RFC 5764 §4.2); they outlive ICE restarts. */
    void installSrtp(org.ferryrtc.srtp.SrtpKeys keys) {
        srtpIn = SrtpContext.inbound(keys, org.ferryrtc.srtp.SrtpPolicy.DEFAULT);
        srtpOut = SrtpContext.outbound(keys, org.ferryrtc.srtp.SrtpPolicy.DEFAULT);
    }

    void startConsentChecks(long now) {
        if (nextConsentCheck == Long.MAX_VALUE) {
            nextConsentCheck = now + CONSENT_INTERVAL_NANOS;
        }
    }

    void stopConsentChecks() {
        nextConsentCheck = Long.MAX_VALUE;
    }

    /** The earliest deadline: RTP, SCTP or the next consent check (nanoTime). */
    long deadline() {
        if (sctpFlushPending) {
            return inputNow; // already due: runs right after this turn
        }
        long d = nextConsentCheck;
        if (rtp != null) {
            d = Math.min(d, rtp.pollTimeout());
        }
        if (sctp != null) {
            d = Math.min(d, sctp.pollTimeout());
        }
        return d;
    }

    void onTimer() {
        long now = System.nanoTime();
        if (rtp != null && rtp.pollTimeout() <= now) {
            rtp.handleTimeout(now);
        }
        if (rtp != null) {
            pumpRtp(now);
        }
        if (sctp != null && sctp.pollTimeout() <= now) {
            sctp.handleTimeout(now);
        }
        pumpSctp(now);
        if (nextConsentCheck <= now) {
            nextConsentCheck = now + CONSENT_INTERVAL_NANOS;
            if (ice != null) {
                ice.checkConsent(System.currentTimeMillis()); // a change arrives as an IceEvent
            }
        }
    }
}
