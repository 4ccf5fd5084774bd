package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Chunk views and writers round-trip; RFC vectors parse and re-encode to the same bytes. */
class WireTest {
    private final SctpPacket pkt = new SctpPacket();
    private final Chunk chunk = new Chunk();

    @Test
    void crc32cVectorsOfRfc3720() throws Exception {
        for (String line : Hex.lines("/vectors/rfc3720/crc32c.txt")) {
            String[] f = line.split("\\s+");
            byte[] data = Hex.decode(f[0]);
            byte[] expected = Hex.decode(f[1]);
            // a "packet" whose checksum field (bytes 8..11) is zero hashes exactly the data
            if (data[8] == 0 && data[9] == 0 && data[10] == 0 && data[11] == 0) {
                byte[] p = data.clone();
                pkt.seal(p, 0, p.length);
                assertArrayEquals(expected, Arrays.copyOfRange(p, 8, 12), line);
                assertTrue(pkt.wrap(p, 0, p.length) && pkt.checksumValid());
            }
            java.util.zip.CRC32C c = new java.util.zip.CRC32C();
            c.update(data);
            int v = (int) c.getValue();
            assertArrayEquals(expected, new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
        }
    }

    @Test
    void initVectorRoundTrips() throws Exception {
        byte[] wire = Hex.file("/vectors/rfc9260/init-ipv4.hex");
        assertTrue(pkt.wrap(wire, 0, wire.length));
        assertTrue(pkt.checksumValid(), "checksum byte order matches an independent implementation");
        assertTrue(chunk.wrap(wire, pkt.firstChunk(), pkt.end()));
        InitChunk init = new InitChunk();
        assertTrue(init.wrap(chunk));
        assertEquals(Chunk.INIT, init.type());
        int p = init.findParam(InitChunk.P_IPV4);
        assertEquals(8, init.paramLength(p));
        byte[] params = Arrays.copyOfRange(wire, init.paramsStart(), init.end());
        byte[] out = new byte[wire.length];
        SctpPacket.writeHeader(out, 0, pkt.sourcePort(), pkt.destinationPort(), pkt.verificationTag());
        int end = InitChunk.write(out, 12, Chunk.INIT, init.initiateTag(), init.aRwnd(), init.outboundStreams(),
                init.inboundStreams(), init.initialTsn(), false, new int[0], null, params);
        pkt.seal(out, 0, end);
        assertArrayEquals(wire, Arrays.copyOf(out, end));
    }

    @Test
    void dataAndIData() {
        byte[] b = new byte[64];
        byte[] payload = {1, 2, 3, 4, 5};
        int end = DataChunk.write(b, 0, DataChunk.FLAG_B | DataChunk.FLAG_U, 0xFFFFFFF0, 7, 65535, 51, payload, 0, 5);
        assertEquals(24, end);
        assertTrue(chunk.wrap(b, 0, end));
        DataChunk d = new DataChunk();
        assertTrue(d.wrap(chunk));
        assertEquals(21, chunk.length());
        assertEquals(0xFFFFFFF0, d.tsn());
        assertEquals(7, d.streamId());
        assertEquals(65535, d.ssn());
        assertEquals(51, d.ppid());
        assertTrue(d.beginning() && d.unordered() && !d.ending());
        assertArrayEquals(payload, Arrays.copyOfRange(b, d.payloadOffset(), d.payloadOffset() + d.payloadLength()));
        end = DataChunk.writeIData(b, 0, DataChunk.FLAG_E, 9, 3, 77, 4, payload, 1, 3);
        assertTrue(chunk.wrap(b, 0, end));
        assertTrue(d.wrap(chunk));
        assertTrue(d.isIData());
        assertEquals(77, d.mid());
        assertEquals(4, d.fsn());
        assertEquals(3, d.payloadLength());
        Chunk.writeHeader(b, 0, Chunk.DATA, 0, 15);
        assertTrue(chunk.wrap(b, 0, 20));
        assertFalse(d.wrap(chunk), "shorter than the DATA header");
    }

    @Test
    void initAckWithCookieAndExtensions() {
        byte[] b = new byte[200];
        byte[] cookie = {9, 8, 7};
        int end = InitChunk.write(b, 0, Chunk.INIT_ACK, 0x01020304, 131072, 1024, 2048, 42, true,
                new int[] {Chunk.RE_CONFIG, Chunk.FORWARD_TSN}, cookie, null);
        assertTrue(chunk.wrap(b, 0, end));
        InitChunk i = new InitChunk();
        assertTrue(i.wrap(chunk));
        assertEquals(0x01020304, i.initiateTag());
        assertEquals(131072, i.aRwnd());
        assertEquals(1024, i.outboundStreams());
        assertEquals(2048, i.inboundStreams());
        assertEquals(42, i.initialTsn());
        assertTrue(i.forwardTsnSupported());
        assertTrue(i.supportsExtension(Chunk.RE_CONFIG));
        assertFalse(i.supportsExtension(Chunk.I_DATA));
        int cp = i.findParam(InitChunk.P_STATE_COOKIE);
        assertEquals(7, i.paramLength(cp));
        // a parameter whose length runs past the chunk is rejected
        Bytes.put16(b, cp + 2, 400);
        assertFalse(i.wrap(chunk));
    }

    @Test
    void sackWithGapsAndDuplicates() {
        TsnTracker t = new TsnTracker();
        t.init(100);
        for (int tsn : new int[] {100, 101, 103, 104, 107}) {
            assertEquals(TsnTracker.NEW, t.classify(t.unwrap(tsn)));
            t.record(t.unwrap(tsn));
        }
        assertEquals(TsnTracker.DUPLICATE, t.classify(t.unwrap(103)));
        t.recordDuplicate(103);
        byte[] b = new byte[100];
        int end = t.writeSack(b, 0, 100, 5000);
        assertTrue(chunk.wrap(b, 0, end));
        SackChunk s = new SackChunk();
        assertTrue(s.wrap(chunk));
        assertEquals(101, s.cumTsnAck());
        assertEquals(5000, s.aRwnd());
        assertEquals(2, s.gapCount());
        assertEquals(2, s.gapStart(0));
        assertEquals(3, s.gapEnd(0));
        assertEquals(6, s.gapStart(1));
        assertEquals(6, s.gapEnd(1));
        assertEquals(1, s.dupCount());
        assertEquals(103, s.dupTsn(0));
        Bytes.put16(b, 12, 50); // lie about the number of gap blocks
        assertFalse(s.wrap(chunk));
    }

    @Test
    void forwardTsnAndIForwardTsn() {
        byte[] b = new byte[64];
        int end = ForwardTsnChunk.write(b, 0, 555, new int[] {1, 2}, new int[] {10, 20}, 2);
        assertTrue(chunk.wrap(b, 0, end));
        ForwardTsnChunk f = new ForwardTsnChunk();
        assertTrue(f.wrap(chunk));
        assertEquals(555, f.newCumulativeTsn());
        assertEquals(2, f.count());
        assertEquals(2, f.stream(1));
        assertEquals(20, f.ssn(1));
        end = ForwardTsnChunk.writeI(b, 0, 556, new int[] {3}, new boolean[] {true}, new int[] {99}, 1);
        assertTrue(chunk.wrap(b, 0, end));
        assertTrue(f.wrap(chunk));
        assertTrue(f.isIForward() && f.unordered(0));
        assertEquals(99, f.mid(0));
        assertEquals(3, f.stream(0));
    }

    @Test
    void reconfigRequestAndResponse() {
        byte[] b = new byte[64];
        int end = ReconfigChunk.writeOutgoingReset(b, 0, 7, 6, 1234, new int[] {4, 6, 8});
        assertEquals(28, end);
        assertTrue(chunk.wrap(b, 0, end));
        ReconfigChunk r = new ReconfigChunk();
        assertTrue(r.wrap(chunk));
        int p = r.firstParam();
        assertEquals(ReconfigChunk.P_OUTGOING_RESET, r.paramType(p));
        assertEquals(7, r.seq(p));
        assertEquals(6, r.responseSeq(p));
        assertEquals(1234, r.lastAssignedTsn(p));
        assertEquals(3, r.streamCount(p));
        assertEquals(8, r.stream(p, 2));
        end = ReconfigChunk.writeResponse(b, 0, 7, ReconfigChunk.SUCCESS_PERFORMED);
        assertTrue(chunk.wrap(b, 0, end));
        assertTrue(r.wrap(chunk));
        assertEquals(ReconfigChunk.SUCCESS_PERFORMED, r.result(r.firstParam()));
    }

    @Test
    void simpleChunks() {
        byte[] b = new byte[64];
        int end = Chunk.writeShutdown(b, 0, 0xABCDEF01);
        assertTrue(chunk.wrap(b, 0, end));
        assertEquals(Chunk.SHUTDOWN, chunk.type());
        assertEquals(0xABCDEF01, Bytes.i32(b, chunk.valueOffset()));
        byte[] abort = Handshake.abortChunk(Chunk.FLAG_T, ErrorCause.USER_INITIATED_ABORT);
        assertTrue(chunk.wrap(abort, 0, abort.length));
        assertEquals(Chunk.FLAG_T, chunk.flags());
        assertEquals("user-initiated abort", ErrorCause.describe(chunk));
        byte[] info = {1, 2, 3};
        end = Chunk.writeOpaque(b, 0, Chunk.HEARTBEAT, 0, info, 0, 3);
        assertEquals(8, end);
        assertTrue(chunk.wrap(b, 0, end));
        assertEquals(7, chunk.length());
        assertEquals(8, chunk.next());
        assertFalse(chunk.wrap(b, 0, 6), "declared length past the end");
        assertTrue(Chunk.unknownStopsProcessing(0x3F) && !Chunk.unknownIsReported(0x3F));
        assertTrue(Chunk.unknownStopsProcessing(0x7F) && Chunk.unknownIsReported(0x7F));
        assertTrue(!Chunk.unknownStopsProcessing(0xBF) && !Chunk.unknownIsReported(0xBF));
        assertTrue(!Chunk.unknownStopsProcessing(0xFF) && Chunk.unknownIsReported(0xFF));
    }
}
