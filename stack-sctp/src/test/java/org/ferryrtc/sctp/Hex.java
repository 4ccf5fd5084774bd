package org.ferryrtc.sctp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: hex text files with '#' comments. */
public final class Hex {
    private Hex() {
    }

    public static byte[] decode(String s) {
        String h = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static List<String> lines(String resource) throws IOException {
        try (InputStream in = Hex.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l.trim());
                }
            }
            return out;
        }
    }

    public static byte[] file(String resource) throws IOException {
        return decode(String.join("", lines(resource)));
    }
}
