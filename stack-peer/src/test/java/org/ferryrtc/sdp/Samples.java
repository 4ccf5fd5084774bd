package org.ferryrtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The real SDPs captured from browsers and stacks (copied from interop/sdp). */
final class Samples {
    static final List<String> ALL = List.of(
            "chromium-156-offer.sdp", "chromium-156-answer.sdp",
            "firefox-esr-153-offer.sdp", "firefox-esr-153-answer.sdp",
            "libdatachannel-0.33-offer.sdp", "libwebrtc-m106-offer.sdp", "werift-0.24-offer.sdp");
    static final List<String> OFFERS = ALL.stream().filter(n -> n.endsWith("-offer.sdp")).toList();

    private Samples() {
    }

    static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String name) {
        try {
            return SessionDescription.parse(text(name));
        } catch (SdpParseException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
