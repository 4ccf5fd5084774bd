package org.ferryrtc.dtls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-side reading and writing of DTLS records and handshake fragments (RFC 6347 §4.1, §4.2.2). */
final class DtlsWire {
    private DtlsWire() {
    }

    /** One record carrying one handshake fragment. */
    record Fragment(int contentType, int recordVersion, int epoch, long sequence, int msgType, int totalLength,
            int messageSeq, int fragmentOffset, byte[] body) {

        static Fragment parse(byte[] d) {
            int recLen = u16(d, 11);
            if (d.length != 13 + recLen) {
                throw new IllegalArgumentException("not exactly one record");
            }
            int fragLen = u24(d, 22);
            if (recLen != 12 + fragLen) {
                throw new IllegalArgumentException("not exactly one fragment");
            }
            long seq = 0;
            for (int i = 5; i < 11; i++) {
                seq = seq << 8 | (d[i] & 0xFF);
            }
            byte[] body = new byte[fragLen];
            System.arraycopy(d, 25, body, 0, fragLen);
            return new Fragment(d[0] & 0xFF, u16(d, 1), u16(d, 3), seq, d[13] & 0xFF, u24(d, 14), u16(d, 17),
                    u24(d, 19), body);
        }

        byte[] write() {
            byte[] d = new byte[25 + body.length];
            d[0] = (byte) contentType;
            put16(d, 1, recordVersion);
            put16(d, 3, epoch);
            for (int i = 0; i < 6; i++) {
                d[5 + i] = (byte) (sequence >>> (8 * (5 - i)));
            }
            put16(d, 11, 12 + body.length);
            d[13] = (byte) msgType;
            put24(d, 14, totalLength);
            put16(d, 17, messageSeq);
            put24(d, 19, fragmentOffset);
            put24(d, 22, body.length);
            System.arraycopy(body, 0, d, 25, body.length);
            return d;
        }
    }

    /** Records of a datagram: [contentType, version, epoch, payload offset, payload length]. */
    static List<int[]> records(byte[] d) {
        List<int[]> out = new ArrayList<>();
        int pos = 0;
        while (d.length - pos >= 13) {
            int len = u16(d, pos + 11);
            if (len > d.length - pos - 13) {
                break;
            }
            out.add(new int[] {d[pos] & 0xFF, u16(d, pos + 1), u16(d, pos + 3), pos + 13, len});
            pos += 13 + len;
        }
        return out;
    }

    /** Hello body fields (RFC 5246 §7.4.1.2/§7.4.1.3, DTLS adds the cookie to ClientHello). */
    record Hello(int version, byte[] random, int[] cipherSuites, Map<Integer, byte[]> extensions) {

        static Hello parse(byte[] b, boolean client) {
            int p = 0;
            int version = u16(b, p);
            p += 2;
            byte[] random = java.util.Arrays.copyOfRange(b, p, p + 32);
            p += 32;
            p += 1 + (b[p] & 0xFF); // session id
            int[] suites;
            if (client) {
                p += 1 + (b[p] & 0xFF); // cookie
                int n = u16(b, p) / 2;
                p += 2;
                suites = new int[n];
                for (int i = 0; i < n; i++, p += 2) {
                    suites[i] = u16(b, p);
                }
                p += 1 + (b[p] & 0xFF); // compression methods
            } else {
                suites = new int[] {u16(b, p)};
                p += 3; // suite + compression
            }
            Map<Integer, byte[]> ext = new LinkedHashMap<>();
            int end = p + 2 + u16(b, p);
            p += 2;
            while (p < end) {
                int type = u16(b, p);
                int len = u16(b, p + 2);
                ext.put(type, java.util.Arrays.copyOfRange(b, p + 4, p + 4 + len));
                p += 4 + len;
            }
            if (p != b.length) {
                throw new IllegalArgumentException("trailing bytes after the extensions");
            }
            return new Hello(version, random, suites, ext);
        }
    }

    static List<byte[]> loadHex(String resource) {
        try (InputStream in = DtlsWire.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String l = line.trim();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(HexFormat.of().parseHex(l));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int u24(byte[] b, int i) {
        return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }
}
