package org.ferryrtc.srtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code name: value} vector files under {@code src/test/resources/vectors/}. */
final class Vectors {
    private Vectors() {
    }

    static Map<String, String> load(String resource) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing vector file " + resource);
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                m.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }

    /** The bytes in a buffer with {@code tail} spare bytes after them. */
    static byte[] withTail(byte[] packet, int tail) {
        byte[] b = new byte[packet.length + tail];
        System.arraycopy(packet, 0, b, 0, packet.length);
        return b;
    }
}
