package org.ferryrtc.rtp.codec;

/**
 * The codec-independent half of every depacketizer: sequence tracking, loss and duplicate
 * handling, frame boundaries (marker bit / timestamp change), bounded double buffering.
 * Subclasses only parse their payload format into the assembly buffer.
 *
 * <p>Two buffers alternate: one is exposed to the caller ({@link #frameBuffer()}), the other
 * receives the frame being assembled. Swapping on emit means no copy per frame.
 */
abstract class AbstractDepacketizer implements Depacketizer {
    private static final int INITIAL_CAPACITY = 2048;
    /** Consecutive backward-jumped sequence numbers after which the new sequence is followed. */
    static final int RESYNC_AFTER = 16;

    private final int maxFrame;

    /** Assembly buffer; subclasses write through {@link #put}, {@link #put1}, {@link #ensure}. */
    byte[] asm;
    /** Bytes written into {@link #asm} for the frame in progress. */
    int pos;
    /** Set by subclasses while appending when the frame in progress is a keyframe. */
    boolean asmKey;

    private byte[] out;
    private int outLen;
    private long outTs;
    private boolean outKey;

    private boolean assembling;
    private long asmTs;
    private boolean pendingReady;
    private boolean emittedThisPush;

    private boolean havePrev;
    private int lastSeq;
    private long lastTs;
    private boolean lastMarker;
    /** Whether lastTs/lastMarker describe the packet just before the next sequence number. */
    private boolean lastKnown;
    private int lateRun;
    private int lateSeq;

    private long frames;
    private long gaps;
    private long invalid;
    private long discarded;

    AbstractDepacketizer(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("maxFrame must be positive: " + maxFrame);
        }
        this.maxFrame = maxFrame;
        int initial = Math.min(INITIAL_CAPACITY, maxFrame);
        this.asm = new byte[initial];
        this.out = new byte[initial];
    }

    // ---- codec hooks ----

    /** True only if this payload certainly starts a frame (a codec start mark). Must not throw. */
    abstract boolean positiveStart(byte[] p, int off, int len);

    /** Resets per-frame parsing state; called before the first payload of a frame. */
    abstract void beginFrame();

    /**
     * Parses one payload and appends its media bytes to {@link #asm}.
     *
     * @param first whether this payload is the first of the frame
     * @return false if the payload is malformed (or {@link #ensure} failed)
     */
    abstract boolean append(byte[] p, int off, int len, boolean first);

    /** Validates and finalises the frame in {@link #asm}; false if it is incomplete or malformed. */
    abstract boolean endFrame();

    /** Whether every payload is a whole frame (audio): each push ends its frame. */
    boolean singlePacketFrames() {
        return false;
    }

    /** Called when the frame ended by the last {@link #endFrame} becomes the exposed frame. */
    void onEmit() {
    }

    // ---- buffer helpers for subclasses ----

    /** Makes room for {@code extra} more bytes; false (and the frame is dropped) past the maximum. */
    final boolean ensure(int extra) {
        long need = (long) pos + extra;
        if (need > maxFrame) {
            return false;
        }
        if (need > asm.length) {
            long cap = Math.max(need, (long) asm.length * 2);
            byte[] n = new byte[(int) Math.min(cap, maxFrame)];
            System.arraycopy(asm, 0, n, 0, pos);
            asm = n;
        }
        return true;
    }

    final boolean put(byte[] src, int off, int len) {
        if (!ensure(len)) {
            return false;
        }
        System.arraycopy(src, off, asm, pos, len);
        pos += len;
        return true;
    }

    final boolean put1(int b) {
        if (!ensure(1)) {
            return false;
        }
        asm[pos++] = (byte) b;
        return true;
    }

    // ---- Depacketizer ----

    @Override
    public final Result push(int seq, long timestamp, boolean marker, byte[] payload, int off, int len) {
        if (seq < 0 || seq > 0xFFFF) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("timestamp out of range: " + timestamp);
        }
        Checks.range(payload, off, len);
        emittedThisPush = false;
        if (pendingReady) {
            pendingReady = false;
            emit();
        }
        boolean gap = false;
        if (havePrev) {
            int d = (seq - lastSeq) & 0xFFFF;
            if (d == 0 || d >= 0x8000) {
                if (!followsLateRun(seq, d)) {
                    discarded++;
                    return emittedThisPush ? Result.FRAME : Result.NEED_MORE;
                }
                gap = true; // the sender's sequence jumped backwards: follow it as a loss
            } else {
                lateRun = 0;
                gap = d != 1;
            }
        }
        boolean boundary = havePrev && !gap && lastKnown && (lastMarker || timestamp != lastTs);
        havePrev = true;
        lastSeq = seq;
        boolean lost = false;
        boolean bad = false;
        if (gap) {
            gaps++;
            lost = true;
            assembling = false; // the frame in progress (if any) is broken: dropped unseen
        }
        if (len == 0) {
            // Padding-only packet (RFC 3550 §5.1, e.g. bandwidth probing): it only consumes a
            // sequence number. After a loss it tells nothing about frame boundaries.
            if (gap) {
                lastKnown = false;
            }
            return result(lost, false);
        }
        lastKnown = true;
        lastTs = timestamp;
        lastMarker = marker;
        if (assembling && timestamp != asmTs) {
            // Previous frame ended without a marker bit (no loss in between): close it.
            if (!finish()) {
                bad = true;
            }
            boundary = true;
        }
        if (!assembling) {
            if (!boundary && !positiveStart(payload, off, len)) {
                return result(lost, bad); // resynchronising: wait for a known frame start
            }
            assembling = true;
            asmTs = timestamp;
            pos = 0;
            asmKey = false;
            beginFrame();
            if (!append(payload, off, len, true)) {
                return dropInvalid(lost);
            }
        } else if (!append(payload, off, len, false)) {
            return dropInvalid(lost);
        }
        if ((marker || singlePacketFrames()) && !finish()) {
            bad = true;
        }
        return result(lost, bad);
    }

    /**
     * Tracks runs of consecutive "late" sequence numbers: {@link #RESYNC_AFTER} of them in a row
     * mean the sender restarted its sequence (a real late packet or duplicate is never followed
     * by its successors), so the depacketizer re-anchors there.
     */
    private boolean followsLateRun(int seq, int d) {
        if (d == 0) {
            return false;
        }
        lateRun = lateRun > 0 && ((seq - lateSeq) & 0xFFFF) == 1 ? lateRun + 1 : 1;
        lateSeq = seq;
        if (lateRun < RESYNC_AFTER) {
            return false;
        }
        lateRun = 0;
        return true;
    }

    private Result dropInvalid(boolean lost) {
        assembling = false;
        invalid++;
        return result(lost, false) == Result.FRAME ? Result.FRAME : Result.INVALID;
    }

    /** Ends the frame in progress; false if the codec rejects it (counted as invalid). */
    private boolean finish() {
        assembling = false;
        if (!endFrame()) {
            invalid++;
            return false;
        }
        if (emittedThisPush) {
            pendingReady = true; // a second frame completed in this push: hand it out next push
        } else {
            emit();
        }
        return true;
    }

    private void emit() {
        byte[] t = out;
        out = asm;
        asm = t;
        outLen = pos;
        outTs = asmTs;
        outKey = asmKey;
        pos = 0;
        frames++;
        emittedThisPush = true;
        onEmit();
    }

    private Result result(boolean lost, boolean bad) {
        if (emittedThisPush) {
            return Result.FRAME;
        }
        if (bad) {
            return Result.INVALID;
        }
        return lost ? Result.GAP : Result.NEED_MORE;
    }

    @Override
    public final byte[] frameBuffer() {
        return out;
    }

    @Override
    public final int frameLength() {
        return outLen;
    }

    @Override
    public final long frameTimestamp() {
        return outTs;
    }

    @Override
    public final boolean isKeyframe() {
        return outKey;
    }

    @Override
    public final long frames() {
        return frames;
    }

    @Override
    public final long gaps() {
        return gaps;
    }

    @Override
    public final long invalid() {
        return invalid;
    }

    @Override
    public final long discarded() {
        return discarded;
    }

    @Override
    public void reset() {
        havePrev = false;
        lateRun = 0;
        assembling = false;
        pendingReady = false;
        pos = 0;
    }
}
