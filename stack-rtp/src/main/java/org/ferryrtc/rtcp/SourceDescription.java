package org.ferryrtc.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Source description (SDES), RFC 3550 §6.5. Reusable view: {@link #wrap} indexes the chunks
 * and items once (index arrays grow only when a packet has more items than any before).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_1                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      |    length     | value ... (items, then at least |
 * |  one null octet up to the next 32-bit boundary)  ...            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 */
public final class SourceDescription extends RtcpView implements RtcpPacket {
    /** CNAME item type (RFC 3550 §6.5.1). */
    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;

    /** One SDES item for writing: type 1..255, value at most 255 UTF-8 bytes. */
    public record Item(int type, String value) {
        public Item {
            if (type < 1 || type > 255 || value == null
                    || value.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("bad SDES item");
            }
        }
    }

    /** One SDES chunk for writing. */
    public record Chunk(long ssrc, List<Item> items) {
        public Chunk {
            RtcpHeader.checkSsrc(ssrc);
            items = List.copyOf(items);
        }

        int size() {
            int n = 4;
            for (Item it : items) {
                n += 2 + it.value().getBytes(StandardCharsets.UTF_8).length;
            }
            return (n + 4) & ~3; // at least one null octet, then to a 32-bit boundary
        }
    }

    private final int[] chunkOff = new int[31];
    private int[] itemChunk = new int[8];
    private int[] itemOff = new int[8];
    private int items;

    @Override
    boolean accepts(int pt, int count) {
        return pt == Rtcp.PT_SDES;
    }

    @Override
    RtcpError parseBody() {
        items = 0;
        int end = off + contentLen;
        int p = off + 4;
        for (int c = 0; c < count(); c++) {
            if (end - p < 4) {
                return RtcpError.TRUNCATED;
            }
            chunkOff[c] = p;
            p += 4;
            while (true) {
                if (p >= end) {
                    return RtcpError.TRUNCATED;
                }
                int type = buf[p] & 0xFF;
                if (type == 0) {
                    p = off + ((p - off + 4) & ~3);
                    if (p > end) {
                        return RtcpError.TRUNCATED;
                    }
                    break;
                }
                if (end - p < 2 || end - p - 2 < (buf[p + 1] & 0xFF)) {
                    return RtcpError.TRUNCATED;
                }
                addItem(c, p);
                p += 2 + (buf[p + 1] & 0xFF);
            }
        }
        return RtcpError.NONE;
    }

    private void addItem(int chunk, int p) {
        if (items == itemOff.length) {
            itemOff = Arrays.copyOf(itemOff, items * 2);
            itemChunk = Arrays.copyOf(itemChunk, items * 2);
        }
        itemChunk[items] = chunk;
        itemOff[items++] = p;
    }

    /** Number of chunks (the SC field). */
    public int chunkCount() {
        return count();
    }

    public long chunkSsrc(int c) {
        if (c < 0 || c >= count()) {
            throw new IndexOutOfBoundsException("chunk " + c);
        }
        return Bytes.u32(buf, chunkOff[c]);
    }

    /** Number of items over all chunks. */
    public int itemCount() {
        return items;
    }

    private int item(int i) {
        if (i < 0 || i >= items) {
            throw new IndexOutOfBoundsException("item " + i + " of " + items);
        }
        return itemOff[i];
    }

    /** Index of the chunk item {@code i} belongs to. */
    public int itemChunk(int i) {
        item(i);
        return itemChunk[i];
    }

    public long itemSsrc(int i) {
        return chunkSsrc(itemChunk(i));
    }

    public int itemType(int i) {
        return buf[item(i)] & 0xFF;
    }

    /** Offset of the item value in {@link #buffer()}. */
    public int itemValueOffset(int i) {
        return item(i) + 2;
    }

    public int itemValueLength(int i) {
        return buf[item(i) + 1] & 0xFF;
    }

    /** Item value decoded as UTF-8 (allocates). */
    public String itemValue(int i) {
        return new String(buf, itemValueOffset(i), itemValueLength(i), StandardCharsets.UTF_8);
    }

    /** The first CNAME item's value, or null. */
    public String cname() {
        for (int i = 0; i < items; i++) {
            if (itemType(i) == CNAME) {
                return itemValue(i);
            }
        }
        return null;
    }

    @Override
    public int size() {
        int n = 4;
        int i = 0;
        for (int c = 0; c < count(); c++) {
            int chunk = 4;
            for (; i < items && itemChunk[i] == c; i++) {
                chunk += 2 + itemValueLength(i);
            }
            n += (chunk + 4) & ~3;
        }
        return n;
    }

    @Override
    public int writeTo(byte[] dst, int o) {
        int n = size();
        RtcpHeader.checkRoom(dst, o, n);
        RtcpHeader.write(dst, o, count(), Rtcp.PT_SDES, n);
        int p = o + 4;
        int i = 0;
        for (int c = 0; c < count(); c++) {
            Bytes.put32(dst, p, chunkSsrc(c));
            p += 4;
            for (; i < items && itemChunk[i] == c; i++) {
                int l = 2 + itemValueLength(i);
                System.arraycopy(buf, itemOff[i], dst, p, l);
                p += l;
            }
            dst[p++] = 0;
            p = RtcpHeader.padTo4(dst, o, p);
        }
        return n;
    }

    /** Size of an SDES packet with these chunks. */
    public static int size(List<Chunk> chunks) {
        int n = 4;
        for (Chunk c : chunks) {
            n += c.size();
        }
        return n;
    }

    /** Writes an SDES packet with 0..31 chunks; returns bytes written. */
    public static int write(byte[] b, int off, List<Chunk> chunks) {
        if (chunks.size() > 31) {
            throw new IllegalArgumentException("at most 31 SDES chunks");
        }
        int n = size(chunks);
        RtcpHeader.checkRoom(b, off, n);
        RtcpHeader.write(b, off, chunks.size(), Rtcp.PT_SDES, n);
        int p = off + 4;
        for (Chunk c : chunks) {
            Bytes.put32(b, p, c.ssrc());
            p += 4;
            for (Item it : c.items()) {
                byte[] v = it.value().getBytes(StandardCharsets.UTF_8);
                b[p] = (byte) it.type();
                b[p + 1] = (byte) v.length;
                System.arraycopy(v, 0, b, p + 2, v.length);
                p += 2 + v.length;
            }
            b[p++] = 0;
            p = RtcpHeader.padTo4(b, off, p);
        }
        return n;
    }

    /** Size of an SDES packet with one chunk holding one CNAME. */
    public static int sizeCname(String cname) {
        return 4 + ((cnameLength(cname) + 10) & ~3);
    }

    /**
     * Writes an SDES packet with one chunk holding one CNAME (RFC 3550 §6.5.1), without
     * allocating: the same bytes as {@link #write} with that one chunk.
     */
    public static int writeCname(byte[] b, int off, long ssrc, String cname) {
        RtcpHeader.checkSsrc(ssrc);
        int len = cnameLength(cname);
        int n = 4 + ((len + 10) & ~3);
        RtcpHeader.checkRoom(b, off, n);
        RtcpHeader.write(b, off, 1, Rtcp.PT_SDES, n);
        Bytes.put32(b, off + 4, ssrc);
        b[off + 8] = (byte) CNAME;
        b[off + 9] = (byte) len;
        int p = putUtf8(cname, b, off + 10);
        b[p++] = 0;
        RtcpHeader.padTo4(b, off, p);
        return n;
    }

    private static int cnameLength(String cname) {
        int len = cname == null ? 256 : utf8Length(cname);
        if (len > 255) {
            throw new IllegalArgumentException("bad SDES item");
        }
        return len;
    }

    /** UTF-8 length as {@code String.getBytes(UTF_8)} gives it (an unpaired surrogate is one '?'). */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return n;
    }

    /** Encodes like {@code String.getBytes(UTF_8)} at {@code p}; returns the end. */
    static int putUtf8(String s, byte[] b, int p) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return p;
    }
}
