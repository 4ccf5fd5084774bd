package org.ferryrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A certificate fingerprint as carried in SDP (RFC 8122 §5):
 *
 * <pre>
 * a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
 *               ^hash-func ^ pairs of upper-case hex, colon separated (parsed case-insensitively)
 * </pre>
 *
 * <p>Supported hash functions: {@code sha-1}, {@code sha-224}, {@code sha-256},
 * {@code sha-384}, {@code sha-512}. The digest is taken over the DER encoding of the
 * certificate.
 *
 * @param algorithm the hash function name, lower case (e.g. {@code sha-256})
 * @param digest the fingerprint bytes
 */
public record DtlsFingerprint(String algorithm, byte[] digest) {

    /** Hash functions we accept, strongest first (RFC 8122 §5 asks for the most preferred). */
    static final List<String> ALGORITHMS = List.of("sha-512", "sha-384", "sha-256", "sha-224", "sha-1");

    /**
     * @throws IllegalArgumentException if the algorithm is not supported or the digest length
     *     does not match it
     */
    public DtlsFingerprint {
        if (algorithm == null || !ALGORITHMS.contains(algorithm.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unsupported fingerprint hash function " + algorithm);
        }
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (digest == null || digest.length != digestLength(algorithm)) {
            throw new IllegalArgumentException("a " + algorithm + " fingerprint has "
                    + digestLength(algorithm) + " bytes");
        }
        digest = digest.clone();
    }

    /**
     * Parses an SDP fingerprint value such as {@code "sha-256 AB:CD:..."} (the part after
     * {@code a=fingerprint:}). Hex is accepted in either case.
     *
     * @return the fingerprint, or empty if the text is malformed or names an unsupported hash
     */
    public static Optional<DtlsFingerprint> parse(String sdpValue) {
        if (sdpValue == null) {
            return Optional.empty();
        }
        String s = sdpValue.trim();
        int sp = s.indexOf(' ');
        if (sp <= 0) {
            return Optional.empty();
        }
        String alg = s.substring(0, sp).toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(alg)) {
            return Optional.empty();
        }
        String hex = s.substring(sp + 1).trim();
        int n = digestLength(alg);
        if (hex.length() != 3 * n - 1) {
            return Optional.empty();
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int p = 3 * i;
            if (i > 0 && hex.charAt(p - 1) != ':') {
                return Optional.empty();
            }
            int hi = Character.digit(hex.charAt(p), 16);
            int lo = Character.digit(hex.charAt(p + 1), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return Optional.of(new DtlsFingerprint(alg, out));
    }

    /** Computes the fingerprint of a DER-encoded certificate with the given hash function. */
    public static DtlsFingerprint of(String algorithm, byte[] derCertificate) {
        String alg = algorithm == null ? "" : algorithm.toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.contains(alg)) {
            throw new IllegalArgumentException("unsupported fingerprint hash function " + algorithm);
        }
        return new DtlsFingerprint(alg, digest(alg, derCertificate));
    }

    /** True if this fingerprint is the digest of the given DER-encoded certificate. */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(digest, digest(algorithm, derCertificate));
    }

    /** The digest bytes (a copy). */
    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...} (upper-case hex, RFC 8122 §5). */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder(algorithm.length() + 1 + 3 * digest.length);
        sb.append(algorithm).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint f && f.algorithm.equals(algorithm)
                && Arrays.equals(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    static int digestLength(String alg) {
        switch (alg) {
            case "sha-1":
                return 20;
            case "sha-224":
                return 28;
            case "sha-256":
                return 32;
            case "sha-384":
                return 48;
            case "sha-512":
                return 64;
            default:
                throw new IllegalArgumentException(alg);
        }
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg.toUpperCase(Locale.ROOT)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + alg, e);
        }
    }
}
