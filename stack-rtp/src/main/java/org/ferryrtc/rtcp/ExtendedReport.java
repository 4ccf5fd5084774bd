package org.ferryrtc.rtcp;

import java.util.Arrays;

/**
 * Extended report (XR), RFC 3611 §2, with the Receiver Reference Time block (§4.4) and the
 * DLRR block (§4.5) decoded; other block types are skipped and counted. Reusable view (the
 * DLRR index grows only when a packet has more sub-blocks than any before).
 *
 * <pre>
 * |V=2|P|reserved |   PT=XR=207   |             length            |
 * |                              SSRC                             |
 * :                         report blocks                         :
 *
 * block: |      BT       | type-specific |         block length (words)  |
 * RRTR:  BT=4, length=2, NTP timestamp (64 bits)
 * DLRR:  BT=5, length=3n, n x { SSRC_i | last RR (LRR) | delay since last RR (DLRR) }
 * </pre>
 */
public final class ExtendedReport extends RtcpView implements RtcpPacket {
    public static final int BT_RRTR = 4;
    public static final int BT_DLRR = 5;

    /** One DLRR sub-block for writing (values unsigned 32-bit; delay in 1/65536 s). */
    public record Dlrr(long ssrc, long lastRr, long delaySinceLastRr) {
        public Dlrr {
            RtcpHeader.checkSsrc(ssrc);
            if ((lastRr >>> 32) != 0 || (delaySinceLastRr >>> 32) != 0) {
                throw new IllegalArgumentException("32-bit field out of range");
            }
        }
    }

    private int rrtrOff;
    private int[] dlrrOff = new int[4];
    private int dlrrs;
    private int blocks;
    private int skipped;

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_XR;
    }

    @Override
    RtcpError parseBody() {
        if (contentLen < 8) {
            return RtcpError.TRUNCATED;
        }
        rrtrOff = -1;
        dlrrs = 0;
        blocks = 0;
        skipped = 0;
        int end = off + contentLen;
        int p = off + 8;
        while (p < end) {
            if (end - p < 4) {
                return RtcpError.TRUNCATED;
            }
            int bt = buf[p] & 0xFF;
            int words = Bytes.u16(buf, p + 2);
            int blockLen = 4 + 4 * words;
            if (end - p < blockLen) {
                return RtcpError.TRUNCATED;
            }
            blocks++;
            if (bt == BT_RRTR) {
                if (words != 2) {
                    return RtcpError.MALFORMED;
                }
                if (rrtrOff < 0) {
                    rrtrOff = p + 4;
                }
            } else if (bt == BT_DLRR) {
                if (words % 3 != 0) {
                    return RtcpError.MALFORMED;
                }
                for (int s = p + 4; s < p + blockLen; s += 12) {
                    if (dlrrs == dlrrOff.length) {
                        dlrrOff = Arrays.copyOf(dlrrOff, dlrrs * 2);
                    }
                    dlrrOff[dlrrs++] = s;
                }
            } else {
                skipped++;
            }
            p += blockLen;
        }
        return RtcpError.NONE;
    }

    public long senderSsrc() {
        return u32At(4);
    }

    /** Number of report blocks, decoded or skipped. */
    public int blockCount() {
        return blocks;
    }

    /** Number of blocks of types other than RRTR and DLRR. */
    public int skippedBlockCount() {
        return skipped;
    }

    public boolean hasRrtr() {
        return rrtrOff >= 0;
    }

    /** NTP timestamp of the (first) RRTR block; 0 if none. */
    public long rrtrNtpTimestamp() {
        return hasRrtr() ? Bytes.u64(buf, rrtrOff) : 0;
    }

    /** Number of DLRR sub-blocks over all DLRR blocks. */
    public int dlrrCount() {
        return dlrrs;
    }

    private int dlrr(int i) {
        if (i < 0 || i >= dlrrs) {
            throw new IndexOutOfBoundsException("DLRR " + i);
        }
        return dlrrOff[i];
    }

    public long dlrrSsrc(int i) {
        return Bytes.u32(buf, dlrr(i));
    }

    /** Middle 32 bits of the NTP timestamp of the last RRTR received from that receiver. */
    public long dlrrLastRr(int i) {
        return Bytes.u32(buf, dlrr(i) + 4);
    }

    /** Delay since that RRTR in 1/65536 s. */
    public long dlrrDelay(int i) {
        return Bytes.u32(buf, dlrr(i) + 8);
    }

    /** Canonical size: header, the RRTR block if any, one DLRR block if any (others dropped). */
    @Override
    public int size() {
        return size(hasRrtr(), dlrrs);
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        int p = header(dst, o, n, senderSsrc(), hasRrtr(), rrtrNtpTimestamp(), dlrrs);
        for (int i = 0; i < dlrrs; i++, p += 12) {
            System.arraycopy(buf, dlrrOff[i], dst, p, 12);
        }
        return n;
    }

    /** Size of an XR with an optional RRTR block and a DLRR block of {@code dlrrs} sub-blocks. */
    public static int size(boolean rrtr, int dlrrs) {
        return 8 + (rrtr ? 12 : 0) + (dlrrs > 0 ? 4 + 12 * dlrrs : 0);
    }

    /**
     * Writes an XR with an RRTR block (if {@code rrtr}) and a DLRR block (if {@code dlrrs} is
     * not empty). Returns bytes written.
     */
    public static int write(byte[] b, int off, long senderSsrc, boolean rrtr, long rrtrNtp, Dlrr... dlrrs) {
        RtcpHeader.checkSsrc(senderSsrc);
        if (3 * dlrrs.length > 0xFFFF) {
            throw new IllegalArgumentException("too many DLRR sub-blocks");
        }
        int n = size(rrtr, dlrrs.length);
        RtcpHeader.checkRoom(b, off, n);
        int p = header(b, off, n, senderSsrc, rrtr, rrtrNtp, dlrrs.length);
        for (Dlrr d : dlrrs) {
            Bytes.put32(b, p, d.ssrc());
            Bytes.put32(b, p + 4, d.lastRr());
            Bytes.put32(b, p + 8, d.delaySinceLastRr());
            p += 12;
        }
        return n;
    }

    /** Writes header, RRTR and the DLRR block header; returns where the sub-blocks go. */
    private static int header(byte[] b, int off, int n, long ssrc, boolean rrtr, long ntp, int dlrrs) {
        RtcpHeader.write(b, off, 0, Rtcp.PT_XR, n);
        Bytes.put32(b, off + 4, ssrc);
        int p = off + 8;
        if (rrtr) {
            b[p] = (byte) BT_RRTR;
            b[p + 1] = 0;
            Bytes.put16(b, p + 2, 2);
            Bytes.put64(b, p + 4, ntp);
            p += 12;
        }
        if (dlrrs > 0) {
            b[p] = (byte) BT_DLRR;
            b[p + 1] = 0;
            Bytes.put16(b, p + 2, 3 * dlrrs);
            p += 4;
        }
        return p;
    }
}
