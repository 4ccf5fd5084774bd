package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of the real samples: line drops, duplications, swaps, character
 * edits, insertions, truncation and numeric lies. Whatever the input, parsing either succeeds
 * or throws {@link SdpParseException} naming a real line; a description that parses must
 * round-trip, and answering it may only fail with {@link SdpNegotiationException} (these two
 * checks run on every eighth parsed mutant to keep the test to seconds).
 */
class SdpMutationTest {
    private static final int MUTANTS = Integer.getInteger("ferry.mutants", 100_000);
    private static final int CHECK_EVERY = Integer.getInteger("ferry.mutationCheckEvery", 8);
    private static final String ALPHABET = "0123456789abcdefxyzABCXYZ:=/;,~* \t\r\n.-+_{}#é\u0000\u00ff\u2028";
    private static final String[] NUMBERS = {"0", "-1", "65535", "65536", "127", "128", "4294967295",
        "4294967296", "99999999999999999999", "", "x", "1e3", "0x10", "٣"};

    @Test
    void mutatedSamplesNeverEscapeTheDeclaredFailures() {
        List<String[]> samples = new ArrayList<>();
        for (String name : Samples.ALL) {
            samples.add(Samples.text(name).split("\r\n", -1));
        }
        LocalCapabilities caps = AnswerTest.caps().build();
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        SplittableRandom rnd = new SplittableRandom(Long.getLong("ferry.mutationSeed", 0x5D9_2026L));
        int parsed = 0;
        int rejected = 0;
        int answered = 0;
        for (int i = 0; i < MUTANTS; i++) {
            String[] base = samples.get(rnd.nextInt(samples.size()));
            List<String> lines = new ArrayList<>(Arrays.asList(base));
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                mutate(lines, rnd, samples);
            }
            String text = String.join(rnd.nextInt(4) == 0 ? "\n" : "\r\n", lines);
            if (rnd.nextInt(10) == 0) {
                text = text.substring(0, rnd.nextInt(text.length() + 1));
            }
            SessionDescription sd;
            try {
                sd = SessionDescription.parse(text);
                parsed++;
            } catch (SdpParseException ex) {
                rejected++;
                int count = text.split("\n", -1).length;
                assertTrue(ex.lineNumber() >= 1 && ex.lineNumber() <= count, ex.getMessage());
                assertNotNull(ex.line());
                assertFalse(ex.reason().isEmpty());
                continue;
            } catch (RuntimeException ex) {
                throw new AssertionError("mutant " + i + " escaped with " + ex + "\n" + text, ex);
            }
            if (parsed % CHECK_EVERY != 0) {
                continue; // the expensive checks on every eighth description that parses
            }
            try {
                assertEquals(sd, SessionDescription.parse(sd.write()), "mutant " + i + " round-trips");
            } catch (SdpParseException ex) {
                throw new AssertionError("mutant " + i + " wrote unparseable SDP: " + ex.getMessage() + "\n" + text, ex);
            }
            try {
                SessionDescription ans = OfferAnswer.createAnswer(sd, caps);
                assertEquals(ans, SessionDescription.parse(ans.write()));
                OfferAnswer.negotiatedAsAnswerer(sd, ans);
                answered++;
            } catch (SdpNegotiationException ex) {
                // declared failure
            } catch (SdpParseException | RuntimeException ex) {
                throw new AssertionError("mutant " + i + " broke negotiation: " + ex + "\n" + text, ex);
            }
        }
        long cpuMs = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        System.out.printf("SDP mutants: %d parsed, %d rejected, %d answered, %d ms CPU%n", parsed, rejected, answered, cpuMs);
        assertEquals(MUTANTS, parsed + rejected);
        assertTrue(parsed > MUTANTS / 20 && rejected > MUTANTS / 20,
                "both outcomes exercised: parsed " + parsed + ", rejected " + rejected);
        assertTrue(answered > 0);
    }

    private static void mutate(List<String> lines, SplittableRandom rnd, List<String[]> samples) {
        if (lines.isEmpty()) {
            lines.add("");
        }
        int at = rnd.nextInt(lines.size());
        String line = lines.get(at);
        switch (rnd.nextInt(9)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, line);
            case 2 -> {
                int other = rnd.nextInt(lines.size());
                lines.set(at, lines.get(other));
                lines.set(other, line);
            }
            case 3 -> lines.set(at, edit(line, rnd, 0));
            case 4 -> lines.set(at, edit(line, rnd, 1));
            case 5 -> lines.set(at, edit(line, rnd, 2));
            case 6 -> lines.set(at, line.substring(0, rnd.nextInt(line.length() + 1)));
            case 7 -> {
                String[] donor = samples.get(rnd.nextInt(samples.size()));
                lines.add(at, donor[rnd.nextInt(donor.length)]);
            }
            default -> lines.set(at, numberLie(line, rnd));
        }
    }

    /** kind 0: replace a character, 1: insert one, 2: delete one. */
    private static String edit(String line, SplittableRandom rnd, int kind) {
        char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
        if (line.isEmpty()) {
            return kind == 2 ? line : String.valueOf(c);
        }
        int p = rnd.nextInt(line.length());
        return switch (kind) {
            case 0 -> line.substring(0, p) + c + line.substring(p + 1);
            case 1 -> line.substring(0, p) + c + line.substring(p);
            default -> line.substring(0, p) + line.substring(p + 1);
        };
    }

    /** Replaces one run of digits with an out-of-range or non-numeric value. */
    private static String numberLie(String line, SplittableRandom rnd) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (Character.isDigit(line.charAt(i))) {
                int s = i;
                while (i < line.length() && Character.isDigit(line.charAt(i))) {
                    i++;
                }
                runs.add(new int[] {s, i});
            } else {
                i++;
            }
        }
        if (runs.isEmpty()) {
            return line;
        }
        int[] r = runs.get(rnd.nextInt(runs.size()));
        return line.substring(0, r[0]) + NUMBERS[rnd.nextInt(NUMBERS.length)] + line.substring(r[1]);
    }
}
