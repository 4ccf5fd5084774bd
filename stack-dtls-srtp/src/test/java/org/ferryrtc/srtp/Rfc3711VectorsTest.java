package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.ferryrtc.srtp.Vectors.hex;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation). */
class Rfc3711VectorsTest {

    @Test
    void b2_aesCmKeystreamHeadAndTailAndItsOwnInverse() throws Exception {
        Map<String, String> v = Vectors.load("rfc3711/b2-aes-cm-keystream.txt");
        AesCounterMode cm = new AesCounterMode(hex(v.get("session_key")), hex(v.get("session_salt")));
        int n = Integer.parseInt(v.get("keystream_length"));
        long ssrc = Long.parseLong(v.get("ssrc"), 16);
        long index = Long.parseLong(v.get("index"), 16);
        byte[] head = hex(v.get("keystream_head"));
        byte[] tail = hex(v.get("keystream_tail"));

        // write: the keystream XORed into zeros is the keystream
        byte[] buf = new byte[n];
        cm.apply(ssrc, index, buf, 0, n);
        assertArrayEquals(hex(v.get("first_counter")), cm.lastIv(), "§4.1.1 IV");
        assertArrayEquals(head, Arrays.copyOfRange(buf, 0, head.length));
        assertArrayEquals(tail, Arrays.copyOfRange(buf, n - tail.length, n));
        // parse: applying it again restores the zeros
        cm.apply(ssrc, index, buf, 0, n);
        assertArrayEquals(new byte[n], buf);

        // a short, unaligned packet uses the same keystream prefix
        byte[] part = new byte[37];
        cm.apply(ssrc, index, part, 0, part.length);
        assertArrayEquals(Arrays.copyOf(head, 37), part);
    }

    @Test
    void b2_theCounterDependsOnSsrcAndIndex() throws Exception {
        Map<String, String> v = Vectors.load("rfc3711/b2-aes-cm-keystream.txt");
        AesCounterMode cm = new AesCounterMode(hex(v.get("session_key")), hex(v.get("session_salt")));
        byte[] head = Arrays.copyOf(hex(v.get("keystream_head")), 16);
        byte[] a = new byte[16];
        cm.apply(1, 0, a, 0, 16);
        byte[] b = new byte[16];
        cm.apply(0, 1, b, 0, 16);
        assertFalse(Arrays.equals(head, a));
        assertFalse(Arrays.equals(head, b));
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void b3_keyDerivation() {
        Map<String, String> v = Vectors.load("rfc3711/b3-key-derivation.txt");
        byte[] key = hex(v.get("master_key"));
        byte[] salt = hex(v.get("master_salt"));
        byte[] cipherKey = hex(v.get("cipher_key"));
        byte[] cipherSalt = hex(v.get("cipher_salt"));
        byte[] authKey = hex(v.get("auth_key"));
        assertArrayEquals(cipherKey, KeyDerivation.derive(key, salt, KeyDerivation.LABEL_RTP_ENCRYPTION, 0, 0, cipherKey.length));
        assertArrayEquals(cipherSalt, KeyDerivation.derive(key, salt, KeyDerivation.LABEL_RTP_SALT, 0, 0, cipherSalt.length));
        assertArrayEquals(authKey, KeyDerivation.derive(key, salt, KeyDerivation.LABEL_RTP_AUTH, 0, 0, authKey.length));
        // round trip: the derived bytes print back to the file's text
        assertEquals(v.get("auth_key").toLowerCase(), Vectors.hex(
                KeyDerivation.derive(key, salt, KeyDerivation.LABEL_RTP_AUTH, 0, 0, authKey.length), 0, authKey.length));
    }

    @Test
    void b3_keyDerivationRate() {
        Map<String, String> v = Vectors.load("rfc3711/b3-key-derivation.txt");
        byte[] key = hex(v.get("master_key"));
        byte[] salt = hex(v.get("master_salt"));
        byte[] cipherKey = hex(v.get("cipher_key"));
        // r = index DIV rate: 0 for any index below the rate, so the B.3 key again ...
        assertArrayEquals(cipherKey, KeyDerivation.derive(key, salt, 0, 65535, 65536, 16));
        // ... and a different key once r becomes 1; rate 0 ignores the index
        assertFalse(Arrays.equals(cipherKey, KeyDerivation.derive(key, salt, 0, 65536, 65536, 16)));
        assertArrayEquals(cipherKey, KeyDerivation.derive(key, salt, 0, 1L << 40, 0, 16));
    }
}
