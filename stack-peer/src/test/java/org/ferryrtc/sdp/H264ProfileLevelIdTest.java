package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** H.264 profile-level-id classification and answer rules (RFC 6184 §8.1, §8.2.2). */
class H264ProfileLevelIdTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "42e01f, CONSTRAINED_BASELINE", "42c01f, CONSTRAINED_BASELINE", "42401f, CONSTRAINED_BASELINE",
        "42001f, BASELINE", "42a01f, BASELINE", "4d001f, MAIN", "4d801f, CONSTRAINED_BASELINE",
        "58c01f, CONSTRAINED_BASELINE", "58801f, BASELINE", "58001f, EXTENDED",
        "64001f, HIGH", "640c1f, CONSTRAINED_HIGH", "640c34, CONSTRAINED_HIGH", "f4001f, OTHER"})
    void profiles(String hex, H264ProfileLevelId.Profile profile) {
        assertEquals(profile, H264ProfileLevelId.parse(hex).profile());
    }

    @Test
    void parsing() {
        H264ProfileLevelId p = H264ProfileLevelId.parse("42E01F");
        assertEquals(0x42, p.profileIdc());
        assertEquals(0xE0, p.profileIop());
        assertEquals(31, p.levelIdc());
        assertEquals("42e01f", p.hex());
        assertEquals(H264ProfileLevelId.DEFAULT, H264ProfileLevelId.parse(null), "absent: Baseline level 1");
        assertNull(H264ProfileLevelId.parse("42e01"));
        assertNull(H264ProfileLevelId.parse("42e01g"));
        assertNull(H264ProfileLevelId.parse("42e0１f"), "full-width digit");
    }

    @Test
    void level1bSitsBetween1And1_1() {
        H264ProfileLevelId b = H264ProfileLevelId.parse("42f00b");
        assertTrue(b.isLevel1b());
        H264ProfileLevelId l11 = H264ProfileLevelId.parse("42e00b");
        assertFalse(l11.isLevel1b());
        assertTrue(H264ProfileLevelId.parse("42e00a").levelOrdinal() < b.levelOrdinal());
        assertTrue(b.levelOrdinal() < l11.levelOrdinal());
        assertEquals("42f00b", l11.withLevelOrdinal(b.levelOrdinal()).hex());
        assertEquals("42e00b", b.withLevelOrdinal(l11.levelOrdinal()).hex());
        assertEquals("640009", H264ProfileLevelId.parse("64001f").withLevelOrdinal(21).hex(), "High 1b uses level_idc 9");
    }

    private static Map<String, String> fmtp(String pli, String mode, boolean asym) {
        Map<String, String> m = new LinkedHashMap<>();
        if (asym) {
            m.put("level-asymmetry-allowed", "1");
        }
        m.put("packetization-mode", mode);
        m.put("profile-level-id", pli);
        return m;
    }

    @Test
    void sameProfileDifferentLevelWithAsymmetryAnswersOurLevel() {
        Map<String, String> a = CodecMatcher.h264Answer(fmtp("42e01f", "1", true), fmtp("42e034", "1", true));
        assertEquals("42e034", a.get("profile-level-id"));
        assertEquals("1", a.get("packetization-mode"));
        assertEquals("1", a.get("level-asymmetry-allowed"));
    }

    @Test
    void withoutAsymmetryTheLowerLevelWins() {
        assertEquals("42e01f", CodecMatcher.h264Answer(fmtp("42e01f", "1", false), fmtp("42e034", "1", true)).get("profile-level-id"));
        assertEquals("42e00d", CodecMatcher.h264Answer(fmtp("42e034", "1", true), fmtp("42e00d", "1", false)).get("profile-level-id"));
        assertEquals("4d0015", CodecMatcher.h264Answer(fmtp("4d0028", "0", false), fmtp("4d0015", "0", false)).get("profile-level-id"));
    }

    @Test
    void offeredProfileBytesKeptWhenEquivalent() {
        // 4d801f is Constrained Baseline expressed with Main's profile_idc: it matches 42e01f.
        Map<String, String> a = CodecMatcher.h264Answer(fmtp("4d801f", "1", false), fmtp("42e028", "1", true));
        assertEquals("4d801f", a.get("profile-level-id"));
    }

    @Test
    void mismatches() {
        assertNull(CodecMatcher.h264Answer(fmtp("42001f", "1", true), fmtp("42e01f", "1", true)), "Baseline vs CB");
        assertNull(CodecMatcher.h264Answer(fmtp("640c1f", "1", true), fmtp("64001f", "1", true)), "CHigh vs High");
        assertNull(CodecMatcher.h264Answer(fmtp("42e01f", "0", true), fmtp("42e01f", "1", true)), "packetization-mode");
        assertNull(CodecMatcher.h264Answer(Map.of("profile-level-id", "42e01f"), fmtp("42e01f", "1", true)),
                "packetization-mode absent means 0");
        assertNull(CodecMatcher.h264Answer(fmtp("zzzzzz", "1", true), fmtp("42e01f", "1", true)), "malformed id");
        assertNotNull(CodecMatcher.h264Answer(Map.of(), Map.of("profile-level-id", "42000a")), "both default");
    }
}
