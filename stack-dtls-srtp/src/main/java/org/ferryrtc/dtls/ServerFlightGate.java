package org.ferryrtc.dtls;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Works around a loss pattern that stalls a BC 1.84 DTLS server: the client's second flight is
 * {@code Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished}
 * (RFC 6347 §4.2.4 flight 5). If CertificateVerify is lost but ChangeCipherSpec arrives, BC
 * switches its read epoch to 1 at once and from then on discards the retransmitted epoch-0
 * CertificateVerify, so the handshake can never finish. This gate, on the server's owner
 * thread during the handshake, splits datagrams into records (RFC 6347 §4.1) and holds back
 * ChangeCipherSpec and any epoch-1 record until the three epoch-0 messages have been passed on
 * complete; then it releases what it held, in order. Records are always passed on one by
 * one (see {@link #forEachRecord}).
 *
 * <pre>
 * DTLS record header (RFC 6347 §4.1)       handshake header (RFC 6347 §4.2.2)
 * +------+---------+-------+--------+-----+ +------+--------+---------+----------+----------+
 * | type | version | epoch | seq(48)| len | | type | len(24)| msg_seq | frag_off | frag_len |
 * |  1   |    2    |   2   |   6    |  2  | |  1   |   3    |    2    |    3     |    3     |
 * +------+---------+-------+--------+-----+ +------+--------+---------+----------+----------+
 * </pre>
 *
 * <p>Malformed bytes are passed on untouched (BC drops them); nothing here throws on input.
 */
final class ServerFlightGate {
    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    private static final int CONTENT_CCS = 20;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int[] NEEDED = {11, 16, 15}; // Certificate, ClientKeyExchange, CertificateVerify
    private static final int MAX_TRACKED_LENGTH = 1 << 16;
    private static final int MAX_HELD = 16;

    private final BitSet[] coverage = new BitSet[NEEDED.length];
    private final int[] lengths = new int[NEEDED.length];
    private final boolean[] complete = new boolean[NEEDED.length];
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private boolean ready;

    /** Passes the datagram's records to {@code deliver}, holding back what must wait. */
    void offer(byte[] d, Consumer<byte[]> deliver) {
        int pos = 0;
        while (pos < d.length) {
            if (d.length - pos < RECORD_HEADER) {
                deliver.accept(slice(d, pos, d.length - pos));
                return;
            }
            int len = ((d[pos + 11] & 0xFF) << 8) | (d[pos + 12] & 0xFF);
            if (len > d.length - pos - RECORD_HEADER) {
                deliver.accept(slice(d, pos, d.length - pos));
                return;
            }
            byte[] record = slice(d, pos, RECORD_HEADER + len);
            pos += RECORD_HEADER + len;
            int type = record[0] & 0xFF;
            int epoch = ((record[3] & 0xFF) << 8) | (record[4] & 0xFF);
            if (ready) {
                deliver.accept(record);
            } else if (type == CONTENT_CCS || epoch > 0) {
                if (held.size() == MAX_HELD) {
                    held.removeFirst();
                }
                held.addLast(record);
            } else {
                if (type == CONTENT_HANDSHAKE) {
                    track(record);
                }
                deliver.accept(record);
                if (ready) {
                    while (!held.isEmpty()) {
                        deliver.accept(held.removeFirst());
                    }
                }
            }
        }
    }

    /** Passes each well-framed record of the datagram to {@code deliver}, as its own array. */
    static void forEachRecord(byte[] d, Consumer<byte[]> deliver) {
        int pos = 0;
        while (d.length - pos >= RECORD_HEADER) {
            int len = ((d[pos + 11] & 0xFF) << 8) | (d[pos + 12] & 0xFF);
            if (len > d.length - pos - RECORD_HEADER) {
                break;
            }
            deliver.accept(pos == 0 && RECORD_HEADER + len == d.length ? d : slice(d, pos, RECORD_HEADER + len));
            pos += RECORD_HEADER + len;
        }
        if (pos < d.length) {
            deliver.accept(slice(d, pos, d.length - pos)); // malformed tail: BC will drop it
        }
    }

    /** True once the epoch-0 part of the client's second flight went through complete. */
    boolean ready() {
        return ready;
    }

    private void track(byte[] record) {
        int pos = RECORD_HEADER;
        while (record.length - pos >= HANDSHAKE_HEADER) {
            int msgType = record[pos] & 0xFF;
            int length = u24(record, pos + 1);
            int fragOff = u24(record, pos + 6);
            int fragLen = u24(record, pos + 9);
            if (fragLen > record.length - pos - HANDSHAKE_HEADER) {
                return;
            }
            for (int i = 0; i < NEEDED.length; i++) {
                if (NEEDED[i] == msgType && length <= MAX_TRACKED_LENGTH && fragOff <= length - fragLen) {
                    if (coverage[i] == null || lengths[i] != length) {
                        coverage[i] = new BitSet(length);
                        lengths[i] = length;
                    }
                    coverage[i].set(fragOff, fragOff + fragLen);
                    complete[i] = coverage[i].cardinality() == length;
                }
            }
            pos += HANDSHAKE_HEADER + fragLen;
        }
        ready = complete[0] && complete[1] && complete[2];
    }

    private static int u24(byte[] b, int i) {
        return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
    }

    private static byte[] slice(byte[] d, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(d, off, out, 0, len);
        return out;
    }
}
