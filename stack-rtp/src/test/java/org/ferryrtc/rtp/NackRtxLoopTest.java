package org.ferryrtc.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sender and receiver in virtual time over a seeded lossy link (loss, reordering, duplication,
 * both directions): the sender stores every packet in a {@link RetransmissionBuffer}, the
 * receiver's {@link NackGenerator} requests the gaps, the sender answers with {@link Rtx}
 * packets, and the receiver restores them. Checks the NACK properties on every request.
 */
class NackRtxLoopTest {
    private static final long MS = 1_000_000L;
    private static final long MEDIA_SSRC = 0x1000L;
    private static final long RTX_SSRC = 0x2000L;
    private static final int FIRST_SEQ = 64_000; // wraps after 1,536 packets
    private static final int PACKETS = 3_000;
    private static final long RTT = 60 * MS;
    private static final long MIN_RETRY = 20 * MS;
    private static final int MAX_REQUESTS = 10;
    private static final long REORDER_WINDOW = 25 * MS; // the link's delay spread

    private record Event(long time, long order, boolean toReceiver, byte[] packet, int[] nack) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private long order;
    private Random rnd;

    /** Sends over the lossy link: 8% loss, 3% duplicated, delay 20..45 ms (reorders at 5 ms spacing). */
    private void link(long now, boolean toReceiver, byte[] packet, int[] nack, boolean lossless) {
        if (!lossless && rnd.nextDouble() < 0.08) {
            return;
        }
        int copies = rnd.nextDouble() < 0.03 ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            long delay = 20 * MS + (long) (rnd.nextDouble() * 25 * MS);
            queue.add(new Event(now + delay, order++, toReceiver, packet, nack));
        }
    }

    @Test
    void everyLostPacketIsRequestedAndRecoveredByteExact() {
        rnd = new Random(20251121);
        // sender
        RetransmissionBuffer buffer = new RetransmissionBuffer(
                new RetransmissionBuffer.Config(1, 2048, 2_000 * MS, 1500, 10 * MS, 0));
        Rtx senderRtx = new Rtx();
        senderRtx.mapPayloadType(97, 96);
        int rtxSeq = 5;
        Map<Long, byte[]> sent = new HashMap<>(); // extended seq -> original bytes
        // receiver
        NackGenerator nack = new NackGenerator(new NackGenerator.Config(500, MAX_REQUESTS, REORDER_WINDOW, MIN_RETRY, 3_000 * MS, 100 * MS));
        nack.setRtt(RTT);
        Rtx receiverRtx = new Rtx();
        receiverRtx.mapPayloadType(97, 96);
        SequenceUnwrapper receiverSeqs = new SequenceUnwrapper();
        Map<Long, Long> firstArrival = new HashMap<>();
        Map<Long, List<Long>> requests = new HashMap<>();
        Map<Long, Boolean> originalDelivered = new HashMap<>();
        RtpPacket view = new RtpPacket();
        RtpPacket stored = new RtpPacket();
        int[] out = new int[256];
        long rtxRestored = 0;

        long end = PACKETS * 5 * MS + 5_000 * MS;
        for (long now = 0; now <= end; now += MS) {
            // 1) sender: one media packet every 5 ms, with a CSRC and an extension
            if (now % (5 * MS) == 0 && now / (5 * MS) < PACKETS) {
                long ext = FIRST_SEQ + now / (5 * MS);
                byte[] p = new byte[12 + 4 + 8 + 40];
                RtpPacket.writeFixedHeader(p, 0, ext % 30 == 0, 96, (int) (ext & 0xFFFF), ext * 3000, MEDIA_SSRC);
                p[0] = (byte) 0x91; // X=1, CC=1
                RtpPacket.writeU32(p, 12, 0x77);
                System.arraycopy(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 1, 0x30, (byte) ext, 0, 0}, 0, p, 16, 8);
                for (int i = 24; i < p.length; i++) {
                    p[i] = (byte) (ext * 31 + i);
                }
                assertTrue(view.wrap(p, 0, p.length));
                assertTrue(buffer.store(now, view));
                sent.put(ext, p);
                link(now, true, p, null, ext == FIRST_SEQ);
            }
            // 2) deliveries due by now, in arrival order
            while (!queue.isEmpty() && queue.peek().time <= now) {
                Event e = queue.poll();
                if (e.toReceiver) {
                    byte[] b = e.packet.clone(); // each copy is its own datagram
                    assertTrue(view.wrap(b, 0, b.length));
                    boolean isRtx = view.ssrc() == RTX_SSRC;
                    if (isRtx) {
                        assertEquals(Rtx.Status.OK, receiverRtx.unwrapInPlace(view, MEDIA_SSRC));
                        rtxRestored++;
                    }
                    long ext = receiverSeqs.unwrap(view.sequenceNumber());
                    byte[] original = sent.get(ext);
                    assertNotNull(original, "unwrapped to a sent sequence number: " + ext);
                    assertArrayEquals(original, java.util.Arrays.copyOfRange(b, 0, view.length()),
                            "packet " + ext + (isRtx ? " restored from RTX" : "") + " byte-exact");
                    if (!isRtx) {
                        originalDelivered.put(ext, true);
                    }
                    firstArrival.putIfAbsent(ext, now);
                    nack.onPacket(now, view.sequenceNumber());
                } else {
                    for (int seq : e.nack) {
                        if (buffer.get(now, MEDIA_SSRC, seq, RTT / 2, stored) == RetransmissionBuffer.Lookup.FOUND) {
                            byte[] r = new byte[stored.length() + 2];
                            assertEquals(r.length, senderRtx.wrap(stored, RTX_SSRC, rtxSeq++ & 0xFFFF, r, 0));
                            link(now, true, r, null, false);
                        }
                    }
                }
            }
            // 3) receiver: NACKs due now
            if (nack.pollTimeout() <= now) {
                int n = nack.poll(now, out);
                if (n > 0) {
                    int[] list = java.util.Arrays.copyOf(out, n);
                    for (int seq : list) {
                        long ext = receiverSeqs.peek(seq);
                        Long arrived = firstArrival.get(ext);
                        assertTrue(arrived == null || arrived > now,
                                "requested " + ext + " at " + now + " after it arrived at " + arrived);
                        requests.computeIfAbsent(ext, k -> new ArrayList<>()).add(now);
                    }
                    link(now, false, null, list, false);
                }
            }
        }

        long lastExt = FIRST_SEQ + PACKETS - 1;
        int lost = 0;
        for (long ext = FIRST_SEQ; ext <= lastExt; ext++) {
            if (!originalDelivered.containsKey(ext)) {
                lost++;
                if (ext < lastExt - 20) { // a loss at the very end has no later packet to reveal it
                    assertTrue(requests.containsKey(ext), "lost packet " + ext + " was requested");
                }
            }
            assertTrue(firstArrival.containsKey(ext) || ext >= lastExt - 20, "packet " + ext + " recovered");
        }
        for (Map.Entry<Long, List<Long>> e : requests.entrySet()) {
            List<Long> times = e.getValue();
            assertTrue(times.size() <= MAX_REQUESTS, "at most " + MAX_REQUESTS + " requests of " + e.getKey());
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i) - times.get(i - 1) >= Math.max(RTT, MIN_RETRY),
                        "retries of " + e.getKey() + " spaced by the RTT: " + times);
            }
        }
        for (long ext : requests.keySet()) {
            // the reorder window covers the link's delay spread, so only real losses are requested
            assertFalse(originalDelivered.containsKey(ext), "reordered packet " + ext + " was requested");
        }
        assertEquals(lost, nack.recoveredAfterRequestCount(), "every loss recovered after its request");
        assertEquals(0, nack.gaveUpCount());
        int retried = (int) requests.values().stream().filter(t -> t.size() > 1).count();
        assertTrue(lost > 150, "the link lost enough packets to be a test: " + lost);
        assertTrue(retried > 10, "some requests or answers were lost and retried: " + retried);
        assertTrue(rtxRestored >= lost - 20, "RTX restored " + rtxRestored + " for " + lost + " lost");
        assertEquals(0, nack.missingCount(), "nothing left outstanding");
        assertEquals(0, receiverRtx.malformedCount());
        assertTrue(firstArrival.keySet().stream().anyMatch(x -> x > 65535) && firstArrival.containsKey(65535L),
                "the run crossed the sequence number wrap");
    }
}
