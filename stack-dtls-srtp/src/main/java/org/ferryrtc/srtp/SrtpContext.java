package org.ferryrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.Objects;
import org.ferryrtc.rtp.RtpPacket;

/**
 * SRTP and SRTCP for one direction of one session (RFC 3711, RFC 7714): an outbound context
 * protects what this side sends under the local master key, an inbound one unprotects what it
 * receives under the remote master key. It holds the session keys, one reused set of JCE
 * instances, and per-SSRC state (rollover counter, replay windows, SRTCP index) in a table
 * bounded by {@link SrtpPolicy#maxStreams()}.
 *
 * <p>Everything works in place on the caller's buffer: {@code protect*} appends the tag (and
 * the SRTCP index) in the tail room after the packet, {@code unprotect*} verifies, decrypts
 * and shortens. Each call returns an {@link SrtpResult}; on {@link SrtpResult#OK} the new
 * length is {@link #length()}. Bad packets are counted ({@link #count}) and never throw; only
 * API misuse does (a null buffer, a range outside it, the wrong direction).
 *
 * <p>Key derivation rate 0 and no MKI, as DTLS-SRTP uses (RFC 5764 §4.1.2). Not thread-safe:
 * one owner thread (the session's loop). No clocks, sockets or threads inside.
 */
public final class SrtpContext {
    private static final SrtpResult[] RESULTS = SrtpResult.values();
    private static final long MAX_ROC = 0xFFFF_FFFFL;
    private static final long MAX_SRTCP_INDEX = 0x7FFF_FFFFL;

    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final boolean outbound;
    private final int replayWindow;
    private final StreamTable streams;
    private final int maxStreams;
    private final long[] counts = new long[RESULTS.length];
    private final RtpPacket rtp = new RtpPacket();
    private int length;

    SrtpContext(SrtpProfile profile, SrtpTransform transform, boolean outbound, SrtpPolicy policy) {
        this.profile = profile;
        this.transform = transform;
        this.outbound = outbound;
        this.replayWindow = policy.replayWindow();
        this.streams = new StreamTable(policy.maxStreams());
        this.maxStreams = policy.maxStreams();
    }

    /** A context protecting outgoing packets with the local master key and salt. */
    public static SrtpContext outbound(SrtpKeys keys, SrtpPolicy policy) {
        return create(keys.profile(), keys.localKey(), keys.localSalt(), policy, true);
    }

    /** A context unprotecting incoming packets with the remote master key and salt. */
    public static SrtpContext inbound(SrtpKeys keys, SrtpPolicy policy) {
        return create(keys.profile(), keys.remoteKey(), keys.remoteSalt(), policy, false);
    }

    /** A context from a master key and salt (e.g. SDES, RFC 4568), protecting if {@code outbound}. */
    public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
            SrtpPolicy policy, boolean outbound) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(policy, "policy");
        SrtpKeys.checkLength(profile, masterKey, masterSalt);
        SrtpTransform t = profile.isAead()
                ? AesGcmTransform.derive(profile, masterKey, masterSalt)
                : AesCmHmacTransform.derive(profile, masterKey, masterSalt);
        return new SrtpContext(profile, t, outbound, policy);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public boolean isOutbound() {
        return outbound;
    }

    /** The packet length after the last call that returned {@link SrtpResult#OK}. */
    public int length() {
        return length;
    }

    /** How many calls ended with {@code result}. */
    public long count(SrtpResult result) {
        return counts[result.ordinal()];
    }

    /** Number of SSRCs with state in this context. */
    public int streamCount() {
        return streams.size();
    }

    /**
     * Inbound only: forgets the state of {@code ssrc} (e.g. after an RTCP BYE), freeing its slot
     * for a new SSRC; true if it was known. Outbound state is never forgotten, since a restarted
     * packet index would encrypt twice under one keystream / GCM IV.
     *
     * @throws IllegalStateException on an outbound context
     */
    public boolean removeStream(long ssrc) {
        if (outbound) {
            throw new IllegalStateException("outbound streams cannot be removed (index reuse)");
        }
        return streams.remove(ssrc & 0xFFFF_FFFFL);
    }

    private SrtpResult done(SrtpResult r) {
        counts[r.ordinal()]++;
        return r;
    }

    private SrtpResult ok(int newLength) {
        length = newLength;
        counts[0]++;
        return SrtpResult.OK;
    }

    private void direction(boolean wantOutbound, byte[] buf, int off, int len) {
        if (wantOutbound != outbound) {
            throw new IllegalStateException(outbound ? "outbound context cannot unprotect" : "inbound context cannot protect");
        }
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(buf, "buf").length);
    }

    /**
     * Protects the RTP packet in {@code buf[off .. off+len)} (RFC 3711 §3.3, RFC 7714 §8):
     * encrypts its payload and appends the tag; the header, CSRCs and extensions stay clear.
     * Needs {@link SrtpProfile#srtpOverhead()} bytes of tail room.
     */
    public SrtpResult protectRtp(byte[] buf, int off, int len) {
        direction(true, buf, off, len);
        if (len < RtpPacket.FIXED_HEADER) {
            return done(SrtpResult.TOO_SHORT);
        }
        if (!rtp.wrap(buf, off, len)) {
            return done(SrtpResult.MALFORMED);
        }
        if (buf.length - off - len < profile.srtpOverhead()) {
            return done(SrtpResult.NO_TAIL_ROOM);
        }
        long ssrc = rtp.ssrc();
        SrtpStream s = streams.get(ssrc);
        if (s == null && (s = streams.add(ssrc)) == null) {
            return done(SrtpResult.UNKNOWN_SSRC);
        }
        long index = s.estimateIndex(rtp.sequenceNumber());
        if (index < 0) {
            return done(SrtpResult.TOO_OLD);
        }
        if ((index >>> 16) > MAX_ROC) {
            return done(SrtpResult.INDEX_EXHAUSTED);
        }
        // never encrypt two packets under one index: with GCM that would reuse the IV
        SrtpResult replay = replayCheck(s.rtpWindow, index);
        if (replay != null) {
            return done(replay);
        }
        int n;
        try {
            n = transform.protectRtp(buf, off, len, rtp.headerLength(), ssrc, index);
        } catch (GeneralSecurityException | RuntimeException e) {
            return done(SrtpResult.CRYPTO_ERROR);
        }
        s.update(index);
        rtpWindow(s).accept(index);
        return ok(n);
    }

    /**
     * Verifies and decrypts the SRTP packet in {@code buf[off .. off+len)} in place (RFC 3711
     * §3.3, RFC 7714 §8): estimates the index from the rollover counter, checks the replay
     * window, authenticates, decrypts, then updates ROC and window. On OK the plain RTP packet
     * is {@link #length()} bytes at {@code off}.
     */
    public SrtpResult unprotectRtp(byte[] buf, int off, int len) {
        direction(false, buf, off, len);
        int tag = profile.srtpTagLength();
        if (len < RtpPacket.FIXED_HEADER + tag) {
            return done(SrtpResult.TOO_SHORT);
        }
        int hdr = rtpHeaderLength(buf, off, len - tag);
        if (hdr < 0) {
            return done(SrtpResult.MALFORMED);
        }
        long ssrc = readU32(buf, off + 8);
        int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        SrtpStream s = streams.get(ssrc);
        if (s == null && streams.size() >= maxStreams()) {
            return done(SrtpResult.UNKNOWN_SSRC);
        }
        long index = s == null ? seq : s.estimateIndex(seq);
        if (index < 0) {
            return done(SrtpResult.TOO_OLD);
        }
        if (s != null) {
            SrtpResult replay = replayCheck(s.rtpWindow, index);
            if (replay != null) {
                return done(replay);
            }
        }
        int n;
        try {
            n = transform.unprotectRtp(buf, off, len, hdr, ssrc, index);
        } catch (GeneralSecurityException | RuntimeException e) {
            return done(SrtpResult.CRYPTO_ERROR);
        }
        if (n < 0) {
            return done(SrtpResult.AUTH_FAILED);
        }
        if (s == null) {
            s = streams.add(ssrc); // only now: forged packets cannot fill the table
        }
        s.update(index);
        rtpWindow(s).accept(index);
        return ok(n);
    }

    /**
     * Protects the RTCP compound packet in {@code buf[off .. off+len)} (RFC 3711 §3.4, RFC 7714
     * §9): encrypts all but the first 8 bytes, appends E=1 with the SSRC's next SRTCP index and
     * the tag. Needs {@link SrtpProfile#srtcpOverhead()} bytes of tail room.
     */
    public SrtpResult protectRtcp(byte[] buf, int off, int len) {
        return protectRtcp(buf, off, len, true);
    }

    /** As {@link #protectRtcp(byte[], int, int)}; {@code encrypt=false} sends E=0 (auth only). */
    SrtpResult protectRtcp(byte[] buf, int off, int len, boolean encrypt) {
        direction(true, buf, off, len);
        if (len < 8) {
            return done(SrtpResult.TOO_SHORT);
        }
        if ((buf[off] & 0xC0) != 0x80) {
            return done(SrtpResult.MALFORMED);
        }
        if (buf.length - off - len < profile.srtcpOverhead()) {
            return done(SrtpResult.NO_TAIL_ROOM);
        }
        long ssrc = readU32(buf, off + 4);
        SrtpStream s = streams.get(ssrc);
        if (s == null && (s = streams.add(ssrc)) == null) {
            return done(SrtpResult.UNKNOWN_SSRC);
        }
        long index = s.nextRtcpIndex;
        if (index > MAX_SRTCP_INDEX) {
            return done(SrtpResult.INDEX_EXHAUSTED);
        }
        int n;
        try {
            n = transform.protectRtcp(buf, off, len, ssrc, index, encrypt);
        } catch (GeneralSecurityException | RuntimeException e) {
            return done(SrtpResult.CRYPTO_ERROR);
        }
        s.nextRtcpIndex = index + 1;
        return ok(n);
    }

    /**
     * Verifies and (if its E flag is set) decrypts the SRTCP packet in {@code buf[off ..
     * off+len)} in place (RFC 3711 §3.4, RFC 7714 §9), with the replay window on the SRTCP
     * index. On OK the plain RTCP packet is {@link #length()} bytes at {@code off}.
     */
    public SrtpResult unprotectRtcp(byte[] buf, int off, int len) {
        direction(false, buf, off, len);
        int tag = profile.srtcpTagLength();
        if (len < 8 + 4 + tag) {
            return done(SrtpResult.TOO_SHORT);
        }
        if ((buf[off] & 0xC0) != 0x80) {
            return done(SrtpResult.MALFORMED);
        }
        int trailer = off + len - 4 - (profile.isAead() ? 0 : tag);
        long word = readU32(buf, trailer);
        boolean encrypted = (word & 0x8000_0000L) != 0;
        long index = word & MAX_SRTCP_INDEX;
        long ssrc = readU32(buf, off + 4);
        SrtpStream s = streams.get(ssrc);
        if (s == null && streams.size() >= maxStreams()) {
            return done(SrtpResult.UNKNOWN_SSRC);
        }
        if (s != null) {
            SrtpResult replay = replayCheck(s.rtcpWindow, index);
            if (replay != null) {
                return done(replay);
            }
        }
        int n;
        try {
            n = transform.unprotectRtcp(buf, off, len, ssrc, index, encrypted);
        } catch (GeneralSecurityException | RuntimeException e) {
            return done(SrtpResult.CRYPTO_ERROR);
        }
        if (n < 0) {
            return done(SrtpResult.AUTH_FAILED);
        }
        if (s == null) {
            s = streams.add(ssrc);
        }
        if (s.rtcpWindow == null) {
            s.rtcpWindow = new ReplayWindow(replayWindow);
        }
        s.rtcpWindow.accept(index);
        return ok(n);
    }

    private int maxStreams() {
        return maxStreams;
    }

    private static SrtpResult replayCheck(ReplayWindow w, long index) {
        if (w == null) {
            return null;
        }
        int r = w.check(index);
        return r == ReplayWindow.NEW ? null : r == ReplayWindow.REPLAYED ? SrtpResult.REPLAYED : SrtpResult.TOO_OLD;
    }

    private ReplayWindow rtpWindow(SrtpStream s) {
        if (s.rtpWindow == null) {
            s.rtpWindow = new ReplayWindow(replayWindow);
        }
        return s.rtpWindow;
    }

    /**
     * The RTP header length (fixed header, CSRCs, extension) of {@code len} bytes, or -1.
     * {@link RtpPacket#wrap} is not usable on a protected packet: its padding count is
     * encrypted (and, for AES-CM, followed by the tag), so only the header is checked here.
     */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        int b0 = buf[off] & 0xFF;
        if ((b0 >>> 6) != RtpPacket.VERSION) {
            return -1;
        }
        int h = RtpPacket.FIXED_HEADER + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (h + 4 > len) {
                return -1;
            }
            h += 4 + 4 * (((buf[off + h + 2] & 0xFF) << 8) | (buf[off + h + 3] & 0xFF));
        }
        return h > len ? -1 : h;
    }

    static long readU32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    /** Test hook: the state of {@code ssrc}, or null. */
    SrtpStream stream(long ssrc) {
        return streams.get(ssrc);
    }

    /** Test hook: a stream's state, created if absent. */
    SrtpStream streamOrAdd(long ssrc) {
        SrtpStream s = streams.get(ssrc);
        return s != null ? s : streams.add(ssrc);
    }
}
