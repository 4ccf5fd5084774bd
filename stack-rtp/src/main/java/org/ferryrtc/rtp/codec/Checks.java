package org.ferryrtc.rtp.codec;

/** Argument checks shared by the codec classes: API misuse only, never for payload bytes. */
final class Checks {
    private Checks() {}

    /** Throws if {@code b} is null or {@code [off, off + len)} is not inside it. */
    static void range(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            throw new IllegalArgumentException("bad range: off=" + off + " len=" + len);
        }
    }
}
