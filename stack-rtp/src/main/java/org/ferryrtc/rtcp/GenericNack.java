package org.ferryrtc.rtcp;

import java.util.function.IntConsumer;

/**
 * Generic NACK, RFC 4585 §6.2.1 (RTPFB, FMT=1). Reusable view; reading the lost sequence
 * numbers does not allocate.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |   PT=205      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |  (one or more)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * PID is a lost packet's sequence number; bit i (LSB = 0) of BLP marks PID+i+1 lost too.
 */
public final class GenericNack extends FeedbackView implements RtcpPacket {

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_RTPFB && count == Rtcp.FMT_NACK;
    }

    @Override
    RtcpError parseBody() {
        return contentLen < FCI ? RtcpError.TRUNCATED : RtcpError.NONE;
    }

    /** Number of PID/BLP entries. */
    public int entryCount() {
        return (contentLen - FCI) >> 2;
    }

    private int entry(int i) {
        if (i < 0 || i >= entryCount()) {
            throw new IndexOutOfBoundsException("NACK entry " + i);
        }
        return off + FCI + 4 * i;
    }

    public int pid(int i) {
        return Bytes.u16(buf, entry(i));
    }

    public int blp(int i) {
        return Bytes.u16(buf, entry(i) + 2);
    }

    /** Number of sequence numbers reported lost (duplicates across entries counted twice). */
    public int lostCount() {
        int n = 0;
        for (int i = 0; i < entryCount(); i++) {
            n += 1 + Integer.bitCount(blp(i));
        }
        return n;
    }

    /** Calls {@code sink} with every lost sequence number, in packet order. */
    public void forEachLost(IntConsumer sink) {
        for (int i = 0; i < entryCount(); i++) {
            int pid = pid(i);
            int blp = blp(i);
            sink.accept(pid);
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    sink.accept((pid + bit + 1) & 0xFFFF);
                }
            }
        }
    }

    /**
     * Copies lost sequence numbers into {@code dst} from {@code dstOff}, stopping when it is full.
     *
     * @return the number copied
     */
    public int copyLost(int[] dst, int dstOff) {
        int p = dstOff;
        for (int i = 0; i < entryCount() && p < dst.length; i++) {
            int pid = pid(i);
            int blp = blp(i);
            dst[p++] = pid;
            for (int bit = 0; bit < 16 && p < dst.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    dst[p++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return p - dstOff;
    }

    @Override
    public int size() {
        return FCI + 4 * entryCount();
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        writeFbHeader(dst, o, Rtcp.FMT_NACK, Rtcp.PT_RTPFB, n, senderSsrc(), mediaSsrc());
        System.arraycopy(buf, off + FCI, dst, o + FCI, n - FCI);
        return n;
    }

    /**
     * Number of PID/BLP entries {@link #write} produces for these sequence numbers: a new entry
     * starts whenever a number is not within 1..16 after the current entry's PID (mod 2^16).
     */
    public static int entryCount(int[] lost, int from, int count) {
        int entries = 0;
        int pid = -1;
        for (int i = from; i < from + count; i++) {
            if ((lost[i] >>> 16) != 0) {
                throw new IllegalArgumentException("sequence number out of range: " + lost[i]);
            }
            int s = lost[i];
            int d = pid < 0 ? -1 : (s - pid) & 0xFFFF;
            if (d != 0 && (d < 1 || d > 16)) {
                entries++;
                pid = s;
            }
        }
        return entries;
    }

    /** Size of a NACK for these sequence numbers. */
    public static int size(int[] lost, int from, int count) {
        return FCI + 4 * entryCount(lost, from, count);
    }

    /**
     * Writes a Generic NACK for the lost sequence numbers {@code lost[from .. from+count)}
     * (0..65535, best given in ascending order modulo 2^16, which gives the fewest entries;
     * wrap-around from 65535 to 0 is handled). Every number given is reported lost.
     *
     * @return bytes written
     */
    public static int write(byte[] b, int off, long senderSsrc, long mediaSsrc,
                            int[] lost, int from, int count) {
        if (from < 0 || count < 0 || count > lost.length - from) {
            throw new IllegalArgumentException("bad range");
        }
        int n = size(lost, from, count);
        RtcpHeader.checkRoom(b, off, n);
        writeFbHeader(b, off, Rtcp.FMT_NACK, Rtcp.PT_RTPFB, n, senderSsrc, mediaSsrc);
        int p = off + FCI - 4;
        int pid = -1;
        int blp = 0;
        for (int i = from; i < from + count; i++) {
            int s = lost[i] & 0xFFFF;
            int d = pid < 0 ? -1 : (s - pid) & 0xFFFF;
            if (d == 0) {
                continue;
            }
            if (d >= 1 && d <= 16) {
                blp |= 1 << (d - 1);
                Bytes.put16(b, p + 2, blp);
            } else {
                p += 4;
                pid = s;
                blp = 0;
                Bytes.put16(b, p, pid);
                Bytes.put16(b, p + 2, 0);
            }
        }
        return n;
    }
}
