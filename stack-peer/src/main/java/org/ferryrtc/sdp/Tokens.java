package org.ferryrtc.sdp;

/** Internal: tokenizing helpers shared by the SDP parsers; they never throw unchecked. */
final class Tokens {
    private static final String[] NONE = new String[0];

    private Tokens() {
    }

    /** Splits at runs of spaces and tabs, ignoring leading and trailing ones. */
    static String[] split(String s) {
        int n = s.length();
        int count = 0;
        boolean in = false;
        for (int i = 0; i < n; i++) {
            boolean sp = isSpace(s.charAt(i));
            if (!sp && !in) {
                count++;
            }
            in = !sp;
        }
        if (count == 0) {
            return NONE;
        }
        String[] out = new String[count];
        int k = 0;
        int i = 0;
        while (k < count) {
            while (isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            out[k++] = s.substring(start, i);
        }
        return out;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** A decimal number (digits only, at most 19) in {@code [min, max]}. */
    static long number(String s, long min, long max, String what) throws BadValue {
        if (s.isEmpty() || s.length() > 19) {
            throw new BadValue(what + " is not a number");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadValue(what + " is not a number");
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                throw new BadValue(what + " is out of range");
            }
        }
        if (v < min) {
            throw new BadValue(what + " is out of range");
        }
        return v;
    }

    /** An RTP payload type, 0..127. */
    static int payloadType(String s) throws BadValue {
        return (int) number(s, 0, 127, "payload type");
    }

    /** True if {@code s} is a non-empty string of visible ASCII characters without spaces. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
