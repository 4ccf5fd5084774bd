package org.ferryrtc.peer.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ferryrtc.rtp.ExtensionMap;

/**
 * What offer/answer negotiated for one {@link RtpSession} (one BUNDLE transport): the streams we
 * send, the payload types and header extensions we accept, and the remote SSRCs announced in the
 * SDP ({@code a=ssrc}, {@code a=ssrc-group:FID}, RFC 5576). Build with {@link #builder()}.
 *
 * <p>Routing of incoming RTP (RFC 8843 §9.2): a packet goes to the remote stream of its SSRC; an
 * SSRC nobody announced is accepted only if {@link #acceptUnannouncedByMid()} is set and its
 * {@code mid} header extension (negotiated in {@link #receiveExtensions()}) names one of
 * {@link #receiveMids()}. Some peers route by SSRC only, some by mid (DESIGN §6).
 *
 * @param sendTracks local send streams
 * @param receiveCodecs payload types accepted on receive
 * @param receiveMids mids of the m-sections we receive on (for mid routing)
 * @param remoteSsrcs remote SSRCs announced in SDP
 * @param sendExtensions extension ids negotiated for what we send (mid, abs-send-time, transport-cc)
 * @param receiveExtensions extension ids negotiated for what we receive
 * @param acceptUnannouncedByMid whether an unannounced SSRC may be routed by its mid extension
 * @param deliverPackets true: the app receives in-order {@link MediaEvent.Packet}s instead of frames
 * @param reducedSizeRtcp {@code a=rtcp-rsize} (RFC 5506): feedback may go without SR/RR + SDES
 * @param rtcpSsrc sender SSRC of our RTCP when we send no media (RR, NACK, PLI, TWCC)
 * @param cname CNAME of {@link #rtcpSsrc()} (RFC 3550 §6.5.1)
 * @param seed seed of the randomised RTCP interval (RFC 3550 §6.2), for reproducible runs
 * @param ntpOffsetNanos added to {@code nowNanos} to give Unix time for SR NTP timestamps
 * @param reorderWaitNanos how long in-order delivery waits for a missing packet to be repaired by NACK/RTX
 *     before skipping it (streams without NACK wait at most 40 ms, for reordering only)
 */
public record RtpSessionConfig(List<SendTrack> sendTracks, List<ReceiveCodec> receiveCodecs,
        List<String> receiveMids, List<RemoteSsrc> remoteSsrcs, ExtensionMap sendExtensions,
        ExtensionMap receiveExtensions, boolean acceptUnannouncedByMid, boolean deliverPackets,
        boolean reducedSizeRtcp, long rtcpSsrc, String cname, long seed, long ntpOffsetNanos,
        long reorderWaitNanos) {

    /** Media kind of a stream (the m-line's media). */
    public enum Kind { AUDIO, VIDEO }

    /**
     * One local send stream.
     *
     * @param rtxSsrc RTX SSRC (RFC 4588 §8.3, {@code ssrc-group:FID}), -1 if RTX is not negotiated
     * @param rtxPayloadType RTX payload type ({@code apt} = {@code payloadType}), -1 if none
     */
    public record SendTrack(String trackId, Kind kind, String mid, String codec, int payloadType,
            int clockRate, long ssrc, long rtxSsrc, int rtxPayloadType, String cname) {
        public SendTrack {
            Objects.requireNonNull(trackId, "trackId");
            Objects.requireNonNull(kind, "kind");
            checkPt(payloadType);
            checkSsrc(ssrc);
            if (rtxSsrc != -1 || rtxPayloadType != -1) {
                checkSsrc(rtxSsrc);
                checkPt(rtxPayloadType);
            }
            if (clockRate <= 0) {
                throw new IllegalArgumentException("clock rate " + clockRate);
            }
        }

        boolean hasRtx() {
            return rtxSsrc >= 0;
        }
    }

    /**
     * One negotiated receive payload type ({@code a=rtpmap}), with its RTX payload type
     * ({@code a=fmtp:R apt=P}, -1 if none) and whether {@code a=rtcp-fb:P nack} was negotiated.
     */
    public record ReceiveCodec(int payloadType, String codec, int clockRate, Kind kind, int rtxPayloadType,
            boolean nack) {
        public ReceiveCodec {
            checkPt(payloadType);
            Objects.requireNonNull(kind, "kind");
            if (rtxPayloadType != -1) {
                checkPt(rtxPayloadType);
            }
            if (clockRate <= 0) {
                throw new IllegalArgumentException("clock rate " + clockRate);
            }
        }
    }

    /** A remote SSRC announced in SDP for {@code mid}, with its RTX SSRC (-1 if none). */
    public record RemoteSsrc(long ssrc, String mid, long rtxSsrc) {
        public RemoteSsrc {
            checkSsrc(ssrc);
            if (rtxSsrc != -1) {
                checkSsrc(rtxSsrc);
            }
        }
    }

    public RtpSessionConfig {
        sendTracks = List.copyOf(sendTracks);
        receiveCodecs = List.copyOf(receiveCodecs);
        receiveMids = List.copyOf(receiveMids);
        remoteSsrcs = List.copyOf(remoteSsrcs);
        Objects.requireNonNull(sendExtensions, "sendExtensions");
        Objects.requireNonNull(receiveExtensions, "receiveExtensions");
        Objects.requireNonNull(cname, "cname");
        checkSsrc(rtcpSsrc);
        if (reorderWaitNanos < 0) {
            throw new IllegalArgumentException("reorderWaitNanos");
        }
    }

    private static void checkPt(int pt) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type " + pt);
        }
    }

    private static void checkSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc " + ssrc);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; every field has a default except the tracks and codecs you add. */
    public static final class Builder {
        private final List<SendTrack> sendTracks = new ArrayList<>();
        private final List<ReceiveCodec> receiveCodecs = new ArrayList<>();
        private final List<String> receiveMids = new ArrayList<>();
        private final List<RemoteSsrc> remoteSsrcs = new ArrayList<>();
        private ExtensionMap sendExtensions = new ExtensionMap();
        private ExtensionMap receiveExtensions = new ExtensionMap();
        private boolean acceptUnannouncedByMid = true;
        private boolean deliverPackets;
        private boolean reducedSizeRtcp = true;
        private long rtcpSsrc = 1;
        private String cname = "ferry";
        private long seed;
        private long ntpOffsetNanos;
        private long reorderWaitNanos = 500_000_000L;

        public Builder sendTrack(SendTrack t) {
            sendTracks.add(t);
            return this;
        }

        public Builder receiveCodec(ReceiveCodec c) {
            receiveCodecs.add(c);
            return this;
        }

        public Builder receiveMid(String mid) {
            receiveMids.add(mid);
            return this;
        }

        public Builder remoteSsrc(RemoteSsrc r) {
            remoteSsrcs.add(r);
            return this;
        }

        public Builder sendExtensions(ExtensionMap m) {
            sendExtensions = m;
            return this;
        }

        public Builder receiveExtensions(ExtensionMap m) {
            receiveExtensions = m;
            return this;
        }

        public Builder acceptUnannouncedByMid(boolean b) {
            acceptUnannouncedByMid = b;
            return this;
        }

        public Builder deliverPackets(boolean b) {
            deliverPackets = b;
            return this;
        }

        public Builder reducedSizeRtcp(boolean b) {
            reducedSizeRtcp = b;
            return this;
        }

        public Builder rtcpSsrc(long ssrc, String cname) {
            this.rtcpSsrc = ssrc;
            this.cname = cname;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder ntpOffsetNanos(long n) {
            ntpOffsetNanos = n;
            return this;
        }

        public Builder reorderWaitNanos(long n) {
            reorderWaitNanos = n;
            return this;
        }

        public RtpSessionConfig build() {
            return new RtpSessionConfig(sendTracks, receiveCodecs, receiveMids, remoteSsrcs, sendExtensions,
                    receiveExtensions, acceptUnannouncedByMid, deliverPackets, reducedSizeRtcp, rtcpSsrc, cname,
                    seed, ntpOffsetNanos, reorderWaitNanos);
        }
    }
}
