package org.ferryrtc.sdp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
    static java.util.List<String> samples() {
        return Samples.ALL;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void parseWriteParseIsIdentity(String name) throws SdpParseException {
        SessionDescription x = Samples.parse(name);
        String written = x.write();
        SessionDescription y = SessionDescription.parse(written);
        assertEquals(x, y, name);
        assertEquals(written, y.write(), "writing is stable");
        for (String line : written.split("\r\n")) {
            assertFalse(line.contains("\n") || line.endsWith(" "), "clean line: " + line);
        }
        assertTrue(written.endsWith("\r\n"));
        assertTrue(written.startsWith("v=0\r\no="));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void lfOnlyAndTrailingWhitespaceParseTheSame(String name) throws SdpParseException {
        String text = Samples.text(name);
        String lf = text.replace("\r\n", "\n");
        String spaced = text.replace("\r\n", "  \t\r\n");
        SessionDescription x = SessionDescription.parse(text);
        assertEquals(x, SessionDescription.parse(lf));
        assertEquals(x, SessionDescription.parse(spaced));
        assertEquals(x, SessionDescription.parse(lf.strip()), "no final newline");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writtenLinesAreTheOriginalLinesReordered(String name) throws SdpParseException {
        // Nothing is lost or re-spelled: the writer only reorders lines into canonical order.
        // The one normalisation: "a=msid-semantic:WMS" is written as Chromium does, "a=msid-semantic: WMS".
        String original = Samples.text(name).replace("a=msid-semantic:WMS", "a=msid-semantic: WMS");
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(original.split("\r\n")));
        java.util.List<String> b = new java.util.ArrayList<>(java.util.List.of(SessionDescription.parse(original).write().split("\r\n")));
        java.util.Collections.sort(a);
        java.util.Collections.sort(b);
        assertEquals(a, b);
    }
}
