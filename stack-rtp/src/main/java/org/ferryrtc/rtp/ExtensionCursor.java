package org.ferryrtc.rtp;

/**
 * A reusable, allocation-free iterator over the elements of a packet's RFC 8285 header
 * extension block (one-byte form §4.2 or two-byte form §4.3, see {@link HeaderExtensions}).
 *
 * <pre>
 * ExtensionCursor c = new ExtensionCursor();      // once per owner thread
 * if (c.reset(packet)) {
 *     while (c.next()) {
 *         use(c.id(), c.buffer(), c.dataOffset(), c.dataLength());
 *     }
 * }
 * </pre>
 *
 * <p>{@link #reset} validates the whole block first: a malformed block (an element running past
 * the block end) or a foreign profile yields no element at all, so iteration and
 * {@link HeaderExtensions#find} always agree. Padding is skipped; a one-byte id 15 ends the
 * block. The cursor is invalidated by any edit of the packet. Not thread-safe.
 */
public final class ExtensionCursor {
    private byte[] buf;
    private int pos;
    private int end;
    private boolean one;
    private int id;
    private int dataOff;
    private int dataLen;

    /**
     * Positions the cursor before the first element of {@code p}'s block.
     *
     * @return true if {@code p} has a well-formed RFC 8285 block (possibly with no element);
     *     false without an extension or for a malformed or foreign block ({@link #next} then
     *     answers false)
     */
    public boolean reset(RtpPacket p) {
        buf = null;
        id = 0;
        int form = HeaderExtensions.form(p);
        if (form != HeaderExtensions.ONE && form != HeaderExtensions.TWO) {
            return false;
        }
        if (HeaderExtensions.count(p) < 0) {
            return false;
        }
        buf = p.buffer();
        one = form == HeaderExtensions.ONE;
        pos = HeaderExtensions.blockStart(p);
        end = HeaderExtensions.blockEnd(p);
        return true;
    }

    /** Advances to the next element; false at the end (or if the last reset failed). */
    public boolean next() {
        if (buf == null) {
            return false;
        }
        int h = HeaderExtensions.next(buf, pos, end, one);
        if (h < 0) {
            buf = null;
            id = 0;
            return false;
        }
        id = HeaderExtensions.idAt(buf, h, one);
        dataLen = HeaderExtensions.lengthAt(buf, h, one);
        dataOff = h + HeaderExtensions.headerSize(one);
        pos = dataOff + dataLen;
        return true;
    }

    /** Id of the current element (1..14 one-byte, 1..255 two-byte). */
    public int id() {
        return id;
    }

    /** The packet's buffer (valid while positioned on an element). */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current element's data in {@link #buffer()}. */
    public int dataOffset() {
        return dataOff;
    }

    /** Data length of the current element (1..16 one-byte, 0..255 two-byte). */
    public int dataLength() {
        return dataLen;
    }

    /** True if the block is in the two-byte form. */
    public boolean twoByte() {
        return !one;
    }
}
