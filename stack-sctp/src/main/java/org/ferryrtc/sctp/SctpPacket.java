package org.ferryrtc.sctp;

import java.util.zip.CRC32C;

/**
 * View of an SCTP packet's common header (RFC 9260 §3.1) with CRC32c validation (RFC 9260 §6.8,
 * Appendix A).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Chunk #1 ... Chunk #n                     |
 * </pre>
 *
 * The CRC32c is computed over the whole packet with the checksum field set to zero and is stored
 * least significant byte first, as the reference code in RFC 9260 Appendix A does.
 */
final class SctpPacket {
    static final int HEADER_SIZE = 12;
    private static final byte[] ZERO4 = new byte[4];

    private final CRC32C crc = new CRC32C();
    private byte[] buf;
    private int off;
    private int len;

    /** Validates the header bounds; returns false (never throws) when the input cannot be a packet. */
    boolean wrap(byte[] b, int offset, int length) {
        if (b == null || offset < 0 || length < HEADER_SIZE || offset > b.length - length) {
            return false;
        }
        this.buf = b;
        this.off = offset;
        this.len = length;
        return true;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return off;
    }

    int length() {
        return len;
    }

    int end() {
        return off + len;
    }

    int firstChunk() {
        return off + HEADER_SIZE;
    }

    int sourcePort() {
        return Bytes.u16(buf, off);
    }

    int destinationPort() {
        return Bytes.u16(buf, off + 2);
    }

    int verificationTag() {
        return Bytes.i32(buf, off + 4);
    }

    int storedChecksum() {
        return (buf[off + 8] & 0xFF) | ((buf[off + 9] & 0xFF) << 8) | ((buf[off + 10] & 0xFF) << 16)
                | ((buf[off + 11] & 0xFF) << 24);
    }

    boolean checksumValid() {
        return storedChecksum() == checksum(buf, off, len);
    }

    /** CRC32c of a packet with its checksum field taken as zero. */
    int checksum(byte[] b, int offset, int length) {
        crc.reset();
        crc.update(b, offset, 8);
        crc.update(ZERO4, 0, 4);
        crc.update(b, offset + HEADER_SIZE, length - HEADER_SIZE);
        return (int) crc.getValue();
    }

    /** Writes the common header (checksum zero). */
    static void writeHeader(byte[] b, int offset, int srcPort, int dstPort, int vtag) {
        Bytes.put16(b, offset, srcPort);
        Bytes.put16(b, offset + 2, dstPort);
        Bytes.put32(b, offset + 4, vtag);
        Bytes.put32(b, offset + 8, 0);
    }

    /** Computes and stores the checksum of a complete packet. */
    void seal(byte[] b, int offset, int length) {
        int v = checksum(b, offset, length);
        b[offset + 8] = (byte) v;
        b[offset + 9] = (byte) (v >>> 8);
        b[offset + 10] = (byte) (v >>> 16);
        b[offset + 11] = (byte) (v >>> 24);
    }
}
