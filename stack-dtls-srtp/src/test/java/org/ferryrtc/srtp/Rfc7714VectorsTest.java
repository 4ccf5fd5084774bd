package org.ferryrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ferryrtc.srtp.Vectors.hex;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 7714 §16 (SRTP) and §17 (SRTCP) AES-GCM vectors, encrypt and decrypt. The vectors give
 * session keys, so the contexts are built below the key derivation.
 */
class Rfc7714VectorsTest {

    private static SrtpContext context(Map<String, String> v, boolean outbound) {
        SrtpProfile profile = SrtpProfile.valueOf(v.get("profile"));
        byte[] key = hex(v.get("key"));
        byte[] salt = hex(v.get("salt"));
        return new SrtpContext(profile, new AesGcmTransform(key, salt, key, salt), outbound, SrtpPolicy.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16-1-aead-aes-128-gcm-srtp.txt", "16-2-aead-aes-256-gcm-srtp.txt"})
    void srtp(String file) {
        Map<String, String> v = Vectors.load("rfc7714/" + file);
        byte[] plain = hex(v.get("plaintext"));
        byte[] expected = hex(v.get("protected"));

        // §8.1: IV = salt XOR (00 00 || SSRC || ROC || SEQ), ROC 0 for this first packet
        byte[] key = hex(v.get("key"));
        byte[] salt = hex(v.get("salt"));
        long ssrc = SrtpContext.readU32(plain, 8);
        int seq = ((plain[2] & 0xFF) << 8) | (plain[3] & 0xFF);
        assertEquals(v.get("iv"), Vectors.hex(new AesGcmTransform(key, salt, key, salt).rtpIvFor(ssrc, seq), 0, 12));

        byte[] buf = Vectors.withTail(plain, 16);
        SrtpContext tx = context(v, true);
        assertEquals(SrtpResult.OK, tx.protectRtp(buf, 0, plain.length));
        assertEquals(v.get("protected"), Vectors.hex(buf, 0, tx.length()));

        SrtpContext rx = context(v, false);
        byte[] in = expected.clone();
        assertEquals(SrtpResult.OK, rx.unprotectRtp(in, 0, in.length));
        assertEquals(v.get("plaintext"), Vectors.hex(in, 0, rx.length()));
        // and the same packet a second time is a replay
        assertEquals(SrtpResult.REPLAYED, rx.unprotectRtp(expected.clone(), 0, expected.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"17-1-aead-aes-128-gcm-srtcp.txt", "17-2-aead-aes-256-gcm-srtcp.txt",
            "17-3-aead-aes-128-gcm-srtcp-auth-only.txt"})
    void srtcp(String file) {
        Map<String, String> v = Vectors.load("rfc7714/" + file);
        byte[] plain = hex(v.get("plaintext"));
        byte[] expected = hex(v.get("protected"));
        boolean encrypt = v.get("encrypt").equals("1");

        SrtpContext tx = context(v, true);
        tx.streamOrAdd(SrtpContext.readU32(plain, 4)).nextRtcpIndex = Long.parseLong(v.get("srtcp_index"), 16);
        byte[] buf = Vectors.withTail(plain, 20);
        assertEquals(SrtpResult.OK, tx.protectRtcp(buf, 0, plain.length, encrypt));
        assertEquals(v.get("protected"), Vectors.hex(buf, 0, tx.length()));

        SrtpContext rx = context(v, false);
        byte[] in = expected.clone();
        assertEquals(SrtpResult.OK, rx.unprotectRtcp(in, 0, in.length));
        assertEquals(v.get("plaintext"), Vectors.hex(in, 0, rx.length()));
        assertEquals(SrtpResult.REPLAYED, rx.unprotectRtcp(expected.clone(), 0, expected.length));
    }
}
