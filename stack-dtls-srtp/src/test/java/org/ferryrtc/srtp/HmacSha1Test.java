package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@link HmacSha1} against RFC 2202 and the JCE's own HmacSHA1. */
class HmacSha1Test {
    private static final int[] CASES = {1, 2, 3, 4, 6, 7};

    private static byte[] mac(HmacSha1 h, byte[] data, int off, int len) {
        byte[] out = new byte[HmacSha1.LENGTH + 3];
        h.start();
        h.update(data, off, len);
        h.finish(out, 3);
        return java.util.Arrays.copyOfRange(out, 3, out.length);
    }

    @Test
    void rfc2202Vectors() {
        Map<String, String> v = Vectors.load("rfc2202/hmac-sha1.txt");
        for (int c : CASES) {
            byte[] key = Vectors.hex(v.get("case" + c + ".key"));
            byte[] data = Vectors.hex(v.get("case" + c + ".data"));
            byte[] digest = Vectors.hex(v.get("case" + c + ".digest"));
            HmacSha1 h = new HmacSha1(key);
            assertArrayEquals(digest, mac(h, data, 0, data.length), "case " + c);
            assertArrayEquals(digest, mac(h, data, 0, data.length), "reused, case " + c);
        }
    }

    @Test
    void matchesJceMacForEveryLengthAroundTheBlockBoundaries() throws Exception {
        Random r = new Random(7);
        byte[] data = new byte[1400];
        r.nextBytes(data);
        for (int keyLen : new int[] {1, 20, 63, 64, 65, 100}) {
            byte[] key = new byte[keyLen];
            r.nextBytes(key);
            Mac jce = Mac.getInstance("HmacSHA1");
            jce.init(new SecretKeySpec(key, "HmacSHA1"));
            HmacSha1 h = new HmacSha1(key);
            for (int len = 0; len <= 300; len++) {
                int off = len % 5;
                jce.update(data, off, len);
                byte[] want = jce.doFinal();
                assertArrayEquals(want, mac(h, data, off, len), "key " + keyLen + " len " + len);
            }
            for (int len : new int[] {1200, 1204, 1400 - 5}) {
                jce.update(data, 5, len);
                assertArrayEquals(jce.doFinal(), mac(h, data, 5, len), "len " + len);
            }
        }
    }

    @Test
    void anAbandonedMacDoesNotLeakIntoTheNext() throws Exception {
        byte[] key = new byte[20];
        byte[] data = new byte[300];
        new Random(5).nextBytes(data);
        Mac jce = Mac.getInstance("HmacSHA1");
        jce.init(new SecretKeySpec(key, "HmacSHA1"));
        HmacSha1 h = new HmacSha1(key);
        for (int partial : new int[] {1, 63, 64, 70}) {
            h.start();
            h.update(data, 0, partial); // never finished
            assertArrayEquals(jce.doFinal(data), mac(h, data, 0, data.length), "after " + partial + " abandoned bytes");
        }
    }

    @Test
    void splitUpdatesAndUpdateIntEqualOneUpdate() throws Exception {
        byte[] key = new byte[20];
        byte[] data = new byte[1204];
        new Random(9).nextBytes(data);
        HmacSha1 h = new HmacSha1(key);
        byte[] whole = mac(h, data, 0, data.length);
        byte[] split = new byte[HmacSha1.LENGTH];
        h.start();
        h.update(data, 0, 100);
        h.update(data, 100, 1100);
        h.updateInt(SrtpTransform.readInt(data, 1200));
        h.finish(split, 0);
        assertArrayEquals(whole, split);
    }
}
