package org.ferryrtc.gateway;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway's configuration. Sources, later ones winning: the embedded defaults, a
 * {@code .properties} file ({@code --config file.properties}), then environment variables.
 *
 * <pre>
 * property              env                        default
 * http.bind             FERRY_BIND                 127.0.0.1
 * http.port             FERRY_HTTP_PORT            8000        (0 = ephemeral)
 * api.key               FERRY_API_KEY              (none; required unless http.bind is loopback)
 * udp.bind              FERRY_UDP_BIND             127.0.0.1   (the /media, /media/rtcp and /data ports)
 * redirect.allow        FERRY_REDIRECT_ALLOW       127.0.0.0/8 (comma-separated IPv4 CIDRs)
 * longpoll.timeout.ms   FERRY_LONGPOLL_TIMEOUT_MS  30000
 * body.max.bytes        FERRY_MAX_BODY_BYTES       65536
 * media.history         FERRY_MEDIA_HISTORY        16          (RTP headers kept per /media port)
 * ice.port              FERRY_ICE_PORT             0           (the one UDP port of every WebRTC session, on
 *                                                               udp.bind; 0 = ephemeral, shown by GET /health)
 * call.answer.timeout.ms FERRY_ANSWER_TIMEOUT_MS   60000       (an incoming call not answered by then is
 *                                                               closed: ERROR, CLOSE; 0 = wait forever)
 * </pre>
 *
 * Binding HTTP to a non-loopback address without an API key is refused by {@link #validate()}.
 */
public record GatewayConfig(String bind, int httpPort, String apiKey, String udpBind,
                            List<String> redirectAllow, long longPollTimeoutMs, int maxBodyBytes,
                            int mediaHistory, int icePort, long answerTimeoutMs) {
    /** The default {@code call.answer.timeout.ms}. */
    public static final long DEFAULT_ANSWER_TIMEOUT_MS = 60_000;


    /** The embedded default: loopback only, no API key, HTTP on 8000. */
    public static GatewayConfig defaults() {
        return new GatewayConfig("127.0.0.1", 8000, null, "127.0.0.1", List.of("127.0.0.0/8"), 30_000, 64 * 1024, 16, 0,
                DEFAULT_ANSWER_TIMEOUT_MS);
    }

    /** A copy listening on an ephemeral HTTP port (tests). */
    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(bind, port, apiKey, udpBind, redirectAllow, longPollTimeoutMs, maxBodyBytes, mediaHistory, icePort, answerTimeoutMs);
    }

    public GatewayConfig withApiKey(String key) {
        return new GatewayConfig(bind, httpPort, key, udpBind, redirectAllow, longPollTimeoutMs, maxBodyBytes, mediaHistory, icePort, answerTimeoutMs);
    }

    public GatewayConfig withBind(String address) {
        return new GatewayConfig(address, httpPort, apiKey, udpBind, redirectAllow, longPollTimeoutMs, maxBodyBytes, mediaHistory, icePort, answerTimeoutMs);
    }

    /** A copy whose WebRTC sessions share UDP port {@code port} (0 = ephemeral). */
    public GatewayConfig withIcePort(int port) {
        return new GatewayConfig(bind, httpPort, apiKey, udpBind, redirectAllow, longPollTimeoutMs, maxBodyBytes, mediaHistory, port, answerTimeoutMs);
    }

    public GatewayConfig withLongPollTimeoutMs(long ms) {
        return new GatewayConfig(bind, httpPort, apiKey, udpBind, redirectAllow, ms, maxBodyBytes, mediaHistory, icePort, answerTimeoutMs);
    }

    /** A copy whose unanswered incoming calls close after {@code ms} (0 = never). */
    public GatewayConfig withAnswerTimeoutMs(long ms) {
        return new GatewayConfig(bind, httpPort, apiKey, udpBind, redirectAllow, longPollTimeoutMs, maxBodyBytes, mediaHistory, icePort, ms);
    }

    /** Thrown for a configuration the gateway refuses to start with; the message says why. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    /** Defaults, then {@code file} (a .properties file, may be null), then {@code env}. */
    public static GatewayConfig load(Path file, Map<String, String> env) throws ConfigException {
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
        }
        GatewayConfig d = defaults();
        String bind = pick(p, env, "http.bind", "FERRY_BIND", d.bind);
        int port = (int) number(pick(p, env, "http.port", "FERRY_HTTP_PORT", null), d.httpPort, 0, 65535, "http.port");
        String key = pick(p, env, "api.key", "FERRY_API_KEY", null);
        String udp = pick(p, env, "udp.bind", "FERRY_UDP_BIND", d.udpBind);
        String allow = pick(p, env, "redirect.allow", "FERRY_REDIRECT_ALLOW", null);
        List<String> allowList = d.redirectAllow;
        if (allow != null) {
            allowList = new ArrayList<>();
            for (String s : allow.split(",")) {
                if (!s.isBlank()) allowList.add(s.trim());
            }
        }
        long poll = number(pick(p, env, "longpoll.timeout.ms", "FERRY_LONGPOLL_TIMEOUT_MS", null), d.longPollTimeoutMs, 1, 600_000, "longpoll.timeout.ms");
        int body = (int) number(pick(p, env, "body.max.bytes", "FERRY_MAX_BODY_BYTES", null), d.maxBodyBytes, 1024, 16 << 20, "body.max.bytes");
        int hist = (int) number(pick(p, env, "media.history", "FERRY_MEDIA_HISTORY", null), d.mediaHistory, 1, 1024, "media.history");
        int ice = (int) number(pick(p, env, "ice.port", "FERRY_ICE_PORT", null), d.icePort, 0, 65535, "ice.port");
        long answer = number(pick(p, env, "call.answer.timeout.ms", "FERRY_ANSWER_TIMEOUT_MS", null), d.answerTimeoutMs, 0, 86_400_000,
                "call.answer.timeout.ms");
        GatewayConfig c = new GatewayConfig(bind, port, key == null || key.isBlank() ? null : key, udp, List.copyOf(allowList), poll, body,
                hist, ice, answer);
        c.validate();
        return c;
    }

    /** Checks addresses, the allow-list and the API-key rule. */
    public void validate() throws ConfigException {
        InetAddress http = address(bind, "http.bind");
        address(udpBind, "udp.bind");
        if (answerTimeoutMs < 0 || answerTimeoutMs > 86_400_000) {
            throw new ConfigException("call.answer.timeout.ms: " + answerTimeoutMs + " is outside 0..86400000");
        }
        for (String cidr : redirectAllow) {
            if (Cidr.parse(cidr) == null) throw new ConfigException("redirect.allow: not an IPv4 CIDR or address: " + cidr);
        }
        if (!http.isLoopbackAddress() && (apiKey == null || apiKey.isBlank())) {
            throw new ConfigException("refusing to listen on " + bind + " (not loopback) without an API key: "
                    + "set FERRY_API_KEY (or api.key in the config file); every REST and WebSocket call will then need "
                    + "'Authorization: Bearer <key>'");
        }
    }

    private static InetAddress address(String literal, String name) throws ConfigException {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new ConfigException(name + ": unknown address " + literal);
        }
    }

    private static String pick(Properties p, Map<String, String> env, String prop, String var, String dflt) {
        String v = env.get(var);
        if (v != null) return v.trim();
        v = p.getProperty(prop);
        return v != null ? v.trim() : dflt;
    }

    private static long number(String text, long dflt, long min, long max, String name) throws ConfigException {
        if (text == null) return dflt;
        try {
            long v = Long.parseLong(text);
            if (v < min || v > max) throw new ConfigException(name + ": " + v + " is outside " + min + ".." + max);
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": not a number: " + text);
        }
    }
}
