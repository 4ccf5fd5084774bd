package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One local UDP port opened by {@code POST /media}, {@code POST /media/rtcp} or {@code POST /data}.
 * Counts datagrams and bytes; a MEDIA port also checks each datagram as RTP ({@link RtpCheck})
 * and keeps the headers of the last N valid packets. Once a connection uses the port, every
 * (valid) datagram also goes to its {@link Sink}.
 */
final class UdpPort {
    enum Kind {
        MEDIA("media"), RTCP("rtcp"), DATA("data");
        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final String id;
    final Kind kind;
    final boolean video;
    final LongAdder datagrams = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder invalid = new LongAdder();
    private final AtomicReference<String> owner = new AtomicReference<>();
    private final Metrics metrics;
    volatile Channel channel;
    volatile int port;
    /** Where datagrams go once a connection uses the port (null: only counted). */
    volatile Sink sink;
    /** The source of the last datagram (the local program), null before the first. */
    volatile java.net.InetSocketAddress lastSender;
    /** The SSRC of the last valid RTP packet (MEDIA ports), for RTCP sent back to the program. */
    volatile long lastSsrc = -1;

    /** Receives each datagram on the port's event-loop thread; the buffer is reused after the call. */
    /** RTCP ports: runs (event loop) for each valid compound carrying a PLI or FIR, after the sink. */
    volatile Runnable onKeyframeRequest;
    /** RTCP ports: parses on the event loop only; counters read by status (approximate, single writer). */
    private boolean keyframeAsked; // event loop only: the last compound carried a PLI or FIR
    private final org.ferryrtc.rtcp.RtcpReader rtcpReader = new org.ferryrtc.rtcp.RtcpReader();
    private volatile long rtcpCompounds, rtcpMalformed, senderReports, receiverReports, plis, firs, byes, otherRtcp;
    private volatile long lastSrSsrc = -1, lastSrNtp, lastSrRtpTimestamp, lastSrPackets, lastSrOctets;

    interface Sink {
        void datagram(byte[] buf, int off, int len);
    }

    // ring of the last N RTP headers, written on the event loop, read under the lock
    private final int[] seq, pt, ssrc, size;
    private final long[] ts;
    private final boolean[] marker;
    private int next, filled;
    private byte[] scratch = new byte[2048];

    UdpPort(String id, Kind kind, boolean video, int history, Metrics metrics) {
        this.id = id;
        this.kind = kind;
        this.video = video;
        this.metrics = metrics;
        seq = new int[history];
        pt = new int[history];
        ssrc = new int[history];
        size = new int[history];
        ts = new long[history];
        marker = new boolean[history];
    }

    /** Marks the port as used by {@code connectionId}; false if another connection holds it. */
    boolean claim(String connectionId) {
        return owner.compareAndSet(null, connectionId);
    }

    /** Hands a claim over from a provisional holder to the connection that now owns the port. */
    boolean transfer(String from, String to) {
        return owner.compareAndSet(from, to);
    }

    void release(String connectionId) {
        if (owner.compareAndSet(connectionId, null)) sink = null;
    }

    String owner() {
        return owner.get();
    }

    final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            ByteBuf buf = msg.content();
            int len = buf.readableBytes();
            datagrams.increment();
            bytes.add(len);
            metrics.datagramIn(kind, len);
            lastSender = msg.sender();
            if (scratch.length < len) scratch = new byte[len];
            buf.getBytes(buf.readerIndex(), scratch, 0, len);
            if (kind == Kind.MEDIA) {
                if (!RtpCheck.valid(scratch, 0, len)) {
                    invalid.increment();
                    metrics.rtpInvalid();
                    return;
                }
                record(scratch, len);
                lastSsrc = ((scratch[8] & 0xFFL) << 24) | ((scratch[9] & 0xFF) << 16) | ((scratch[10] & 0xFF) << 8) | (scratch[11] & 0xFF);
            }
            if (kind == Kind.RTCP && !rtcp(scratch, len)) {
                invalid.increment();
                return;
            }
            Sink s = sink;
            if (s != null) s.datagram(scratch, 0, len);
            Runnable k = onKeyframeRequest;
            if (kind == Kind.RTCP && keyframeAsked && k != null) k.run();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Log.warn("udp.error", "id", id, "error", cause.toString());
        }
    }

    /**
     * Parses an RTCP compound (RFC 3550 §6.1) from the local program, counting its packets by
     * type and keeping the last SR's fields; false if it is malformed (packets before the bad
     * one still count). Event loop only; allocates nothing.
     */
    private boolean rtcp(byte[] b, int len) {
        org.ferryrtc.rtcp.RtcpReader r = rtcpReader.reset(b, 0, len);
        boolean keyframe = false;
        for (org.ferryrtc.rtcp.RtcpPacket p; (p = r.next()) != null; ) {
            if (p instanceof org.ferryrtc.rtcp.SenderReport sr) {
                senderReports++;
                lastSrSsrc = sr.senderSsrc();
                lastSrNtp = sr.ntpTimestamp();
                lastSrRtpTimestamp = sr.rtpTimestamp();
                lastSrPackets = sr.packetCount();
                lastSrOctets = sr.octetCount();
            } else if (p instanceof org.ferryrtc.rtcp.ReceiverReport) {
                receiverReports++;
            } else if (p instanceof org.ferryrtc.rtcp.PictureLossIndication) {
                plis++;
                keyframe = true;
            } else if (p instanceof org.ferryrtc.rtcp.FullIntraRequest) {
                firs++;
                keyframe = true;
            } else if (p instanceof org.ferryrtc.rtcp.Goodbye) {
                byes++;
            } else {
                otherRtcp++;
            }
        }
        if (r.error() != org.ferryrtc.rtcp.RtcpError.NONE) {
            rtcpMalformed++;
            return false;
        }
        rtcpCompounds++;
        keyframeAsked = keyframe;
        return true;
    }

    /** RTCP ports: what the local program sent, by packet type, and its last SR. */
    ObjectNode rtcpStatus() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("rtcp_id", id);
        o.put("compounds", rtcpCompounds);
        o.put("malformed", rtcpMalformed);
        o.put("sender_reports", senderReports);
        o.put("receiver_reports", receiverReports);
        o.put("plis", plis);
        o.put("firs", firs);
        o.put("byes", byes);
        o.put("other", otherRtcp);
        if (lastSrSsrc >= 0) {
            ObjectNode sr = o.putObject("last_sr");
            sr.put("ssrc", lastSrSsrc);
            sr.put("ntp_timestamp", lastSrNtp);
            sr.put("rtp_timestamp", lastSrRtpTimestamp);
            sr.put("packet_count", lastSrPackets);
            sr.put("octet_count", lastSrOctets);
        }
        return o;
    }

    private synchronized void record(byte[] b, int len) {
        int i = next;
        marker[i] = (b[1] & 0x80) != 0;
        pt[i] = b[1] & 0x7F;
        seq[i] = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        ts[i] = ((long) (b[4] & 0xFF) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
        ssrc[i] = ((b[8] & 0xFF) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
        size[i] = len;
        next = (i + 1) % seq.length;
        if (filled < seq.length) filled++;
    }

    /** Sends a datagram from this port (used for RTCP back to the local program). */
    void send(byte[] b, int off, int len, java.net.InetSocketAddress to) {
        Channel ch = channel;
        if (ch == null || to == null) return;
        ch.writeAndFlush(new DatagramPacket(io.netty.buffer.Unpooled.copiedBuffer(b, off, len), to));
    }

    /** The status JSON: counters and, for media, the last headers (oldest first). */
    synchronized ObjectNode status(String ip) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put(kind == Kind.DATA ? "data_id" : kind == Kind.RTCP ? "rtcp_id" : "media_id", id);
        o.put("port", port);
        o.put("ip_v4", ip);
        if (kind == Kind.MEDIA) o.put("is_video", video);
        o.put("in_use", owner.get() != null);
        o.put("datagrams", datagrams.sum());
        o.put("bytes", bytes.sum());
        if (kind == Kind.RTCP) o.setAll(rtcpStatus());
        if (kind == Kind.MEDIA) {
            o.put("invalid", invalid.sum());
            ArrayNode last = o.putArray("last_packets");
            for (int k = 0; k < filled; k++) {
                int i = (next - filled + k + seq.length) % seq.length;
                ObjectNode h = last.addObject();
                h.put("sequence_number", seq[i]);
                h.put("timestamp", ts[i]);
                h.put("ssrc", Integer.toUnsignedLong(ssrc[i]));
                h.put("payload_type", pt[i]);
                h.put("marker", marker[i]);
                h.put("size", size[i]);
            }
        }
        return o;
    }
}
