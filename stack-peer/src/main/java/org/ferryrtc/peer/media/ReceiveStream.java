package org.ferryrtc.peer.media;

import org.ferryrtc.rtp.NackGenerator;
import org.ferryrtc.rtp.ReceiveStatistics;
import org.ferryrtc.rtp.RtpPacket;
import org.ferryrtc.rtp.SequenceUnwrapper;
import org.ferryrtc.rtp.codec.Codec;
import org.ferryrtc.rtp.codec.Depacketizer;

/**
 * One remote RTP source (RFC 3550 §8): reception statistics (RFC 3550 A.1/A.3/A.8), NACK
 * scheduling (RFC 4585 §6.2.1), in-order delivery through a {@link ReorderBuffer} into the
 * codec's depacketizer (or as raw packets), and keyframe requests (PLI, RFC 4585 §6.3.1) when the
 * stream starts, after an unrecoverable gap, and again while no keyframe arrived.
 */
final class ReceiveStream {
    /** Spacing of repeated PLIs while no keyframe arrives. */
    static final long KEYFRAME_RETRY_NANOS = 1_000_000_000L;
    /** Minimum spacing of PLIs caused by gaps. */
    static final long MIN_PLI_INTERVAL_NANOS = 250_000_000L;
    static final int REORDER_SLOTS = 512;
    /** Without NACK no repair is coming: wait only for reordering. */
    static final long NO_NACK_WAIT_NANOS = 40_000_000L;

    final long ssrc;
    long rtxSsrc = -1;
    final String mid;
    final RtpSessionConfig.Kind kind;
    final ReceiveStatistics stats;
    final NackGenerator nack;
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private final ReorderBuffer reorder = new ReorderBuffer(REORDER_SLOTS);
    private final RtpPacket view = new RtpPacket();
    private Depacketizer depacketizer;
    private Codec depacketizerCodec;
    private int codecPt = -1;
    private Codec codec;
    private long restartCandidate = -1;
    private final long waitNanos;

    boolean needKeyframe;
    long pliDue = Long.MAX_VALUE;
    private long lastPliAt = Long.MIN_VALUE / 2;

    long packets;
    long octets;
    long duplicates;
    long late;
    long rtxPackets;
    long skipped;
    long framesOut;
    long keyframesOut;
    long plisSent;
    long nacksSent;
    long nackedSeqs;
    long invalidPayloads;
    long srPackets;
    long srOctets;

    ReceiveStream(long ssrc, String mid, RtpSessionConfig.Kind kind, int clockRate, boolean nack, long reorderWait) {
        this.waitNanos = nack ? reorderWait : Math.min(reorderWait, NO_NACK_WAIT_NANOS);
        this.ssrc = ssrc;
        this.mid = mid;
        this.kind = kind;
        this.stats = new ReceiveStatistics(ssrc, clockRate);
        this.nack = nack ? new NackGenerator(NackGenerator.Config.defaults()) : null;
    }

    /** Asks for a keyframe (video only), at once if the last PLI is old enough, else rate-limited. */
    void wantKeyframe(long now) {
        if (kind != RtpSessionConfig.Kind.VIDEO) {
            return;
        }
        needKeyframe = true;
        pliDue = Math.min(pliDue, Math.max(now, lastPliAt + MIN_PLI_INTERVAL_NANOS));
    }

    /** Called when the session sent a PLI for this stream. */
    void pliSent(long now) {
        plisSent++;
        lastPliAt = now;
        pliDue = needKeyframe ? now + KEYFRAME_RETRY_NANOS : Long.MAX_VALUE;
    }

    /**
     * Takes a valid RTP packet of this stream (already restored from RTX if {@code fromRtx}).
     * The packet is copied; {@code p} may be reused afterwards.
     */
    void onPacket(long now, RtpPacket p, boolean fromRtx, RtpSession s) {
        int seq = p.sequenceNumber();
        if (fromRtx) {
            rtxPackets++;
        } else {
            packets++;
            octets += p.payloadLength();
            stats.onPacket(now, p);
        }
        if (nack != null) {
            nack.onPacket(now, seq);
            if (nack.pollKeyframeRequest()) {
                wantKeyframe(now);
            }
        }
        long ext = unwrapper.unwrap(seq);
        if (p.length() > RtpSession.MAX_PACKET) {
            s.oversizeDropped++;
            return;
        }
        if (ext < reorder.headExt() - ReceiveStatistics.MAX_DROPOUT) {
            // far behind what we deliver: a restarted sender once two such packets follow each other
            if (ext == restartCandidate + 1) {
                reorder.restart(ext);
                restartCandidate = -1;
            } else {
                restartCandidate = ext;
                late++;
                return;
            }
        }
        if (!reorder.fits(ext)) {
            while (!reorder.fits(ext) && reorder.buffered() > 0) {
                advance(now, s);
            }
            if (!reorder.fits(ext)) {
                reorder.restart(ext);
            }
        }
        if (reorder.inOrder(ext)) { // the common case: straight through, no copy into the reorder ring
            reorder.passed(ext);
            deliver(now, s, p);
            return;
        }
        int r = reorder.insert(now, ext, p.buffer(), p.offset(), p.length());
        if (r == ReorderBuffer.DUPLICATE) {
            duplicates++;
        } else if (r == ReorderBuffer.LATE) {
            late++;
        }
        drain(now, s);
    }

    /** Delivers what is in order; skips a hole that waited longer than the session allows. */
    void drain(long now, RtpSession s) {
        while (true) {
            if (reorder.headPresent()) {
                deliverHead(now, s);
                continue;
            }
            if (reorder.buffered() == 0) {
                return;
            }
            if (now - reorder.oldestArrival() < waitNanos) {
                return;
            }
            advance(now, s);
        }
    }

    /** When {@link #drain} must run again to skip a hole, or MAX. */
    long holeDeadline() {
        if (reorder.buffered() == 0 || reorder.headPresent()) {
            return Long.MAX_VALUE;
        }
        return reorder.oldestArrival() + waitNanos;
    }

    private void advance(long now, RtpSession s) {
        if (reorder.headPresent()) {
            deliverHead(now, s);
        } else {
            reorder.skip();
            skipped++;
            wantKeyframe(now);
        }
    }

    private void deliverHead(long now, RtpSession s) {
        byte[] b = reorder.headBuffer();
        int len = reorder.headLength();
        reorder.pop();
        if (!view.wrap(b, 0, len)) {
            return; // cannot happen: validated on arrival
        }
        deliver(now, s, view);
    }

    /** Hands one in-order packet on (raw packet event or depacketizer); {@code view} is read, not kept. */
    private void deliver(long now, RtpSession s, RtpPacket view) {
        byte[] b = view.buffer();
        int off = view.offset();
        int len = view.length();
        RtpSessionConfig.ReceiveCodec rc = s.receiveCodec(view.payloadType());
        if (rc == null) {
            return;
        }
        if (view.payloadType() != codecPt) { // resolve the codec once per payload type, not per packet
            codecPt = view.payloadType();
            codec = Codec.of(rc.codec());
        }
        boolean supported = codec != null;
        if (s.config.deliverPackets() || !supported) {
            MediaEvent.Packet ev = s.events.packet();
            if (ev != null) {
                if (off == 0) {
                    ev.wrap(b, len); // no copy: valid until the next poll, like the event itself
                } else {
                    ev.copy(b, off, len);
                }
                ev.payloadOffset = view.payloadOffset() - off;
                ev.ssrc = ssrc;
                ev.mid = mid;
                ev.keyframe = supported && view.payloadLength() > 0
                        && codec.isKeyframe(b, view.payloadOffset(), view.payloadLength());
                if (ev.keyframe) {
                    needKeyframe = false;
                    pliDue = Long.MAX_VALUE;
                }
                s.events.add(ev);
            }
            return;
        }
        if (depacketizer == null || depacketizerCodec != codec) {
            depacketizer = codec.depacketizer();
            depacketizerCodec = codec;
        }
        Depacketizer.Result r = depacketizer.push(view.sequenceNumber(), view.timestamp(), view.marker(), b,
                view.payloadOffset(), view.payloadLength());
        if (r == Depacketizer.Result.FRAME) {
            framesOut++;
            boolean key = depacketizer.isKeyframe();
            if (key) {
                keyframesOut++;
                needKeyframe = false;
                pliDue = Long.MAX_VALUE;
            }
            MediaEvent.Frame f = s.events.frame();
            if (f != null) {
                f.set(ssrc, mid, view.payloadType(), depacketizer.frameTimestamp(), key, depacketizer.frameBuffer(),
                        depacketizer.frameLength());
                s.events.add(f);
            }
        } else if (r == Depacketizer.Result.INVALID) {
            invalidPayloads++;
            wantKeyframe(now);
        } else if (r == Depacketizer.Result.GAP) {
            wantKeyframe(now);
        }
    }
}
