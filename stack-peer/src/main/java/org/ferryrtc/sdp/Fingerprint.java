package org.ferryrtc.sdp;

import java.util.HexFormat;
import java.util.Objects;

/**
 * {@code a=fingerprint:<hash-func> <fingerprint>} (RFC 8122 §5): a certificate hash, upper-case
 * hex bytes separated by colons. Any hash algorithm name is kept as written.
 */
public record Fingerprint(String algorithm, String value) {
    public Fingerprint {
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(value);
    }

    /** Builds a fingerprint from raw hash bytes, written as colon-separated upper-case hex. */
    public static Fingerprint of(String algorithm, byte[] hash) {
        StringBuilder sb = new StringBuilder(hash.length * 3);
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = 0; i < hash.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex.toHexDigits(hash[i]));
        }
        return new Fingerprint(algorithm, sb.toString());
    }

    /** The hash bytes, or null if the value is not colon-separated hex pairs. */
    public byte[] bytes() {
        String[] parts = value.split(":", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() != 2 || Character.digit(p.charAt(0), 16) < 0
                    || Character.digit(p.charAt(1), 16) < 0) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(p, 16);
        }
        return out;
    }

    /** True if both name the same algorithm (case-insensitive) and the same hash bytes. */
    public boolean matches(Fingerprint other) {
        return algorithm.equalsIgnoreCase(other.algorithm) && value.equalsIgnoreCase(other.value);
    }
}
