package org.ferryrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of recorded packets through every chunk view: wrap() must reject or
 * accept without throwing, and every accessor of an accepted view must stay in bounds.
 */
class WireFuzzTest {
    private final SctpPacket pkt = new SctpPacket();
    private final Chunk chunk = new Chunk();
    private final DataChunk data = new DataChunk();
    private final InitChunk init = new InitChunk();
    private final SackChunk sack = new SackChunk();
    private final ForwardTsnChunk fwd = new ForwardTsnChunk();
    private final ReconfigChunk reconfig = new ReconfigChunk();
    private long sink;

    @Test
    void hundredThousandMutatedPackets() {
        List<byte[]> corpus = Corpus.conversation(77);
        assertTrue(corpus.size() > 50);
        Random r = new Random(1234);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] p = Corpus.mutate(corpus.get(r.nextInt(corpus.size())), r);
            int off = 0;
            if (r.nextInt(8) == 0) { // also at a non-zero offset inside a larger buffer
                byte[] q = new byte[p.length + 7];
                System.arraycopy(p, 0, q, 3, p.length);
                p = q;
                off = 3;
            }
            int len = p.length - off - (off > 0 ? 4 : 0);
            accepted += parseAll(p, off, Math.max(0, len));
        }
        assertTrue(accepted > 10_000, "many mutated chunks still parse: " + accepted);
        assertTrue(sink != 42);
    }

    private int parseAll(byte[] b, int off, int len) {
        if (!pkt.wrap(b, off, len)) {
            return 0;
        }
        sink += pkt.sourcePort() + pkt.destinationPort() + pkt.verificationTag() + (pkt.checksumValid() ? 1 : 0);
        int n = 0;
        for (int p = pkt.firstChunk(); p < pkt.end() && chunk.wrap(b, p, pkt.end()); p = chunk.next()) {
            n++;
            sink += chunk.type() + chunk.flags() + chunk.valueLength();
            if (data.wrap(chunk)) {
                sink += data.tsn() + data.streamId() + data.ssn() + data.ppid() + data.mid() + data.fsn();
                if (data.payloadLength() > 0) {
                    sink += b[data.payloadOffset() + data.payloadLength() - 1];
                }
            }
            if (init.wrap(chunk)) {
                sink += init.initiateTag() + init.aRwnd() + init.outboundStreams() + init.inboundStreams() + init.initialTsn();
                for (int q = init.paramsStart(); q < init.end(); q = init.nextParam(q)) {
                    sink += init.paramType(q) + init.paramLength(q);
                }
                sink += init.forwardTsnSupported() ? 1 : 0;
                sink += init.supportsExtension(Chunk.RE_CONFIG) ? 1 : 0;
                sink += Handshake.valid(init) ? 1 : 0;
                byte[] u = Handshake.unrecognized(init, 256);
                sink += u == null ? 0 : u.length;
            }
            if (sack.wrap(chunk)) {
                sink += sack.cumTsnAck() + sack.aRwnd();
                for (int i = 0; i < sack.gapCount(); i++) {
                    sink += sack.gapStart(i) + sack.gapEnd(i);
                }
                for (int i = 0; i < sack.dupCount(); i++) {
                    sink += sack.dupTsn(i);
                }
            }
            if (fwd.wrap(chunk)) {
                sink += fwd.newCumulativeTsn();
                for (int i = 0; i < fwd.count(); i++) {
                    sink += fwd.stream(i) + fwd.ssn(i) + fwd.mid(i) + (fwd.unordered(i) ? 1 : 0);
                }
            }
            if (reconfig.wrap(chunk)) {
                for (int q = reconfig.firstParam(); q < reconfig.end(); q = reconfig.nextParam(q)) {
                    int t = reconfig.paramType(q);
                    if (t == ReconfigChunk.P_OUTGOING_RESET) {
                        sink += reconfig.seq(q) + reconfig.responseSeq(q) + reconfig.lastAssignedTsn(q);
                        for (int i = 0; i < reconfig.streamCount(q); i++) {
                            sink += reconfig.stream(q, i);
                        }
                    } else if (t == ReconfigChunk.P_RESPONSE) {
                        sink += reconfig.seq(q) + reconfig.result(q);
                    }
                }
            }
            if (chunk.type() == Chunk.ABORT || chunk.type() == Chunk.ERROR) {
                sink += ErrorCause.describe(chunk).length();
            }
        }
        return n;
    }
}
