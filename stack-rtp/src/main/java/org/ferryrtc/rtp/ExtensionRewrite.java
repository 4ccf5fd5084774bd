package org.ferryrtc.rtp;

import java.util.Arrays;

/**
 * An immutable incoming-id to outgoing-id table for forwarding header extensions between two
 * sessions that negotiated different {@code a=extmap} ids (RFC 8285 §5; DESIGN §6: never stamp
 * an extension under an id the other side mapped to something else). An id without a mapping
 * is stripped. Used by {@link HeaderExtensions#rewriteIds}; built by
 * {@link ExtensionMap#rewriteTo} or {@link #of}.
 */
public final class ExtensionRewrite {
    private final byte[] table;

    private ExtensionRewrite(byte[] table) {
        this.table = table;
    }

    /**
     * Builds a table from pairs {@code in0, out0, in1, out1, ...}; an {@code out} of 0 strips.
     *
     * @throws IllegalArgumentException for an id outside 1..255 (0 allowed as out), an odd
     *     number of values, an incoming id given twice or two incoming ids sharing an outgoing id
     */
    public static ExtensionRewrite of(int... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of in, out ids expected");
        }
        byte[] t = new byte[256];
        boolean[] seenIn = new boolean[256];
        boolean[] usedOut = new boolean[256];
        for (int i = 0; i < pairs.length; i += 2) {
            int in = pairs[i];
            int out = pairs[i + 1];
            if (in < 1 || in > 255 || out < 0 || out > 255) {
                throw new IllegalArgumentException("extension id pair " + in + " -> " + out);
            }
            if (seenIn[in] || (out != 0 && usedOut[out])) {
                throw new IllegalArgumentException("ambiguous mapping at " + in + " -> " + out);
            }
            seenIn[in] = true;
            if (out != 0) {
                usedOut[out] = true;
            }
            t[in] = (byte) out;
        }
        return new ExtensionRewrite(t);
    }

    /** Outgoing id for {@code inId}, 0 if it is to be stripped. */
    public int map(int inId) {
        return inId < 0 || inId > 255 ? 0 : table[inId] & 0xFF;
    }

    byte[] table() {
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtensionRewrite r && Arrays.equals(table, r.table);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(table);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExtensionRewrite[");
        for (int i = 1; i < 256; i++) {
            if (table[i] != 0) {
                sb.append(i).append("->").append(table[i] & 0xFF).append(' ');
            }
        }
        return sb.append(']').toString();
    }
}
