package org.ferryrtc.datachannel;

import java.nio.charset.StandardCharsets;

/**
 * Data Channel Establishment Protocol messages (RFC 8832 §5), carried with PPID 50.
 *
 * <pre>
 * DATA_CHANNEL_OPEN:
 * |  Message Type  |  Channel Type  |            Priority           |
 * |                    Reliability Parameter                        |
 * |         Label Length          |       Protocol Length           |
 * \                             Label                               \
 * \                            Protocol                             \
 * DATA_CHANNEL_ACK: | Message Type = 0x02 |
 * </pre>
 */
final class Dcep {
    static final int PPID_DCEP = 50;
    static final int PPID_STRING = 51;
    static final int PPID_BINARY_PARTIAL = 52;
    static final int PPID_BINARY = 53;
    static final int PPID_STRING_PARTIAL = 54;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;

    static final int OPEN = 0x03;
    static final int ACK = 0x02;

    static final int RELIABLE = 0x00;
    static final int PARTIAL_RELIABLE_REXMIT = 0x01;
    static final int PARTIAL_RELIABLE_TIMED = 0x02;
    static final int UNORDERED_BIT = 0x80;

    private Dcep() {
    }

    /** The parsed fields of an OPEN message. */
    record Open(int channelType, int priority, long reliability, String label, String protocol) {
        DataChannelOptions options(int id) {
            boolean ordered = (channelType & UNORDERED_BIT) == 0;
            int kind = channelType & 0x7F;
            int rexmit = kind == PARTIAL_RELIABLE_REXMIT ? (int) Math.min(reliability, Integer.MAX_VALUE) : -1;
            int life = kind == PARTIAL_RELIABLE_TIMED ? (int) Math.min(reliability, Integer.MAX_VALUE) : -1;
            return new DataChannelOptions(ordered, rexmit, life, protocol, priority, false, -1);
        }
    }

    /** Parses DATA_CHANNEL_OPEN; null if malformed (never throws). */
    static Open parseOpen(byte[] b) {
        if (b == null || b.length < 12 || (b[0] & 0xFF) != OPEN) {
            return null;
        }
        int type = b[1] & 0xFF;
        int kind = type & 0x7F;
        if (kind > PARTIAL_RELIABLE_TIMED) {
            return null;
        }
        int priority = u16(b, 2);
        long rel = ((long) (b[4] & 0xFF) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
        int ll = u16(b, 8);
        int pl = u16(b, 10);
        if (12L + ll + pl > b.length) {
            return null;
        }
        String label = new String(b, 12, ll, StandardCharsets.UTF_8);
        String proto = new String(b, 12 + ll, pl, StandardCharsets.UTF_8);
        return new Open(type, priority, rel, label, proto);
    }

    static byte[] open(String label, DataChannelOptions o) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] p = o.protocol().getBytes(StandardCharsets.UTF_8);
        if (l.length > 65535 || p.length > 65535) {
            throw new IllegalArgumentException("label or protocol longer than 65535 bytes");
        }
        int type = o.maxRetransmits() >= 0 ? PARTIAL_RELIABLE_REXMIT
                : o.maxPacketLifeTime() >= 0 ? PARTIAL_RELIABLE_TIMED : RELIABLE;
        if (!o.ordered()) {
            type |= UNORDERED_BIT;
        }
        long rel = o.maxRetransmits() >= 0 ? o.maxRetransmits() : Math.max(0, o.maxPacketLifeTime());
        byte[] b = new byte[12 + l.length + p.length];
        b[0] = OPEN;
        b[1] = (byte) type;
        b[2] = (byte) (o.priority() >>> 8);
        b[3] = (byte) o.priority();
        b[4] = (byte) (rel >>> 24);
        b[5] = (byte) (rel >>> 16);
        b[6] = (byte) (rel >>> 8);
        b[7] = (byte) rel;
        b[8] = (byte) (l.length >>> 8);
        b[9] = (byte) l.length;
        b[10] = (byte) (p.length >>> 8);
        b[11] = (byte) p.length;
        System.arraycopy(l, 0, b, 12, l.length);
        System.arraycopy(p, 0, b, 12 + l.length, p.length);
        return b;
    }

    static byte[] ack() {
        return new byte[] {ACK};
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }
}
