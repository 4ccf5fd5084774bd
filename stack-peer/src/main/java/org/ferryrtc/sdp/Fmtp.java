package org.ferryrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code a=fmtp:<payload type> <format specific parameters>} (RFC 8866 §6.15). Parameters are
 * split at ';' into an ordered map; {@code key=value} maps key to value, a bare token (such as
 * RED's {@code 111/111} or telephone-event's {@code 0-15}) maps to "".
 */
public record Fmtp(int payloadType, Map<String, String> parameters) {
    public Fmtp {
        parameters = orderedCopy(parameters);
    }

    /** The parameter string as written after the payload type. */
    public String text() {
        return format(parameters);
    }

    static String format(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.getKey());
            if (!e.getValue().isEmpty()) {
                sb.append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** Parses {@code a;b=c; d=e} into an ordered map (bare tokens map to ""). */
    static Map<String, String> parseParameters(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.putIfAbsent(p, "");
            } else {
                String k = p.substring(0, eq).trim();
                if (!k.isEmpty()) {
                    out.putIfAbsent(k, p.substring(eq + 1).trim());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    static Map<String, String> orderedCopy(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.put(java.util.Objects.requireNonNull(e.getKey()),
                    java.util.Objects.requireNonNull(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }
}
