package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    static final DtlsCertificate CERT = DtlsCertificate.generateEcdsa();

    @Test
    void sdpValueIsUpperCaseColonSeparatedSha256OfTheDer() throws Exception {
        String v = CERT.sdpFingerprint();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(CERT.derEncoded());
        StringBuilder sb = new StringBuilder("sha-256 ");
        for (int i = 0; i < expected.length; i++) {
            sb.append(i == 0 ? "" : ":").append(HexFormat.of().withUpperCase().toHexDigits(expected[i]));
        }
        assertEquals(sb.toString(), v);
        assertEquals(8 + 32 * 3 - 1, v.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-1", "sha-224", "sha-256", "sha-384", "sha-512"})
    void everyHashFunctionRoundTripsAndMatches(String alg) {
        DtlsFingerprint f = CERT.fingerprint(alg);
        String sdp = f.toSdpValue();
        assertEquals(f, DtlsFingerprint.parse(sdp).orElseThrow());
        assertEquals(f, DtlsFingerprint.parse(sdp.toLowerCase(Locale.ROOT)).orElseThrow(), "hex is case-insensitive");
        assertEquals(f, DtlsFingerprint.parse(alg.toUpperCase(Locale.ROOT) + sdp.substring(alg.length())).orElseThrow());
        assertTrue(f.matches(CERT.derEncoded()));
        assertFalse(f.matches(DtlsCertificate.generateEcdsa().derEncoded()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha-256", "md5 AB:CD", "sha-256 AB:CD", "sha-256 ZZ" , "sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:3",
        "sha-1 00-11-22-33-44-55-66-77-88-99-AA-BB-CC-DD-EE-FF-00-11-22-33", "sha-1 0:011:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33"})
    void malformedValuesAreRejected(String text) {
        assertEquals(Optional.empty(), DtlsFingerprint.parse(text));
    }

    @Test
    void constructorRejectsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("sha-256", new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new DtlsFingerprint("md5", new byte[16]));
    }

    /** Seeded mutation of valid values: parse never throws; whatever it accepts re-serialises. */
    @Test
    void mutatedInputsNeverThrow() {
        Random r = new Random(42);
        String[] seeds = new String[5];
        int i = 0;
        for (String alg : DtlsFingerprint.ALGORITHMS) {
            seeds[i++] = CERT.fingerprint(alg).toSdpValue();
        }
        String alphabet = "0123456789abcdefABCDEF:- shaSHA\t\u00e9";
        int accepted = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder s = new StringBuilder(seeds[r.nextInt(seeds.length)]);
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int op = r.nextInt(4);
                int pos = s.length() == 0 ? 0 : r.nextInt(s.length());
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                if (op == 0 && s.length() > 0) {
                    s.setCharAt(pos, c);
                } else if (op == 1) {
                    s.insert(pos, c);
                } else if (op == 2 && s.length() > 0) {
                    s.deleteCharAt(pos);
                } else {
                    s.setLength(pos);
                }
            }
            Optional<DtlsFingerprint> f = DtlsFingerprint.parse(s.toString());
            if (f.isPresent()) {
                accepted++;
                assertEquals(f.get(), DtlsFingerprint.parse(f.get().toSdpValue()).orElseThrow());
            }
        }
        assertTrue(accepted > 0 && accepted < 100_000, "accepted " + accepted);
    }
}
