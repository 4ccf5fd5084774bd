package org.ferryrtc.peer.media;

import java.util.ArrayList;
import java.util.List;
import org.ferryrtc.rtcp.FullIntraRequest;
import org.ferryrtc.rtcp.GenericNack;
import org.ferryrtc.rtcp.Goodbye;
import org.ferryrtc.rtcp.NtpTime;
import org.ferryrtc.rtcp.PictureLossIndication;
import org.ferryrtc.rtcp.ReceiverReport;
import org.ferryrtc.rtcp.Remb;
import org.ferryrtc.rtcp.ReportBlock;
import org.ferryrtc.rtcp.RtcpCompoundBuilder;
import org.ferryrtc.rtcp.RtcpError;
import org.ferryrtc.rtcp.RtcpPacket;
import org.ferryrtc.rtcp.RtcpReader;
import org.ferryrtc.rtcp.SenderReport;
import org.ferryrtc.rtcp.SourceDescription;
import org.ferryrtc.rtcp.TransportCcFeedback;
import org.ferryrtc.rtcp.TwccWriter;
import org.ferryrtc.rtp.RtpPacket;

/**
 * The RTCP side of an {@link RtpSession}: reads incoming compounds (RFC 3550 §6.4 SR/RR,
 * §6.6 BYE; RFC 4585 §6.2.1 NACK, §6.3.1 PLI; RFC 5104 §4.3.1 FIR; REMB; transport-cc feedback)
 * and writes outgoing ones: the periodic report (SR per sending SSRC, else RR, with a report block
 * per remote stream, plus SDES CNAME as RFC 3550 §6.1 requires) and feedback (NACK, PLI, TWCC),
 * as reduced-size packets (RFC 5506) if negotiated, else behind an RR + SDES.
 */
final class RtcpEngine {
    private static final int MAX_BLOCKS = 31;
    static final int NACK_CHUNK = 128;
    private final RtpSession s;
    private final RtcpReader reader = new RtcpReader();
    private final RtpPacket stored = new RtpPacket();
    private final int[] lost = new int[1024];
    private long rttNanos = -1;
    long malformed;

    RtcpEngine(RtpSession s) {
        this.s = s;
    }

    long rttNanos() {
        return rttNanos;
    }

    private long ntp(long now) {
        return NtpTime.fromUnixNanos(now + s.config.ntpOffsetNanos());
    }

    private long feedbackSsrc() {
        return s.sendStreams.length > 0 ? s.sendStreams[0].track.ssrc() : s.config.rtcpSsrc();
    }

    private String feedbackCname() {
        return s.sendStreams.length > 0 && s.sendStreams[0].track.cname() != null
                ? s.sendStreams[0].track.cname() : s.config.cname();
    }

    // ------------------------------------------------------------------ incoming

    void receive(long now, byte[] buf, int off, int len) {
        reader.reset(buf, off, len);
        for (RtcpPacket p = reader.next(); p != null; p = reader.next()) {
            if (p instanceof SenderReport sr) {
                ReceiveStream st = remote(sr.senderSsrc());
                if (st != null) {
                    st.stats.onSenderReport(now, NtpTime.middle32(sr.ntpTimestamp()));
                    st.srPackets = sr.packetCount();
                    st.srOctets = sr.octetCount();
                }
                for (int i = 0; i < sr.reportCount(); i++) {
                    block(now, sr.blockSsrc(i), sr.fractionLost(i), sr.cumulativeLost(i), sr.jitter(i), sr.lastSr(i),
                            sr.delaySinceLastSr(i));
                }
            } else if (p instanceof ReceiverReport rr) {
                for (int i = 0; i < rr.reportCount(); i++) {
                    block(now, rr.blockSsrc(i), rr.fractionLost(i), rr.cumulativeLost(i), rr.jitter(i), rr.lastSr(i),
                            rr.delaySinceLastSr(i));
                }
            } else if (p instanceof GenericNack nack) {
                SendStream ss = local(nack.mediaSsrc());
                if (ss != null) {
                    ss.nacksReceived++;
                    int n = nack.copyLost(lost, 0);
                    ss.nackedPackets += n;
                    for (int i = 0; i < n; i++) {
                        ss.retransmit(now, lost[i], stored);
                    }
                }
            } else if (p instanceof PictureLossIndication pli) {
                SendStream ss = local(pli.mediaSsrc());
                if (ss != null) {
                    ss.plisReceived++;
                    s.events.add(new MediaEvent.KeyframeRequested(ss.track.trackId(), ss.track.ssrc(), false));
                }
            } else if (p instanceof FullIntraRequest fir) {
                for (int i = 0; i < fir.entryCount(); i++) {
                    SendStream ss = local(fir.entrySsrc(i));
                    if (ss != null) {
                        ss.firsReceived++;
                        s.events.add(new MediaEvent.KeyframeRequested(ss.track.trackId(), ss.track.ssrc(), true));
                    }
                }
            } else if (p instanceof Remb remb) {
                long[] ssrcs = new long[remb.ssrcCount()];
                for (int i = 0; i < ssrcs.length; i++) {
                    ssrcs[i] = remb.ssrc(i);
                }
                s.events.add(new MediaEvent.Remb(remb.bitrate(), ssrcs));
            } else if (p instanceof TransportCcFeedback fb) {
                s.events.add(new MediaEvent.TransportFeedback(fb.decode()));
            } else if (p instanceof Goodbye bye) {
                for (int i = 0; i < bye.ssrcCount(); i++) {
                    ReceiveStream st = remote(bye.ssrc(i));
                    if (st != null) {
                        s.streams.remove(st);
                        s.events.add(new MediaEvent.RemoteStreamEnded(st.ssrc, st.mid));
                    }
                }
            }
        }
        if (reader.error() != RtcpError.NONE) {
            malformed++;
        }
    }

    /** A report block about one of our send streams: loss, jitter, and RTT from LSR/DLSR (RFC 3550 §6.4.1). */
    private void block(long now, long ssrc, int fraction, int cumulative, long jitter, long lsr, long dlsr) {
        SendStream ss = local(ssrc);
        if (ss != null) {
            ss.fractionLost = fraction;
            ss.cumulativeLost = cumulative;
            ss.remoteJitter = jitter;
            long rtt = NtpTime.rttNanos(ntp(now), lsr, dlsr);
            if (rtt >= 0) {
                ss.rttNanos = rtt;
                rttNanos = rtt;
                for (int k = 0; k < s.streams.size(); k++) {
                    ReceiveStream st = s.streams.get(k);
                    if (st.nack != null) {
                        st.nack.setRtt(rtt);
                    }
                }
            }
        }
    }

    private ReceiveStream remote(long ssrc) {
        for (int i = 0; i < s.streams.size(); i++) {
            if (s.streams.get(i).ssrc == ssrc) {
                return s.streams.get(i);
            }
        }
        return null;
    }

    private SendStream local(long ssrc) {
        for (SendStream ss : s.sendStreams) {
            if (ss.track.ssrc() == ssrc) {
                return ss;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ outgoing

    /** The periodic compound: SR per sending SSRC (else one RR), report blocks, SDES CNAME. */
    void sendReport(long now) {
        byte[] b = s.tx.claim();
        if (b == null) {
            return;
        }
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, RtpSession.MAX_PACKET);
        int n = Math.min(MAX_BLOCKS, s.streams.size());
        ReportBlock[] blocks = new ReportBlock[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = s.streams.get(i).stats.reportBlock(now);
        }
        long ntp = ntp(now);
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        boolean first = true;
        for (SendStream ss : s.sendStreams) {
            if (ss.packets == 0 || chunks.size() == MAX_BLOCKS) {
                continue;
            }
            long elapsed = now - ss.lastSendNanos;
            long rtpTs = (ss.lastRtpTimestamp + elapsed / 1000 * ss.track.clockRate() / 1_000_000L) & 0xFFFF_FFFFL;
            cb.addSenderReport(ss.track.ssrc(), ntp, rtpTs, ss.packets & 0xFFFF_FFFFL, ss.octets & 0xFFFF_FFFFL,
                    first ? blocks : new ReportBlock[0]);
            first = false;
            String cname = ss.track.cname() != null ? ss.track.cname() : s.config.cname();
            chunks.add(new SourceDescription.Chunk(ss.track.ssrc(),
                    List.of(new SourceDescription.Item(SourceDescription.CNAME, cname))));
        }
        if (first) {
            cb.addReceiverReport(feedbackSsrc(), blocks);
            chunks.add(new SourceDescription.Chunk(feedbackSsrc(),
                    List.of(new SourceDescription.Item(SourceDescription.CNAME, feedbackCname()))));
        }
        cb.addSdes(chunks);
        s.tx.commit(cb.length(), true);
    }

    /** A builder over a fresh transmit slot, with the RR + SDES prefix unless reduced-size. */
    private RtcpCompoundBuilder feedback() {
        byte[] b = s.tx.claim();
        if (b == null) {
            return null;
        }
        RtcpCompoundBuilder cb = new RtcpCompoundBuilder(b, 0, RtpSession.MAX_PACKET);
        if (!s.config.reducedSizeRtcp()) {
            cb.addReceiverReport(feedbackSsrc());
            cb.addCname(feedbackSsrc(), feedbackCname());
        }
        return cb;
    }

    void sendNacks(long now, ReceiveStream st) {
        int n = st.nack.poll(now, lost);
        if (st.nack.pollKeyframeRequest()) {
            st.wantKeyframe(now);
        }
        if (n == 0) {
            return;
        }
        // at most NACK_CHUNK numbers per packet: even scattered ones (one FCI each) stay far below the MTU
        for (int from = 0; from < n; from += NACK_CHUNK) {
            int count = Math.min(NACK_CHUNK, n - from);
            RtcpCompoundBuilder cb = feedback();
            if (cb == null) {
                return;
            }
            if (cb.addNack(feedbackSsrc(), st.ssrc, lost, from, count)) {
                st.nacksSent++;
                st.nackedSeqs += count;
            }
            s.tx.commit(cb.length(), true);
        }
    }

    void sendPli(ReceiveStream st) {
        RtcpCompoundBuilder cb = feedback();
        if (cb == null) {
            return;
        }
        cb.addPli(feedbackSsrc(), st.ssrc);
        s.tx.commit(cb.length(), true);
    }

    void sendTwcc() {
        long media = s.streams.isEmpty() ? 0 : s.streams.get(0).ssrc;
        for (TwccWriter fb; (fb = s.twcc.next(feedbackSsrc(), media)) != null; ) {
            RtcpCompoundBuilder cb = feedback();
            if (cb == null) {
                return;
            }
            cb.addTwcc(fb);
            s.tx.commit(cb.length(), true);
        }
    }
}
