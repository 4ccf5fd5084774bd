package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.Test;

class ServerFlightGateTest {

    static byte[] handshake(int msgType, int seq, int total, int off, int len) {
        return new DtlsWire.Fragment(22, 0xFEFD, 0, seq, msgType, total, seq, off, new byte[len]).write();
    }

    static byte[] record(int type, int epoch, int len) {
        byte[] d = new byte[13 + len];
        d[0] = (byte) type;
        d[1] = (byte) 0xFE;
        d[2] = (byte) 0xFD;
        d[4] = (byte) epoch;
        d[11] = (byte) (len >> 8);
        d[12] = (byte) len;
        return d;
    }

    @Test
    void holdsChangeCipherSpecUntilCertificateVerifyArrives() {
        ServerFlightGate gate = new ServerFlightGate();
        List<byte[]> out = new ArrayList<>();
        byte[] cert = handshake(11, 1, 300, 0, 300);
        byte[] cke = handshake(16, 2, 40, 0, 40);
        byte[] ccs = record(20, 0, 1);
        byte[] fin = record(22, 1, 40);
        byte[] cv = handshake(15, 3, 70, 0, 70);
        gate.offer(cert, out::add);
        gate.offer(cke, out::add);
        gate.offer(ccs, out::add);
        gate.offer(fin, out::add);
        assertEquals(2, out.size(), "CCS and the epoch-1 Finished are held");
        assertFalse(gate.ready());
        gate.offer(cv, out::add);
        assertTrue(gate.ready());
        assertEquals(5, out.size());
        assertArrayEquals(cv, out.get(2));
        assertArrayEquals(ccs, out.get(3));
        assertArrayEquals(fin, out.get(4));
    }

    @Test
    void splitsPackedDatagramsAndTracksFragments() {
        ServerFlightGate gate = new ServerFlightGate();
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        packed.writeBytes(handshake(11, 1, 300, 0, 150));
        packed.writeBytes(handshake(16, 2, 40, 0, 40));
        packed.writeBytes(handshake(15, 3, 70, 0, 70));
        packed.writeBytes(record(20, 0, 1));
        gate.offer(packed.toByteArray(), out::add);
        assertFalse(gate.ready(), "half a Certificate is not enough");
        assertEquals(3, out.size());
        gate.offer(handshake(11, 1, 300, 150, 150), out::add);
        assertTrue(gate.ready());
        assertEquals(5, out.size());
        assertEquals(20, out.get(4)[0]);
        byte[] later = record(23, 1, 30);
        gate.offer(later, out::add);
        assertArrayEquals(later, out.get(5), "once ready, nothing is held");
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(record(20, 0, 1));
        two.writeBytes(record(22, 1, 40));
        gate.offer(two.toByteArray(), out::add);
        assertEquals(8, out.size(), "records are passed one by one");
        assertEquals(14, out.get(6).length);
        assertEquals(53, out.get(7).length);
    }

    /** Seeded mutations of a packed flight: never throws, never invents bytes. */
    @Test
    void mutatedDatagramsNeverThrow() {
        Random r = new Random(7);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        packed.writeBytes(handshake(11, 1, 300, 0, 300));
        packed.writeBytes(handshake(16, 2, 40, 0, 40));
        packed.writeBytes(handshake(15, 3, 70, 0, 70));
        packed.writeBytes(record(20, 0, 1));
        packed.writeBytes(record(22, 1, 40));
        byte[] base = packed.toByteArray();
        int[] total = new int[1];
        for (int n = 0; n < 100_000; n++) {
            byte[] d = mutate(base, r);
            ServerFlightGate gate = new ServerFlightGate();
            total[0] = 0;
            gate.offer(d, x -> total[0] += x.length);
            assertTrue(total[0] <= d.length);
        }
    }

    /**
     * The generic kinds of {@link Mutator} (bit flips, byte changes, interesting values,
     * truncation, extension by up to 40 bytes, 16-bit lies) four times in five; otherwise a lie
     * at a DTLS record length or handshake fragment length/offset of the packed flight.
     */
    static byte[] mutate(byte[] base, Random r) {
        if (r.nextInt(5) != 0) {
            return Mutator.mutate(r, base, 40);
        }
        byte[] d = base.clone();
        int[] spots = {11, 12, 14, 19, 22, 24, 336, 337};
        int i = spots[r.nextInt(spots.length)];
        if (i < d.length) {
            d[i] = (byte) r.nextInt(256);
        }
        return d;
    }
}
