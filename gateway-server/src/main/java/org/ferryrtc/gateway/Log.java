package org.ferryrtc.gateway;

import java.lang.System.Logger.Level;

/** Structured logs: one line per event, {@code event=name key=value ...} (values with spaces are quoted). */
final class Log {
    private static final System.Logger LOG = System.getLogger("org.ferryrtc.gateway");

    private Log() {}

    static void info(String event, Object... kv) {
        log(Level.INFO, event, kv);
    }

    static void warn(String event, Object... kv) {
        log(Level.WARNING, event, kv);
    }

    static void log(Level level, String event, Object... kv) {
        if (!LOG.isLoggable(level)) return;
        LOG.log(level, line(event, kv));
    }

    static String line(String event, Object... kv) {
        StringBuilder sb = new StringBuilder("event=").append(event);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=');
            String v = String.valueOf(kv[i + 1]);
            if (v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('"') >= 0 || v.indexOf('=') >= 0) {
                sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }
}
