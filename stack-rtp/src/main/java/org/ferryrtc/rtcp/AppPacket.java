package org.ferryrtc.rtcp;

import java.nio.charset.StandardCharsets;

/**
 * Application-defined RTCP packet (APP), RFC 3550 §6.7. Reusable view.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          name (ASCII)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   application-dependent data                ...
 * </pre>
 */
public final class AppPacket extends RtcpView implements RtcpPacket {
    static final int HEADER = 12;

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_APP;
    }

    @Override
    RtcpError parseBody() {
        return contentLen < HEADER ? RtcpError.TRUNCATED : RtcpError.NONE;
    }

    public int subtype() {
        return count();
    }

    public long ssrc() {
        return u32At(4);
    }

    /** The four name octets as a big-endian int. */
    public int nameAsInt() {
        return (int) u32At(8);
    }

    /** The four name octets as ISO-8859-1 text (allocates). */
    public String name() {
        return new String(buf, off + 8, 4, StandardCharsets.ISO_8859_1);
    }

    public int dataOffset() {
        return off + HEADER;
    }

    /** Data length (up to the padding; a multiple of 4 in valid packets). */
    public int dataLength() {
        return contentLen - HEADER;
    }

    @Override
    public int size() {
        return (contentLen + 3) & ~3;
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        RtcpHeader.write(dst, o, count(), Rtcp.PT_APP, n);
        System.arraycopy(buf, off + 4, dst, o + 4, contentLen - 4);
        RtcpHeader.padTo4(dst, o, o + contentLen);
        return n;
    }

    /** Size of an APP packet with {@code dataLen} bytes of data. */
    public static int size(int dataLen) {
        return HEADER + dataLen;
    }

    /**
     * Writes an APP packet.
     *
     * @param subtype 0..31
     * @param name    exactly four ASCII characters
     * @param dataLen a multiple of 4 (RFC 3550 §6.7)
     * @return bytes written
     */
    public static int write(byte[] b, int off, int subtype, long ssrc, String name,
                            byte[] data, int dataOff, int dataLen) {
        if (subtype < 0 || subtype > 31) {
            throw new IllegalArgumentException("subtype must be 0..31");
        }
        byte[] nm = name.getBytes(StandardCharsets.US_ASCII);
        if (nm.length != 4 || name.length() != 4) {
            throw new IllegalArgumentException("name must be 4 ASCII characters");
        }
        if (dataLen < 0 || (dataLen & 3) != 0) {
            throw new IllegalArgumentException("data length must be a multiple of 4");
        }
        RtcpHeader.checkSsrc(ssrc);
        int n = size(dataLen);
        RtcpHeader.checkRoom(b, off, n);
        RtcpHeader.write(b, off, subtype, Rtcp.PT_APP, n);
        Bytes.put32(b, off + 4, ssrc);
        System.arraycopy(nm, 0, b, off + 8, 4);
        System.arraycopy(data, dataOff, b, off + HEADER, dataLen);
        return n;
    }
}
