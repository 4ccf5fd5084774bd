package org.ferryrtc.peer.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ferryrtc.rtp.KnownExtension;
import org.ferryrtc.rtp.RetransmissionBuffer;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.Rtx;
import org.ferryrtc.rtp.SdesIdentifier;
import org.ferryrtc.rtp.TransportCc;

/**
 * The RTP media session of a PeerConnection (RFC 3550, RFC 4585, RFC 4588, RFC 8843), sans-IO:
 * it sits between SRTP (done by the caller) and the application, owns no thread, socket, clock
 * or lock, and takes time as {@code long nowNanos} (any monotonic origin; nanoseconds).
 *
 * <pre>
 *  app --sendFrame/sendRtp--&gt; [packetize, RTP header + extensions, retransmission store] --+
 *                                                                      pollTransmit() &lt;--+
 *  handleRtp  --&gt; [validate, route by SSRC / RTX SSRC / mid, stats, NACK, TWCC record,
 *                  reorder, depacketize] --&gt; pollEvent(): Frame / Packet / RemoteStreamStarted
 *  handleRtcp --&gt; [SR/RR: LSR, RTT; NACK -&gt; RTX; PLI/FIR -&gt; KeyframeRequested; REMB/TWCC; BYE]
 *  handleTimeout/pollTimeout: RTCP reports (~1 s, randomised), NACKs, TWCC (~100 ms), PLIs
 * </pre>
 *
 * <p>Input buffers are read and never modified; the one exception to "not kept": a
 * {@link MediaEvent.Packet} of a packet given to {@link #handleRtp} at offset 0 points into that
 * buffer (no copy) until the next {@link #pollEvent}, so poll the events before reusing it. Output: {@link #pollTransmit} copies the
 * next packet into the caller's buffer; {@link #lastTransmitWasRtcp()} says which SRTP protect to
 * apply. Packets are at most {@link #MAX_PACKET} bytes: give a buffer with {@link #TAIL_ROOM}
 * more for the SRTP tag, which is added in place. Bad input is counted (see the counters), never
 * thrown; exceptions are for API misuse only. Not thread-safe: one owner thread.
 */
public final class RtpSession {
    /** Largest RTP/RTCP packet this session writes or accepts. */
    public static final int MAX_PACKET = 1500;
    /** Room an SRTP protect needs after a packet (auth tag, and the SRTCP index). */
    public static final int TAIL_ROOM = 16;
    static final long TWCC_INTERVAL_NANOS = 100_000_000L;
    static final long RTCP_INTERVAL_NANOS = 1_000_000_000L;
    static final int MAX_REMOTE_STREAMS = 32;

    final RtpSessionConfig config;
    final TransmitQueue tx = new TransmitQueue(2048);
    final EventQueue events = new EventQueue(8192);
    final RetransmissionBuffer rtxBuffer;
    final SendStream[] sendStreams;
    final List<ReceiveStream> streams = new ArrayList<>();
    private final RtpSessionConfig.ReceiveCodec[] codecByPt = new RtpSessionConfig.ReceiveCodec[128];
    private final Rtx rtx = new Rtx();
    private final byte[][] mids;
    private final RtcpEngine rtcp;
    final TwccRecorder twcc;
    private final SplittableRandom random;
    private final RtpPacket view = new RtpPacket();
    private final RtpPacket restored = new RtpPacket();
    private final byte[] rtxScratch = new byte[MAX_PACKET];
    final int sendMidId;
    final int sendAbsId;
    final int sendTwccId;
    final boolean sendMixed;
    private final int recvMidId;
    private final int recvTwccId;
    int transportSeq;

    private long nextReportAt;
    private long twccDue = Long.MIN_VALUE;
    private long deadline;

    long malformedRtp;
    long unknownSsrc;
    long unknownPayloadType;
    long rtxDropped;
    long oversizeDropped;
    long streamLimitDropped;
    long invalidFrames;

    /**
     * @param config what offer/answer negotiated
     * @param nowNanos the current time; the first RTCP report is scheduled from it
     */
    public RtpSession(RtpSessionConfig config, long nowNanos) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        List<RtpSessionConfig.SendTrack> tracks = config.sendTracks();
        sendStreams = new SendStream[tracks.size()];
        for (int i = 0; i < sendStreams.length; i++) {
            sendStreams[i] = new SendStream(this, tracks.get(i), random.nextInt(0x10000), random.nextInt(0x10000));
        }
        transportSeq = random.nextInt(0x10000);
        rtxBuffer = new RetransmissionBuffer(new RetransmissionBuffer.Config(Math.max(1, sendStreams.length), 1024,
                1_000_000_000L, MAX_PACKET, 10_000_000L, 0));
        for (RtpSessionConfig.ReceiveCodec c : config.receiveCodecs()) {
            codecByPt[c.payloadType()] = c;
            if (c.rtxPayloadType() >= 0) {
                rtx.mapPayloadType(c.rtxPayloadType(), c.payloadType());
            }
        }
        mids = new byte[config.receiveMids().size()][];
        for (int i = 0; i < mids.length; i++) {
            mids[i] = config.receiveMids().get(i).getBytes(StandardCharsets.US_ASCII);
        }
        sendMidId = config.sendExtensions().id(KnownExtension.MID);
        sendAbsId = config.sendExtensions().id(KnownExtension.ABS_SEND_TIME);
        sendTwccId = config.sendExtensions().id(KnownExtension.TRANSPORT_CC);
        sendMixed = config.sendExtensions().allowMixed();
        recvMidId = config.receiveExtensions().id(KnownExtension.MID);
        recvTwccId = config.receiveExtensions().id(KnownExtension.TRANSPORT_CC);
        twcc = recvTwccId > 0 ? new TwccRecorder(8192) : null;
        rtcp = new RtcpEngine(this);
        nextReportAt = nowNanos + reportInterval() / 2;
        deadline = nextReportAt;
    }

    /** RFC 3550 §6.3.1: the interval is randomised over [0.5, 1.5] times the nominal one. */
    private long reportInterval() {
        return RTCP_INTERVAL_NANOS / 2 + (long) (random.nextDouble() * RTCP_INTERVAL_NANOS);
    }

    // ------------------------------------------------------------------ receive

    /**
     * One decrypted RTP packet ({@code len} bytes from {@code off}; not modified, not kept).
     *
     * @throws IllegalArgumentException if the range lies outside {@code buf} (API misuse)
     */
    public void handleRtp(long now, byte[] buf, int off, int len) {
        checkRange(buf, off, len);
        if (!view.wrap(buf, off, len)) {
            malformedRtp++;
            return;
        }
        route(now, view);
        updateDeadline(now);
    }

    private void route(long now, RtpPacket p) {
        long ssrc = p.ssrc();
        int pt = p.payloadType();
        for (int i = 0; i < streams.size(); i++) {
            ReceiveStream st = streams.get(i);
            if (st.ssrc == ssrc) {
                media(now, st, p);
                return;
            }
            if (st.rtxSsrc == ssrc) {
                repair(now, st, p);
                return;
            }
        }
        for (RtpSessionConfig.RemoteSsrc a : config.remoteSsrcs()) {
            if (a.ssrc() == ssrc) {
                if (codecByPt[pt] == null) {
                    unknownPayloadType++;
                    return;
                }
                ReceiveStream st = start(now, ssrc, a.mid(), codecByPt[pt], false);
                if (st != null) {
                    st.rtxSsrc = a.rtxSsrc();
                    media(now, st, p);
                }
                return;
            }
            if (a.rtxSsrc() == ssrc && rtx.apt(pt) >= 0 && codecByPt[rtx.apt(pt)] != null) {
                ReceiveStream st = start(now, a.ssrc(), a.mid(), codecByPt[rtx.apt(pt)], false);
                if (st != null) {
                    st.rtxSsrc = ssrc;
                    repair(now, st, p);
                }
                return;
            }
        }
        String mid = config.acceptUnannouncedByMid() ? matchMid(p) : null;
        if (mid == null) {
            unknownSsrc++;
            return;
        }
        if (codecByPt[pt] != null) {
            ReceiveStream st = start(now, ssrc, mid, codecByPt[pt], true);
            if (st != null) {
                media(now, st, p);
            }
            return;
        }
        if (rtx.apt(pt) >= 0) {
            // an RTX stream by mid: it repairs the one stream of that mid that has no RTX yet
            ReceiveStream only = null;
            int n = 0;
            for (int i = 0; i < streams.size(); i++) {
                ReceiveStream st = streams.get(i);
                if (st.mid.equals(mid) && st.rtxSsrc < 0) {
                    only = st;
                    n++;
                }
            }
            if (n == 1) {
                only.rtxSsrc = ssrc;
                repair(now, only, p);
                return;
            }
        }
        unknownSsrc++;
    }

    /** The receive mid carried by the packet's mid extension (RFC 8843 §15.2), or null. */
    private String matchMid(RtpPacket p) {
        if (recvMidId <= 0) {
            return null;
        }
        for (int i = 0; i < mids.length; i++) {
            if (SdesIdentifier.matches(p, recvMidId, mids[i])) {
                return config.receiveMids().get(i);
            }
        }
        return null;
    }

    private ReceiveStream start(long now, long ssrc, String mid, RtpSessionConfig.ReceiveCodec codec, boolean byMid) {
        if (streams.size() >= MAX_REMOTE_STREAMS) {
            streamLimitDropped++;
            return null;
        }
        ReceiveStream st = new ReceiveStream(ssrc, mid == null ? "" : mid, codec.kind(), codec.clockRate(), codec.nack(),
                config.reorderWaitNanos());
        streams.add(st);
        events.add(new MediaEvent.RemoteStreamStarted(ssrc, st.mid, codec.kind(), byMid));
        st.wantKeyframe(now); // the first keyframe is usually missed (DESIGN §6): ask at once
        return st;
    }

    private void media(long now, ReceiveStream st, RtpPacket p) {
        if (codecByPt[p.payloadType()] == null) {
            unknownPayloadType++;
            return;
        }
        recordTransport(now, p);
        st.onPacket(now, p, false, this);
    }

    /** An RTX packet (RFC 4588 §4) of {@code st}: restored to the original and fed to the stream. */
    private void repair(long now, ReceiveStream st, RtpPacket p) {
        recordTransport(now, p);
        Rtx.Status s = rtx.unwrap(p, st.ssrc, rtxScratch, 0);
        if (s != Rtx.Status.OK || !restored.wrap(rtxScratch, 0, rtx.unwrappedLength())) {
            rtxDropped++; // padding-only probes included
            return;
        }
        st.onPacket(now, restored, true, this);
    }

    private void recordTransport(long now, RtpPacket p) {
        if (twcc == null) {
            return;
        }
        int t = TransportCc.get(p, recvTwccId);
        if (t >= 0) {
            if (twcc.pending() == 0 && twccDue < now) {
                twccDue = now + TWCC_INTERVAL_NANOS;
            }
            twcc.record(now, t);
        }
    }

    RtpSessionConfig.ReceiveCodec receiveCodec(int pt) {
        return codecByPt[pt & 0x7F];
    }

    /**
     * One decrypted RTCP compound or reduced-size packet (not modified, not kept).
     *
     * @throws IllegalArgumentException if the range lies outside {@code buf} (API misuse)
     */
    public void handleRtcp(long now, byte[] buf, int off, int len) {
        checkRange(buf, off, len);
        rtcp.receive(now, buf, off, len);
        updateDeadline(now);
    }

    // ------------------------------------------------------------------ send

    /**
     * Packetizes one encoded frame of {@code trackId} with its codec and queues the packets.
     *
     * @param rtpTimestamp the frame's RTP timestamp (clock rate of the track)
     * @return the number of packets queued, or -1 if the frame could not be packetized (counted)
     * @throws IllegalArgumentException for an unknown track or a bad range (API misuse)
     */
    public int sendFrame(long now, String trackId, byte[] frame, int off, int len, long rtpTimestamp) {
        SendStream s = sendStream(trackId);
        checkRange(frame, off, len);
        int n = s.sendFrame(now, frame, off, len, rtpTimestamp);
        if (n < 0) {
            invalidFrames++;
        }
        updateDeadline(now);
        return n;
    }

    /**
     * Sends an application's own RTP packet as {@code trackId}: SSRC, payload type and sequence
     * number are rewritten to the track's; marker, timestamp and payload are kept, the app's
     * CSRCs, extensions and padding replaced by the negotiated extensions.
     *
     * @return false if the packet is malformed (counted) or the transmit queue is full
     * @throws IllegalArgumentException for an unknown track or a bad range (API misuse)
     */
    public boolean sendRtp(long now, String trackId, byte[] packet, int off, int len) {
        SendStream s = sendStream(trackId);
        checkRange(packet, off, len);
        if (!view.wrap(packet, off, len)) {
            malformedRtp++;
            return false;
        }
        boolean ok = s.sendRtp(now, view);
        updateDeadline(now);
        return ok;
    }

    /**
     * Asks the sender of {@code remoteSsrc} for a keyframe now (PLI, RFC 4585 §6.3.1).
     *
     * @return false if no such remote stream is known
     */
    public boolean requestKeyframe(long now, long remoteSsrc) {
        for (int i = 0; i < streams.size(); i++) {
            ReceiveStream st = streams.get(i);
            if (st.ssrc == remoteSsrc) {
                st.needKeyframe = true;
                rtcp.sendPli(st);
                st.pliSent(now);
                updateDeadline(now);
                return true;
            }
        }
        return false;
    }

    private SendStream sendStream(String trackId) {
        for (SendStream s : sendStreams) {
            if (s.track.trackId().equals(trackId)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown track " + trackId);
    }

    // ------------------------------------------------------------------ timers and output

    /** Runs what is due at {@code now}: RTCP reports, NACKs, PLIs, TWCC feedback, skipping lost holes. */
    public void handleTimeout(long now) {
        if (now >= nextReportAt) {
            rtcp.sendReport(now);
            nextReportAt = now + reportInterval();
        }
        for (int i = 0; i < streams.size(); i++) {
            ReceiveStream st = streams.get(i);
            if (st.nack != null && st.nack.pollTimeout() <= now) {
                rtcp.sendNacks(now, st);
            }
            st.drain(now, this);
            if (st.pliDue <= now) {
                rtcp.sendPli(st);
                st.pliSent(now);
            }
        }
        if (twcc != null && twcc.pending() > 0 && now >= twccDue) {
            rtcp.sendTwcc();
            twccDue = now + TWCC_INTERVAL_NANOS;
        }
        updateDeadline(now);
    }

    /** When {@link #handleTimeout} should next run (nanoseconds). O(1). */
    public long pollTimeout() {
        return deadline;
    }

    private void updateDeadline(long now) {
        long d = nextReportAt;
        if (twcc != null && twcc.pending() > 0) {
            d = Math.min(d, twccDue);
        }
        for (int i = 0; i < streams.size(); i++) {
            ReceiveStream st = streams.get(i);
            if (st.nack != null) {
                d = Math.min(d, Math.max(now, st.nack.pollTimeout()));
            }
            d = Math.min(d, st.pliDue);
            d = Math.min(d, st.holeDeadline());
        }
        deadline = d;
    }

    /**
     * Copies the next outgoing packet to {@code out} at {@code off}.
     *
     * @return its length, or -1 if nothing is queued
     * @throws IllegalArgumentException if it does not fit (give {@link #MAX_PACKET} + {@link #TAIL_ROOM})
     */
    public int pollTransmit(byte[] out, int off) {
        return tx.poll(out, off);
    }

    /**
     * The next outgoing packet without a copy (the forwarding hot path): the packet is in
     * {@link #transmitBuffer()} from offset 0, followed by at least {@link #TAIL_ROOM} spare bytes,
     * so SRTP can protect it in place there. The bytes stay valid until the next call on this
     * session that queues a packet ({@code sendRtp}, {@code sendFrame}, {@code handleRtcp},
     * {@code handleTimeout}, ...): protect and send at once.
     *
     * @return its length, or -1 if nothing is queued
     */
    public int pollTransmit() {
        return tx.pollInPlace();
    }

    /** The buffer holding the packet last returned by {@link #pollTransmit()} (see there). */
    public byte[] transmitBuffer() {
        return tx.lastBuffer();
    }

    /** Whether the packet last returned by {@link #pollTransmit} is RTCP (protect with SRTCP). */
    public boolean lastTransmitWasRtcp() {
        return tx.lastWasRtcp();
    }

    /** The next event, or null. A {@link MediaEvent.Frame} or {@link MediaEvent.Packet} is valid until the next call. */
    public MediaEvent pollEvent() {
        return events.poll();
    }

    private static void checkRange(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("range outside the buffer");
        }
    }

    // ------------------------------------------------------------------ observability

    /**
     * A snapshot of one stream's counters.
     *
     * @param outbound true for a local send stream, false for a remote stream
     * @param lost packets lost (receive: RFC 3550 A.3 before repair; send: as the remote reported)
     * @param jitterSeconds interarrival jitter (receive: our estimate; send: as reported)
     * @param rttNanos round-trip time from RR LSR/DLSR (RFC 3550 §6.4.1), -1 if unknown
     * @param retransmissions send: packets resent for NACKs; receive: RTX packets restored
     * @param nacks send: NACK packets received; receive: NACK packets sent
     * @param plis send: PLIs and FIRs received; receive: PLIs sent
     */
    public record StreamStats(boolean outbound, long ssrc, String mid, String trackId, long packets, long bytes,
            long lost, double jitterSeconds, long rttNanos, long nacks, long retransmissions, long plis,
            long frames, long keyframes) {
    }

    /** Per-stream statistics, send streams first. Allocates. */
    public List<StreamStats> stats() {
        List<StreamStats> out = new ArrayList<>();
        for (SendStream s : sendStreams) {
            out.add(new StreamStats(true, s.track.ssrc(), s.track.mid(), s.track.trackId(), s.packets, s.octets,
                    s.cumulativeLost, (double) s.remoteJitter / s.track.clockRate(), s.rttNanos, s.nacksReceived,
                    s.retransmissions, s.plisReceived + s.firsReceived, s.frames, s.keyframes));
        }
        for (ReceiveStream r : streams) {
            out.add(new StreamStats(false, r.ssrc, r.mid, null, r.packets, r.octets, Math.max(0, r.stats.lost()),
                    r.stats.jitter() / r.stats.clockRate(), rtcp.rttNanos(), r.nacksSent, r.rtxPackets, r.plisSent,
                    r.framesOut, r.keyframesOut));
        }
        return out;
    }

    /** RTP packets that failed validation (RFC 3550 §5.1 header, extension and padding bounds). */
    public long malformedRtpCount() {
        return malformedRtp;
    }

    /** RTP packets of an SSRC neither announced nor routable by mid. */
    public long unknownSsrcCount() {
        return unknownSsrc + streamLimitDropped;
    }

    /** RTP packets with a payload type that was not negotiated. */
    public long unknownPayloadTypeCount() {
        return unknownPayloadType;
    }

    /** RTX packets that could not be restored (malformed, unknown apt, or padding-only probes). */
    public long rtxDroppedCount() {
        return rtxDropped;
    }

    /** RTCP compounds with a malformed packet (the rest of the compound is dropped). */
    public long malformedRtcpCount() {
        return rtcp.malformed;
    }

    /** Packets not queued because the transmit queue was full or the packet too large. */
    public long transmitDroppedCount() {
        return tx.droppedCount() + oversizeDropped;
    }

    /** Events dropped because the application did not poll. */
    public long eventDroppedCount() {
        return events.droppedCount();
    }
}
