package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class QueueDatagramTransportTest {

    static QueueDatagramTransport transport() {
        return new QueueDatagramTransport(1200, () -> { });
    }

    @Test
    void sanitizeKeepsWellFramedRecordsAndDropsTheRest() {
        QueueDatagramTransport t = transport();
        byte[] ccs = ServerFlightGateTest.record(20, 0, 1);
        byte[] fin = ServerFlightGateTest.record(22, 1, 40);
        byte[] shortProtected = ServerFlightGateTest.record(23, 1, 23);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(ccs);
        d.writeBytes(shortProtected);
        d.writeBytes(fin);
        byte[] lie = ServerFlightGateTest.record(23, 1, 30);
        lie[12] = (byte) 200; // length field past the end
        d.writeBytes(lie);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(ccs);
        expected.writeBytes(fin);
        assertArrayEquals(expected.toByteArray(), t.sanitize(d.toByteArray(), false));
        assertEquals(2, t.droppedRecords());
        assertArrayEquals(fin, t.sanitize(expected.toByteArray(), true), "after the handshake epoch 0 goes");
        assertNull(t.sanitize(ccs, true));
        assertNull(t.sanitize(new byte[5], false));
    }

    /**
     * BC's epoch-1 sequence numbers are tracked during the handshake; after the hand-over to
     * {@link RecordProtection} a datagram of BC's with an epoch-1 record is not sent (its
     * sequence number could repeat one of ours: same GCM nonce), epoch 0 still is.
     */
    @Test
    void afterTheHandOverBcCannotSendInEpochOne() {
        QueueDatagramTransport t = transport();
        byte[] ccs = ServerFlightGateTest.record(20, 0, 1);
        ccs[10] = 9; // epoch 0 sequence numbers do not count
        byte[] fin = ServerFlightGateTest.record(22, 1, 40);
        byte[] finAgain = ServerFlightGateTest.record(22, 1, 40);
        finAgain[10] = 2; // a retransmitted Finished: epoch 1, sequence 2
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        flight.writeBytes(ccs);
        flight.writeBytes(finAgain);
        t.send(fin, 0, fin.length);
        t.send(flight.toByteArray(), 0, flight.size());
        assertEquals(3, t.stopProtectedSends(), "one past the highest epoch-1 sequence number BC used");
        t.switchToNonBlocking();
        while (t.pollOutbound() != null) {
            // the handshake's datagrams
        }
        byte[] alert = ServerFlightGateTest.record(21, 1, 26);
        t.send(alert, 0, alert.length);
        t.send(flight.toByteArray(), 0, flight.size());
        assertNull(t.pollOutbound(), "nothing of BC's with an epoch-1 record goes out");
        assertEquals(2, t.suppressedSends());
        assertEquals(0, t.sendsAfterHandshake(), "suppressed sends do not count as BC answering");
        t.send(ccs, 0, ccs.length);
        assertArrayEquals(ccs, t.pollOutbound());
    }

    @Test
    void nonBlockingReceiveSignalsAnEmptyQueue() throws Exception {
        QueueDatagramTransport t = transport();
        t.switchToNonBlocking();
        byte[] fin = ServerFlightGateTest.record(23, 1, 40);
        t.offerInbound(fin, 0, fin.length);
        byte[] buf = new byte[2000];
        assertEquals(fin.length, t.receive(buf, 0, buf.length, 0));
        assertThrows(QueueDatagramTransport.Drained.class, () -> t.receive(buf, 0, buf.length, 0));
    }

    @Test
    void abortWakesABlockedHandshakeReceive() {
        QueueDatagramTransport t = transport();
        t.abort("closed locally");
        QueueDatagramTransport.Aborted e = assertThrows(QueueDatagramTransport.Aborted.class,
                () -> t.receive(new byte[100], 0, 100, 0));
        assertEquals("closed locally", e.getMessage());
    }

    /** Seeded mutations of Chromium's real first flight and of protected records. */
    @Test
    void mutatedDatagramsNeverThrowAndOnlyWellFramedRecordsPass() {
        List<byte[]> samples = new java.util.ArrayList<>(DtlsWire.loadHex(ChromiumClientHelloTest.FIXTURE));
        samples.add(ServerFlightGateTest.record(23, 1, 80));
        Random r = new Random(3);
        QueueDatagramTransport t = transport();
        for (int n = 0; n < 100_000; n++) {
            byte[] d = ServerFlightGateTest.mutate(samples.get(r.nextInt(samples.size())), r);
            byte[] out = t.sanitize(d, (n & 1) == 0);
            if (out != null) {
                int pos = 0;
                while (pos < out.length) {
                    assertTrue(out.length - pos >= 13);
                    pos += 13 + DtlsWire.u16(out, pos + 11);
                }
                assertEquals(out.length, pos);
                assertTrue(out.length <= d.length);
            }
        }
    }
}
