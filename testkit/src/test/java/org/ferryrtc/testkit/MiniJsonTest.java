package org.ferryrtc.testkit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
    @Test
    void parsesNestedValues() {
        Object v = MiniJson.parse(" {\"a\": [1, 2.5, -3e2], \"b\": {\"c\": \"x\\ny\\u0041\"}, \"t\": true, \"n\": null} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, 2.5, -300.0), m.get("a"));
        assertEquals("x\nyA", ((Map<?, ?>) m.get("b")).get("c"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
    }

    @Test
    void quoteRoundTrips() {
        String s = "line1\r\nquote\" back\\slash \t\u0001 é";
        assertEquals(s, MiniJson.parse(MiniJson.quote(s)));
    }

    @Test
    void malformedInputNamesTheOffset() {
        for (String bad : new String[] {"", "{", "[1,", "{\"a\" 1}", "\"abc", "tru", "-", "{1:2}", "[1] x", "\"\\u12\"", "\"\\q\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("JSON at offset "), e.getMessage());
        }
    }
}
