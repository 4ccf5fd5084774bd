package org.ferryrtc.rtp.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads payload-format vectors from {@code src/test/resources/vectors/<dir>/*.txt}. Format: '#'
 * comments, then {@code key: value} lines; {@code packet:} repeats (one RTP payload each, the
 * last carries the marker), {@code frame:} is the depacketized frame, both in hex.
 */
final class VectorFiles {
    static final String[] DIRS = {"rfc7741", "vp9", "rfc6184", "av1", "rfc7587"};

    record Vector(String name, String codec, Map<String, String> fields, List<byte[]> packets, byte[] frame) {
        boolean keyframe() {
            return Boolean.parseBoolean(fields.get("keyframe"));
        }

        boolean write() {
            return Boolean.parseBoolean(fields.get("write"));
        }

        int intField(String k, int dflt) {
            String v = fields.get(k);
            return v == null ? dflt : Integer.parseInt(v.trim());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private VectorFiles() {}

    static List<Vector> all() {
        List<Vector> out = new ArrayList<>();
        for (String d : DIRS) {
            URL url = VectorFiles.class.getResource("/vectors/" + d);
            if (url == null) {
                throw new IllegalStateException("missing vectors/" + d);
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                    out.add(parse(d + "/" + p.getFileName(), Files.readAllLines(p, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static Vector parse(String name, List<String> lines) {
        Map<String, String> fields = new HashMap<>();
        List<byte[]> packets = new ArrayList<>();
        byte[] frame = null;
        for (String line : lines) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int c = l.indexOf(':');
            String k = l.substring(0, c).trim();
            String v = l.substring(c + 1).trim();
            switch (k) {
                case "packet" -> packets.add(Packets.hex(v));
                case "frame" -> frame = Packets.hex(v);
                default -> fields.put(k, v);
            }
        }
        return new Vector(name, fields.get("codec"), fields, packets, frame);
    }

    /** Packets of every vector of a codec, as hex (mutation seeds). */
    static List<String> handBuilt(String codec) {
        List<String> r = new ArrayList<>();
        for (Vector v : all()) {
            if (v.codec().equalsIgnoreCase(codec)) {
                for (byte[] p : v.packets()) {
                    r.add(Packets.hex(p, 0, p.length));
                }
            }
        }
        return r;
    }
}
