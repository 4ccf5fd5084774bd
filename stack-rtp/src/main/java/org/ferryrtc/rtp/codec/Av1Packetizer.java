package org.ferryrtc.rtp.codec;

/**
 * AV1 packetizer (RTP Payload Format for AV1, §4.4 aggregation header, §4.5 payload
 * structure, §5 packetization rules). Input: one temporal unit in the low-overhead bitstream
 * format (OBUs with {@code obu_has_size_field=1}; only the last OBU may omit its size).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|   aggregation header, then OBU elements, each LEB128 length + OBU
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Temporal delimiter and tile list OBUs are dropped (§5); every OBU is sent with
 * {@code obu_has_size_field=0}, each element carrying a LEB128 length (W=0). An OBU that does not
 * fit is fragmented (Y on the packet it continues from, Z on the next). N=1 on the first packet
 * of a temporal unit that carries a sequence header (taken as the start of a new coded video
 * sequence). The marker bit goes on the last packet of the temporal unit.
 */
public final class Av1Packetizer implements Packetizer {
    static final int OBU_SEQUENCE_HEADER = 1;
    static final int OBU_TEMPORAL_DELIMITER = 2;
    static final int OBU_TILE_LIST = 8;

    private final int maxPayload;
    private final byte[] scratch;
    private final byte[] prefix = new byte[2];
    private int pos;
    private int emitted;

    /** Packetizer with the default budget {@link #DEFAULT_MAX_PAYLOAD}. */
    public Av1Packetizer() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    /** @param maxPayloadSize largest payload in bytes (at least 4) */
    public Av1Packetizer(int maxPayloadSize) {
        if (maxPayloadSize < 4) {
            throw new IllegalArgumentException("maxPayloadSize too small: " + maxPayloadSize);
        }
        this.maxPayload = maxPayloadSize;
        this.scratch = new byte[maxPayloadSize];
    }

    @Override
    public String codec() {
        return "AV1";
    }

    @Override
    public int maxPayloadSize() {
        return maxPayload;
    }

    /**
     * Length of the OBU header + size field at {@code i} and the OBU's payload size, packed as
     * {@code (payloadSize << 8) | headerAndSizeLength}; -1 if malformed. An OBU without a size
     * field extends to {@code end}.
     */
    static long parseObu(byte[] b, int i, int end) {
        int h = b[i] & 0xFF;
        if ((h & 0x80) != 0) {
            return -1; // obu_forbidden_bit
        }
        int n = (h & 0x04) != 0 ? 2 : 1;
        if (end - i < n) {
            return -1;
        }
        if ((h & 0x02) == 0) {
            return ((long) (end - i - n) << 8) | n;
        }
        long leb = Leb128.read(b, i + n, end);
        if (leb < 0) {
            return -1;
        }
        n += Leb128.size(leb);
        long size = Leb128.value(leb);
        if (size > end - i - n) {
            return -1;
        }
        return (size << 8) | n;
    }

    @Override
    public int packetize(byte[] frame, int off, int len, PayloadSink sink) {
        Checks.range(frame, off, len);
        int end = off + len;
        // Pass 1: validate the OBU chain.
        int elements = 0;
        boolean seqHeader = false;
        for (int i = off; i < end; ) {
            long o = parseObu(frame, i, end);
            if (o < 0) {
                return INVALID_FRAME;
            }
            int type = (frame[i] >>> 3) & 0x0F;
            if (type != OBU_TEMPORAL_DELIMITER && type != OBU_TILE_LIST) {
                elements++;
                seqHeader |= type == OBU_SEQUENCE_HEADER;
            }
            i += (int) (o & 0xFF) + (int) (o >>> 8);
        }
        if (elements == 0) {
            return 0;
        }
        // Pass 2: emit.
        emitted = 0;
        pos = 1;
        scratch[0] = (byte) (seqHeader ? 0x08 : 0);
        for (int i = off; i < end; ) {
            long o = parseObu(frame, i, end);
            int hl = (int) (o & 0xFF);
            int size = (int) (o >>> 8);
            int h = frame[i] & 0xFF;
            int type = (h >>> 3) & 0x0F;
            if (type != OBU_TEMPORAL_DELIMITER && type != OBU_TILE_LIST) {
                int pl = (h & 0x04) != 0 ? 2 : 1;
                prefix[0] = (byte) (h & ~0x02); // obu_has_size_field = 0
                prefix[1] = pl == 2 ? frame[i + 1] : 0;
                element(pl, frame, i + hl, size, sink);
            }
            i += hl + size;
        }
        sink.accept(scratch, 0, pos, true);
        emitted++;
        return emitted;
    }

    /** Writes one OBU element (prefix bytes + payload), fragmenting across packets as needed. */
    private void element(int pl, byte[] b, int payloadOff, int payloadLen, PayloadSink sink) {
        int total = pl + payloadLen;
        int done = 0;
        while (done < total) {
            int space = maxPayload - pos;
            if (space < 2) {
                flush(sink, done > 0);
                space = maxPayload - pos;
            }
            int c = Math.min(total - done, space - 1);
            while (Leb128.sizeOf(c) + c > space) {
                c--;
            }
            pos += Leb128.write(scratch, pos, c);
            int fromPrefix = Math.max(0, Math.min(c, pl - done));
            for (int k = 0; k < fromPrefix; k++) {
                scratch[pos + k] = prefix[done + k];
            }
            System.arraycopy(b, payloadOff + done + fromPrefix - pl, scratch, pos + fromPrefix, c - fromPrefix);
            pos += c;
            done += c;
            if (done < total) {
                scratch[0] |= 0x40; // Y: this element continues in the next packet
                flush(sink, true);
            }
        }
    }

    /** Emits the packet being built and starts the next; {@code continues} sets its Z bit. */
    private void flush(PayloadSink sink, boolean continues) {
        sink.accept(scratch, 0, pos, false);
        emitted++;
        pos = 1;
        scratch[0] = (byte) (continues ? 0x80 : 0);
    }
}
