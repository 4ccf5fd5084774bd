package org.ferryrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Our transport-wide CC feedback writer (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1) checked by an independent parser, Wireshark's RTCP dissector run as {@code tshark}.
 * For every feedback Wireshark must report our base sequence number, packet status count,
 * reference time and fb pkt. count; list exactly the packets we meant as received, in order,
 * each with the delta we wrote and the same small/large size class; account for every status
 * in its chunk descriptions; and report nothing malformed and no expert items. Arrival times
 * are checked against the input, not against our own encoding: Wireshark's reference time plus
 * the running sum of its deltas must land within one 250 us tick below each input arrival.
 */
@Tag("interop")
class WiresharkTwccInteropTest {
    static final Pattern DELTA = Pattern.compile(
            "Recv Delta: 0x[0-9a-f]+ (Small|Large|Negative) Delta: \\[seq: (\\d+)\\] (-?\\d+\\.\\d+) ms");
    static final Pattern VECTOR_SYMBOL = Pattern.compile("\\| (NR|SD|LD|R|N|_+|\\S+)(?= )");
    static final Pattern RUN = Pattern.compile("\\[Run Length Chunk\\] (.+)\\. Length : (\\d+)");

    /** One feedback to check, with the arrivals (us) it was built from. */
    record Case(String name, List<TwccPacket> packets, TwccFeedback feedback) {
    }

    @Test
    void wiresharkDecodesRandomAndEdgeCaseFeedbackAsWeMeantIt() throws Exception {
        List<Case> cases = new ArrayList<>(edgeCases());
        Random rnd = new Random(0x7CC_F00DL);
        for (int i = 0; i < 600; i++) {
            List<TwccPacket> ps = randomPattern(rnd);
            cases.add(new Case("random#" + i, ps, TwccFeedback.of(rnd.nextInt(1 << 30), rnd.nextInt(1 << 30),
                    rnd.nextInt(256), ps)));
        }
        List<byte[]> datagrams = new ArrayList<>();
        for (Case c : cases) {
            byte[] b = new byte[c.feedback.size()];
            c.feedback.writeTo(b, 0);
            datagrams.add(b);
        }
        List<Element> dissected = Tshark.dissect(datagrams);
        int statuses = 0;
        int deltas = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Element p = dissected.get(i);
            String ctx = c.name + " " + c.feedback;
            assertEquals(List.of(), Tshark.problems(p), ctx);
            TwccFeedback f = c.feedback;
            assertEquals(List.of("205"), Tshark.shows(p, "rtcp.pt"), ctx);
            assertEquals(List.of("15"), Tshark.shows(p, "rtcp.rtpfb.fmt"), ctx);
            assertEquals(List.of(hex(f.senderSsrc())), Tshark.shows(p, "rtcp.senderssrc"), ctx);
            assertEquals(List.of(hex(f.mediaSsrc())), Tshark.shows(p, "rtcp.mediassrc"), ctx);
            assertEquals(List.of(Integer.toString(f.baseSequence())), Tshark.shows(p, "rtcp.rtpfb.transportcc.baseseq"), ctx);
            assertEquals(List.of(Integer.toString(f.statusCount())), Tshark.shows(p, "rtcp.rtpfb.transportcc.statuscount"), ctx);
            assertEquals(List.of(Integer.toString(f.referenceTime())), Tshark.shows(p, "rtcp.rtpfb.transportcc.reftime"), ctx);
            assertEquals(List.of(Integer.toString(f.feedbackCount())), Tshark.shows(p, "rtcp.rtpfb.transportcc.pktcount"), ctx);

            // statuses as Wireshark reads the chunks, in order
            List<String> symbols = new ArrayList<>();
            for (Element chunk : Tshark.fields(p, "rtcp.rtpfb.transportcc.pktchunk")) {
                String s = chunk.getAttribute("showname");
                Matcher run = RUN.matcher(s);
                if (run.find()) {
                    String sym = switch (run.group(1)) {
                        case "Packet not received" -> "NR";
                        case "Small Delta" -> "SD";
                        case "Large or Negative Delta" -> "LD";
                        default -> throw new AssertionError("unknown run symbol in " + s);
                    };
                    for (int k = Integer.parseInt(run.group(2)); k > 0; k--) {
                        symbols.add(sym);
                    }
                } else {
                    assertTrue(s.contains("Status Vector Chunk"), s);
                    Matcher m = VECTOR_SYMBOL.matcher(s);
                    while (m.find()) {
                        String sym = m.group(1);
                        // 1-bit vectors show R (received, small delta) and N; _ marks slots past the count
                        symbols.add(sym.equals("R") ? "SD" : sym.equals("N") ? "NR" : sym.startsWith("_") ? "_" : sym);
                    }
                }
            }
            // only a last vector may hold slots past the status count, which Wireshark shows as _
            assertTrue(symbols.size() >= f.statusCount() && symbols.size() < f.statusCount() + 14, ctx + " " + symbols.size());
            for (String unused : symbols.subList(f.statusCount(), symbols.size())) {
                assertEquals("_", unused, ctx);
            }
            List<String> expectedSymbols = new ArrayList<>();
            List<Integer> expectedSeqs = new ArrayList<>();
            int r = 0;
            for (TwccPacket tp : c.packets) {
                if (tp.received()) {
                    int d = f.deltaTicks(r++);
                    expectedSymbols.add(d >= 0 && d <= 255 ? "SD" : "LD");
                    expectedSeqs.add(tp.sequenceNumber());
                } else {
                    expectedSymbols.add("NR");
                }
            }
            if (!expectedSymbols.equals(symbols.subList(0, f.statusCount()))) { // compact message: one char per status
                assertEquals(compact(expectedSymbols), compact(symbols.subList(0, f.statusCount())), ctx);
            }
            statuses += f.statusCount();

            // received packets and their deltas, in the order we wrote them
            List<Element> ds = Tshark.fields(p, "rtcp.rtpfb.transportcc.recv_delta");
            assertEquals(f.receivedCount(), ds.size(), ctx);
            long arrival = (long) f.referenceTime() * TwccFeedback.REFERENCE_UNIT_US;
            List<Integer> seqs = new ArrayList<>();
            List<Long> inputArrivals = new ArrayList<>();
            for (TwccPacket tp : c.packets) {
                if (tp.received()) {
                    inputArrivals.add(tp.arrivalTimeUs());
                }
            }
            // the 24-bit reference time wraps; where it did, arrivals are compared modulo its range
            long wrap = Math.floorDiv(inputArrivals.get(0), TwccFeedback.REFERENCE_UNIT_US) - f.referenceTime();
            assertEquals(0, Math.floorMod(wrap, 1L << 24), ctx + ": reference time");
            long shiftUs = wrap * TwccFeedback.REFERENCE_UNIT_US;
            for (int k = 0; k < ds.size(); k++) {
                String s = ds.get(k).getAttribute("showname");
                Matcher m = DELTA.matcher(s);
                assertTrue(m.find(), ctx + ": " + s);
                seqs.add(Integer.parseInt(m.group(2)));
                long us = Math.round(Double.parseDouble(m.group(3)) * 1000);
                assertEquals(f.deltaTicks(k) * 250L, us, ctx + ": " + s);
                int d = f.deltaTicks(k);
                String kind = d < 0 ? "Negative" : d <= 255 ? "Small" : "Large";
                assertEquals(kind, m.group(1), ctx + ": " + s);
                assertEquals(d >= 0 && d <= 255 ? 1 : 2, Integer.parseInt(ds.get(k).getAttribute("size")), ctx + ": " + s);
                arrival += us;
                long in = inputArrivals.get(k) - shiftUs;
                assertTrue(arrival <= in && in - arrival < 250, ctx + ": arrival " + arrival + " for input " + in);
            }
            assertEquals(expectedSeqs, seqs, ctx);
            deltas += ds.size();
        }
        System.out.printf("Wireshark agreed on %d TWCC feedbacks: %d statuses, %d receive deltas%n",
                cases.size(), statuses, deltas);
    }

    /** NR -> '.', SD -> 's', LD -> 'L', one character per status. */
    static String compact(List<String> symbols) {
        StringBuilder sb = new StringBuilder();
        for (String sym : symbols) {
            sb.append(sym.equals("NR") ? '.' : sym.equals("SD") ? 's' : sym.equals("LD") ? 'L' : '?');
        }
        return sb.toString();
    }

    static String hex(long ssrc) {
        return String.format("0x%08x", ssrc);
    }

    /** A random receive pattern: loss runs, long received runs, mixed and negative deltas, wraps. */
    static List<TwccPacket> randomPattern(Random rnd) {
        int seq = rnd.nextInt(4) == 0 ? 65535 - rnd.nextInt(60) : rnd.nextInt(65536);
        int total = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 400);
        long t = (long) rnd.nextInt(1 << 22) * 64_000 + rnd.nextInt(64_000);
        List<TwccPacket> ps = new ArrayList<>();
        while (ps.size() < total) {
            int mode = rnd.nextInt(5);
            int len = 1 + rnd.nextInt(mode == 1 ? 60 : 20);
            for (int k = 0; k < len && ps.size() < total; k++) {
                boolean received = mode == 0 ? false : mode == 4 ? rnd.nextBoolean() : true;
                if (ps.isEmpty()) {
                    received = received || rnd.nextBoolean();
                }
                if (received) {
                    t += switch (mode) {
                        case 1 -> rnd.nextInt(256 * 250); // small: a long run of them makes a run-length chunk
                        case 2 -> rnd.nextBoolean() ? 256 * 250 + rnd.nextInt(4_000_000) : -rnd.nextInt(500_000);
                        default -> rnd.nextInt(3) == 0 ? -rnd.nextInt(20_000) : rnd.nextInt(300 * 250);
                    };
                }
                ps.add(new TwccPacket(seq, received, t));
                seq = (seq + 1) & 0xFFFF;
            }
        }
        if (!ps.get(0).received()) { // make sure at least one packet is received
            ps.set(ps.size() - 1, new TwccPacket(ps.get(ps.size() - 1).sequenceNumber(), true, t));
        }
        return ps;
    }

    static List<Case> edgeCases() {
        List<Case> out = new ArrayList<>();
        out.add(one("single received", List.of(new TwccPacket(0, true, 1_000))));
        out.add(one("wrap at 65535", run(65530, 12, true, 5_000_000, 1_000)));
        List<TwccPacket> exact = new ArrayList<>();
        long[] steps = {0, 255 * 250, 256 * 250, -250, 0, 32767L * 250, -32768L * 250, 1, 249, 250};
        long t = 10 * 64_000;
        for (int i = 0; i < steps.length; i++) {
            t += steps[i];
            exact.add(new TwccPacket(100 + i, true, t));
        }
        out.add(one("delta boundaries 0/255/256/-1/32767/-32768", exact));
        out.add(one("run of exactly 14 small", run(7, 14, true, 64_000, 250)));
        out.add(one("run of 7 large then 1-bit", concat(run(40, 7, true, 64_000, 70_000), run(47, 20, true, 2_000_000, 1_000))));
        List<TwccPacket> longLoss = new ArrayList<>();
        longLoss.add(new TwccPacket(1000, true, 3_000_000));
        for (int s = 1001; s < 1000 + 9000; s++) {
            longLoss.add(new TwccPacket(s, false, 0));
        }
        longLoss.add(new TwccPacket(10_000, true, 3_100_000));
        out.add(one("loss run longer than 8191 (two run-length chunks)", longLoss));
        out.add(one("long small run > 8191", run(60000, 9000, true, 128_000, 10)));
        List<TwccPacket> alt = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            alt.add(new TwccPacket(500 + i, i % 2 == 0, 640_000 + 1_000L * i));
        }
        out.add(one("alternating received/lost (1-bit vectors)", alt));
        out.add(one("reference time at the top of 24 bits", run(9, 5, true, 0x7FFFFFL * 64_000, 2_000)));
        out.add(one("negative reference time", run(9, 5, true, -1_000_123, 70_000)));
        out.add(one("reference time past 24 bits (wraps to negative)", run(9, 5, true, 0x800000L * 64_000 + 5, 300)));
        out.add(one("reference time 2^24 (wraps to 0)", run(9, 5, true, (1L << 24) * 64_000 + 640_001, 300)));
        return out;
    }

    static Case one(String name, List<TwccPacket> ps) {
        return new Case(name, ps, TwccFeedback.of(0x11223344L, 0xAABBCCDDL, name.length(), ps));
    }

    static List<TwccPacket> run(int first, int n, boolean received, long t0, long step) {
        List<TwccPacket> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(new TwccPacket((first + i) & 0xFFFF, received, t0 + step * i));
        }
        return ps;
    }

    static List<TwccPacket> concat(List<TwccPacket> a, List<TwccPacket> b) {
        List<TwccPacket> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
