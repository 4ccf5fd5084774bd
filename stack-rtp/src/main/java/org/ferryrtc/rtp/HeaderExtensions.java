package org.ferryrtc.rtp;

/**
 * Reading and in-place editing of RTP header extension elements (RFC 8285), over a wrapped
 * {@link RtpPacket}. Static, allocation-free, sans-IO.
 *
 * <p>One-byte form (RFC 8285 §4.2): profile {@code 0xBEDE}, ids 1..14, 1..16 data bytes; id 15
 * stops parsing (only the elements before it count); a byte 0x00 (any byte with id 0) is
 * padding and is skipped.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       0xBE    |    0xDE       |           length=3            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       ...data   |    0 (pad)    |    0 (pad)    |  ID   | L=3   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          data                                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * (L is the data length minus one.) Two-byte form (RFC 8285 §4.3): profile {@code 0x100} in the
 * upper 12 bits plus 4 application bits, ids 1..255, 0..255 data bytes, a 0 id byte is padding.
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         0x100         |appbits|           length=3            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      ID       |     L=0       |     ID        |     L=1       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       data    |    0 (pad)    |       ID      |      L=4      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          data                                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Reading.</b> A block whose element runs past the block end (or whose profile is neither
 * form) is invalid as a whole: {@link #find} answers {@link #INVALID} and {@link ExtensionCursor}
 * yields nothing. Nothing here throws on packet content.
 *
 * <p><b>Editing policy.</b> {@link #set}, {@link #reserve}, {@link #remove} and
 * {@link #rewriteIds} edit the packet in place and re-wrap the view. An edit that grows the
 * header moves the payload (and RTP padding) towards the end of the buffer and consumes the
 * packet's {@link RtpPacket#tailRoom() tail room}; if that is too small the edit answers
 * {@link #NO_ROOM} and changes nothing (keep room for the extension as well as the SRTP tag).
 * A changed block is rewritten compactly: no padding between elements, zero bytes up to the
 * next 32-bit word, an edited or added element last (a same-length replacement and a pure
 * id rename keep the layout). A block left without elements is removed
 * and the X bit cleared. A one-byte block is switched to the two-byte form when an element needs
 * it (id &gt; 14, or 0 or more than 16 data bytes); that, and creating a two-byte block, is only
 * done when the caller passes {@code allowMixed} (SDP {@code a=extmap-allow-mixed}, RFC 8285
 * §6), otherwise the edit answers {@link #NEEDS_MIXED}. A two-byte block stays two-byte (its
 * application bits are kept). The source of copied data must not overlap the packet. The
 * packet view must be wrapped; edits invalidate any {@link ExtensionCursor} over it.
 */
public final class HeaderExtensions {
    /** "Defined by profile" value of the one-byte form (RFC 8285 §4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** "Defined by profile" value of the two-byte form with application bits 0 (RFC 8285 §4.3). */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** Largest id of the one-byte form; 15 is the reserved stop id. */
    public static final int MAX_ONE_BYTE_ID = 14;
    /** Largest data length of the one-byte form. */
    public static final int MAX_ONE_BYTE_LENGTH = 16;
    /** Largest id (two-byte form). */
    public static final int MAX_ID = 255;
    /** Largest data length (two-byte form). */
    public static final int MAX_LENGTH = 255;

    /** Result: success of an edit that returns no offset. */
    public static final int OK = 0;
    /** Result: no element with that id. */
    public static final int NOT_FOUND = -1;
    /** Result: the extension block is malformed or not an RFC 8285 block. */
    public static final int INVALID = -2;
    /** Result: the buffer has too little tail room for the grown header; nothing changed. */
    public static final int NO_ROOM = -3;
    /** Result: the two-byte form is needed but {@code allowMixed} was false; nothing changed. */
    public static final int NEEDS_MIXED = -4;

    static final int FOREIGN = -1;
    static final int NONE = 0;
    static final int ONE = 1;
    static final int TWO = 2;
    static final int END = -1;
    static final int MALFORMED = -2;

    private HeaderExtensions() {}

    /** Form of the packet's extension: NONE, ONE, TWO or FOREIGN (another profile). */
    static int form(RtpPacket p) {
        int profile = p.extensionProfile();
        if (profile < 0) {
            return NONE;
        }
        if (profile == ONE_BYTE_PROFILE) {
            return ONE;
        }
        return (profile & 0xFFF0) == TWO_BYTE_PROFILE ? TWO : FOREIGN;
    }

    /** First element-data byte after the 4-byte preamble. */
    static int blockStart(RtpPacket p) {
        return p.extensionOffset() + 4;
    }

    /** First byte after the block (the payload). */
    static int blockEnd(RtpPacket p) {
        return p.payloadOffset();
    }

    /**
     * Position of the next element header at or after {@code i} (padding skipped), {@link #END}
     * at the end of the block or at a one-byte stop id 15, or {@link #MALFORMED} if the element
     * runs past {@code end}.
     */
    static int next(byte[] b, int i, int end, boolean one) {
        for (; i < end; i++) {
            int h = b[i] & 0xFF;
            if (one) {
                int id = h >>> 4;
                if (id == 0) {
                    continue;
                }
                if (id == 15) {
                    return END;
                }
                return i + 2 + (h & 0x0F) <= end ? i : MALFORMED;
            }
            if (h == 0) {
                continue;
            }
            if (i + 2 > end) {
                return MALFORMED;
            }
            return i + 2 + (b[i + 1] & 0xFF) <= end ? i : MALFORMED;
        }
        return END;
    }

    static int idAt(byte[] b, int h, boolean one) {
        return one ? (b[h] & 0xFF) >>> 4 : b[h] & 0xFF;
    }

    static int lengthAt(byte[] b, int h, boolean one) {
        return one ? (b[h] & 0x0F) + 1 : b[h + 1] & 0xFF;
    }

    static int headerSize(boolean one) {
        return one ? 1 : 2;
    }

    /**
     * Finds the first element with {@code id}.
     *
     * @return the offset of its data in {@link RtpPacket#buffer()} (use {@link #dataLength} for
     *     its length), {@link #NOT_FOUND}, or {@link #INVALID} for a malformed or foreign block
     */
    public static int find(RtpPacket p, int id) {
        int form = form(p);
        if (form == NONE) {
            return NOT_FOUND;
        }
        if (form == FOREIGN) {
            return INVALID;
        }
        boolean one = form == ONE;
        byte[] b = p.buffer();
        int end = blockEnd(p);
        int found = NOT_FOUND;
        int h = next(b, blockStart(p), end, one);
        while (h >= 0) {
            if (found < 0 && idAt(b, h, one) == id) {
                found = h + headerSize(one);
            }
            h = next(b, h + headerSize(one) + lengthAt(b, h, one), end, one);
        }
        return h == MALFORMED ? INVALID : found;
    }

    /** Length of the element whose data starts at {@code dataOffset}, as returned by {@link #find}. */
    public static int dataLength(RtpPacket p, int dataOffset) {
        byte[] b = p.buffer();
        return p.extensionProfile() == ONE_BYTE_PROFILE ? (b[dataOffset - 1] & 0x0F) + 1 : b[dataOffset - 1] & 0xFF;
    }

    /**
     * Number of elements in the block: 0 without an extension, {@link #INVALID} for a malformed
     * or foreign block.
     */
    public static int count(RtpPacket p) {
        int form = form(p);
        if (form == NONE) {
            return 0;
        }
        if (form == FOREIGN) {
            return INVALID;
        }
        boolean one = form == ONE;
        byte[] b = p.buffer();
        int end = blockEnd(p);
        int h = next(b, blockStart(p), end, one);
        int n = 0;
        while (h >= 0) {
            n++;
            h = next(b, h + headerSize(one) + lengthAt(b, h, one), end, one);
        }
        return h == MALFORMED ? INVALID : n;
    }

    /** True if the packet carries a two-byte-form block. */
    public static boolean isTwoByte(RtpPacket p) {
        return form(p) == TWO;
    }

    /**
     * Adds or replaces the element {@code id} with {@code len} bytes of {@code src} from
     * {@code srcOff}. A replacement of the same length in the same form is written over the old
     * data; otherwise every element with this id is removed and the new one appended.
     *
     * @return the offset of the element's data in the buffer, or {@link #NO_ROOM},
     *     {@link #NEEDS_MIXED}, {@link #INVALID} (nothing changed)
     * @throws IllegalArgumentException for an id outside 1..255, a length outside 0..255 or a
     *     source range outside {@code src}
     */
    public static int set(RtpPacket p, int id, byte[] src, int srcOff, int len, boolean allowMixed) {
        if (src == null || srcOff < 0 || len < 0 || srcOff > src.length - len) {
            throw new IllegalArgumentException("source range " + srcOff + "+" + len);
        }
        checkElement(id, len);
        return edit(p, null, id, id, len, src, srcOff, allowMixed);
    }

    /** {@link #set(RtpPacket, int, byte[], int, int, boolean)} with the whole array. */
    public static int set(RtpPacket p, int id, byte[] src, boolean allowMixed) {
        return set(p, id, src, 0, src.length, allowMixed);
    }

    /**
     * Like {@link #set} but leaves the caller to write the {@code len} data bytes at the returned
     * offset (zeroed if the element was moved or added; the old data if replaced in place).
     * Typed accessors ({@link TransportCc#set} and friends) use this.
     */
    public static int reserve(RtpPacket p, int id, int len, boolean allowMixed) {
        checkElement(id, len);
        return edit(p, null, id, id, len, null, 0, allowMixed);
    }

    /**
     * Removes every element with {@code id}; removing the last element removes the block and
     * clears the X bit.
     *
     * @return {@link #OK}, {@link #NOT_FOUND} or {@link #INVALID}
     */
    public static int remove(RtpPacket p, int id) {
        int at = find(p, id);
        if (at < 0) {
            return at;
        }
        int r = edit(p, null, id, 0, 0, null, 0, true);
        return r < 0 ? r : OK;
    }

    /**
     * Rewrites the element ids in place for forwarding (DESIGN §6): each element's id is replaced
     * by {@code rewrite.map(id)}; elements mapped to 0 are stripped. A one-byte block is switched
     * to the two-byte form if a new id needs it and {@code allowMixed} (of the outgoing session)
     * is set; without it such elements are stripped. Without any element left the block is
     * removed.
     *
     * @return the number of elements left (&gt;= 0), or {@link #INVALID} / {@link #NO_ROOM}
     *     (nothing changed)
     */
    public static int rewriteIds(RtpPacket p, ExtensionRewrite rewrite, boolean allowMixed) {
        if (form(p) == NONE) {
            return 0;
        }
        int r = edit(p, rewrite.table(), 0, 0, 0, null, 0, allowMixed);
        return r < 0 ? r : count(p);
    }

    private static void checkElement(int id, int len) {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("extension id " + id);
        }
        if (len < 0 || len > MAX_LENGTH) {
            throw new IllegalArgumentException("extension length " + len);
        }
    }

    /**
     * The one edit engine. Elements are kept under {@code map[id]} (identity if null) unless
     * their id is {@code dropId}; then, if {@code addId != 0}, an element of {@code addLen} bytes
     * (copied from {@code src} unless null) is appended. Returns the new element's data offset,
     * OK when nothing is added, or a negative result code with the packet untouched.
     */
    private static int edit(RtpPacket p, byte[] map, int dropId, int addId, int addLen, byte[] src, int srcOff,
            boolean allowMixed) {
        int form0 = form(p);
        if (form0 == FOREIGN) {
            return INVALID;
        }
        byte[] b = p.buffer();
        int hdrEnd = form0 == NONE ? p.payloadOffset() : p.extensionOffset();
        int oldBlock = p.payloadOffset() - hdrEnd;
        int start = hdrEnd + 4;
        int end = hdrEnd + oldBlock;
        boolean one0 = form0 != TWO;

        // Pass 1: validate, size the kept elements both when all are kept and when only the
        // ones that fit the one-byte form are, and find an in-place replacement candidate.
        int nAll = 0;
        int sAll = 0;
        int nFit = 0;
        int sFit = 0;
        int total = 0;
        int same = 0;
        int sameAt = -1;
        if (form0 != NONE) {
            for (int h = next(b, start, end, one0); h != END; ) {
                if (h == MALFORMED) {
                    return INVALID;
                }
                int id = idAt(b, h, one0);
                int n = lengthAt(b, h, one0);
                total++;
                if (id == addId) {
                    same++;
                    sameAt = n == addLen ? h : -1;
                }
                int out = id == dropId ? 0 : map == null ? id : map[id] & 0xFF;
                if (out != 0) {
                    nAll++;
                    sAll += n;
                    if (fitsOneByte(out, n)) {
                        nFit++;
                        sFit += n;
                    }
                }
                h = next(b, h + headerSize(one0) + n, end, one0);
            }
        }
        boolean add = addId != 0;
        int target;
        if (form0 == TWO) {
            target = TWO;
        } else if ((add && !fitsOneByte(addId, addLen)) || (nFit < nAll && allowMixed)) {
            if (!allowMixed) {
                return NEEDS_MIXED;
            }
            target = TWO;
        } else {
            target = ONE;
        }
        if (add && same == 1 && sameAt >= 0 && target == form0) {
            int data = sameAt + headerSize(one0);
            if (src != null) {
                System.arraycopy(src, srcOff, b, data, addLen);
            }
            return data;
        }
        if (!add && total > 0 && nAll == total && target == form0 && (target == TWO || nFit == nAll)) {
            // Nothing dropped, same form: rename in place, layout unchanged (the common forward).
            for (int h = next(b, start, end, one0); h >= 0; ) {
                int id = idAt(b, h, one0);
                int nextAt = h + headerSize(one0) + lengthAt(b, h, one0);
                int out = map == null ? id : map[id] & 0xFF;
                b[h] = one0 ? (byte) ((out << 4) | (b[h] & 0x0F)) : (byte) out;
                h = next(b, nextAt, end, one0);
            }
            return OK;
        }
        boolean one = target == ONE;
        int n = one ? nFit : nAll;
        int content = (one ? sFit : sAll) + n * headerSize(one) + (add ? headerSize(one) + addLen : 0);
        int newBlock = n == 0 && !add ? 0 : 4 + ((content + 3) & ~3);
        if (newBlock - 4 > 0xFFFF * 4) {
            return NO_ROOM;
        }
        int delta = newBlock - oldBlock;
        if (delta > p.tailRoom()) {
            return NO_ROOM;
        }
        int tailLen = p.offset() + p.length() - end;
        if (delta > 0) {
            System.arraycopy(b, end, b, end + delta, tailLen);
        }
        int w = start;
        if (form0 != NONE) {
            // Compaction, left to right, in the source form (renaming now unless expanding).
            boolean expand = one0 && !one;
            for (int h = next(b, start, end, one0); h >= 0; ) {
                int id = idAt(b, h, one0);
                int len = lengthAt(b, h, one0);
                int nextAt = h + headerSize(one0) + len;
                int out = id == dropId ? 0 : map == null ? id : map[id] & 0xFF;
                if (out != 0 && (!one || fitsOneByte(out, len))) {
                    int data = h + headerSize(one0);
                    if (one0) {
                        b[w] = (byte) (((expand ? id : out) << 4) | (len - 1));
                    } else {
                        b[w] = (byte) out;
                        b[w + 1] = (byte) len;
                    }
                    System.arraycopy(b, data, b, w + headerSize(one0), len);
                    w += headerSize(one0) + len;
                }
                h = next(b, nextAt, end, one0);
            }
            if (expand) {
                w = expand(b, start, w, n, map, dropId);
            }
        }
        int result = OK;
        if (add) {
            if (one) {
                b[w] = (byte) ((addId << 4) | (addLen - 1));
            } else {
                b[w] = (byte) addId;
                b[w + 1] = (byte) addLen;
            }
            w += headerSize(one);
            if (src != null) {
                System.arraycopy(src, srcOff, b, w, addLen);
            } else {
                java.util.Arrays.fill(b, w, w + addLen, (byte) 0);
            }
            result = w;
            w += addLen;
        }
        int off = p.offset();
        if (newBlock == 0) {
            b[off] &= (byte) ~0x10;
        } else {
            java.util.Arrays.fill(b, w, hdrEnd + newBlock, (byte) 0);
            int profile = one ? ONE_BYTE_PROFILE : form0 == TWO ? p.extensionProfile() : TWO_BYTE_PROFILE;
            int words = (newBlock - 4) >>> 2;
            b[hdrEnd] = (byte) (profile >>> 8);
            b[hdrEnd + 1] = (byte) profile;
            b[hdrEnd + 2] = (byte) (words >>> 8);
            b[hdrEnd + 3] = (byte) words;
            b[off] |= 0x10;
        }
        if (delta < 0) {
            System.arraycopy(b, end, b, end + delta, tailLen);
        }
        if (!p.rewrap(p.length() + delta)) {
            throw new IllegalStateException("header extension edit produced an invalid packet");
        }
        return result;
    }

    /**
     * Turns {@code n} compact one-byte elements in {@code [start, w)} into two-byte elements
     * (renaming them), in place: the run is first shifted right by {@code n} bytes, then each
     * element is rewritten left to right; the writer never overtakes the reader.
     *
     * @return the end of the two-byte run
     */
    private static int expand(byte[] b, int start, int w, int n, byte[] map, int dropId) {
        int runLen = w - start;
        System.arraycopy(b, start, b, start + n, runLen);
        int r = start + n;
        int rEnd = r + runLen;
        int out = start;
        while (r < rEnd) {
            int h = b[r] & 0xFF;
            int id = h >>> 4;
            int len = (h & 0x0F) + 1;
            int newId = id == dropId ? 0 : map == null ? id : map[id] & 0xFF;
            b[out] = (byte) newId;
            b[out + 1] = (byte) len;
            System.arraycopy(b, r + 1, b, out + 2, len);
            out += 2 + len;
            r += 1 + len;
        }
        return out;
    }

    /** True if an element with this id and data length can use the one-byte form. */
    public static boolean fitsOneByte(int id, int len) {
        return id >= 1 && id <= MAX_ONE_BYTE_ID && len >= 1 && len <= MAX_ONE_BYTE_LENGTH;
    }
}
