package org.ferryrtc.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A connectivity check written by hand (RFC 8489 §5, §14.5 USERNAME, §14.6 MESSAGE-INTEGRITY,
 * §14.7 FINGERPRINT; RFC 8445 §7.1.1 PRIORITY, ICE-CONTROLLING), as another agent's new ICE
 * session would send it: tests send it to a session's socket and look at the answer (stack-ice's
 * and stack-peer's ICE tests).
 */
public final class StunProbe {
    private StunProbe() {}

    /** A Binding request with {@code USERNAME = username}, signed with {@code password}. */
    public static byte[] bindingRequest(byte[] transactionId, String username, String password) throws Exception {
        return message(0x0001, transactionId, username, password);
    }

    /** A STUN message of {@code type} with the attributes of a check, signed and fingerprinted. */
    public static byte[] message(int type, byte[] transactionId, String username, String password) throws Exception {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int attrs = 4 + userPadded + 8 + 12 + 24 + 8;
        ByteBuffer b = ByteBuffer.allocate(20 + attrs);
        b.putShort((short) type).putShort((short) 0).putInt(0x2112A442).put(transactionId);
        b.putShort((short) 0x0006).putShort((short) user.length).put(user).put(new byte[userPadded - user.length]);
        b.putShort((short) 0x0024).putShort((short) 4).putInt(0x6E7F00FF); // PRIORITY (prflx)
        b.putShort((short) 0x802A).putShort((short) 8).putLong(0x0123456789ABCDEFL); // ICE-CONTROLLING
        int mi = b.position();
        b.putShort(2, (short) (mi - 20 + 24)); // the length covers MESSAGE-INTEGRITY while it is computed
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(b.array(), 0, mi);
        b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        int fp = b.position();
        b.putShort(2, (short) (fp - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, fp);
        b.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554EL));
        return b.array();
    }

    /** The message type of a STUN message (0x0101: Binding success response, 0x0111: error). */
    public static int type(byte[] m) {
        return ((m[0] & 0xFF) << 8) | (m[1] & 0xFF);
    }

    /** The 12-byte transaction id of a STUN message. */
    public static byte[] transactionId(byte[] m) {
        return java.util.Arrays.copyOfRange(m, 8, 20);
    }
}
