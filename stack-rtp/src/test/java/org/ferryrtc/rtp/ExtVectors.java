package org.ferryrtc.rtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads the RFC 8285 vector files ({@code key: value} lines, hex with spaces, {@code #} comments). */
final class ExtVectors {
    static final String[] FILES = {
        "one-byte-figure.txt", "two-byte-figure.txt", "two-byte-large-ids.txt", "one-byte-stop-id15.txt",
        "malformed-one-byte.txt", "malformed-two-byte.txt", "malformed-two-byte-lone-id.txt",
    };

    /** One element; data kept as lower-case hex so that records compare by value. */
    record Element(int id, String hex) {
        Element(int id, byte[] data) {
            this(id, HexFormat.of().formatHex(data));
        }

        byte[] data() {
            return HexFormat.of().parseHex(hex);
        }
    }

    record Vector(String name, byte[] packet, String form, List<Element> elements, byte[] canonical) {}

    private ExtVectors() {}

    static Vector load(String file) throws IOException {
        try (InputStream in = ExtVectors.class.getResourceAsStream("/vectors/rfc8285/" + file)) {
            if (in == null) {
                throw new IOException("missing vector " + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            byte[] packet = null;
            byte[] canonical = null;
            String form = null;
            List<Element> elements = new ArrayList<>();
            for (String line : text.split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String key = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "packet" -> packet = hex(value);
                    case "canonical" -> canonical = hex(value);
                    case "form" -> form = value;
                    case "element" -> {
                        String[] parts = value.split("\\s+", 2);
                        elements.add(new Element(Integer.parseInt(parts[0]),
                                parts[1].equals("-") ? new byte[0] : hex(parts[1])));
                    }
                    default -> throw new IOException("unknown key " + key + " in " + file);
                }
            }
            return new Vector(file, packet, form, elements, canonical);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }
}
