package org.ferryrtc.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters rendered on {@code /metrics} in the Prometheus text exposition format (version 0.0.4). */
final class Metrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder[] datagrams = new LongAdder[UdpPort.Kind.values().length];
    private final LongAdder[] bytes = new LongAdder[UdpPort.Kind.values().length];
    private final LongAdder rtpInvalid = new LongAdder();

    Metrics() {
        for (int i = 0; i < datagrams.length; i++) {
            datagrams[i] = new LongAdder();
            bytes[i] = new LongAdder();
        }
    }

    void request(String method, String route, int status) {
        requests.computeIfAbsent(method + '\u0000' + route + '\u0000' + status, k -> new LongAdder()).increment();
    }

    void datagramIn(UdpPort.Kind kind, int length) {
        datagrams[kind.ordinal()].increment();
        bytes[kind.ordinal()].add(length);
    }

    void rtpInvalid() {
        rtpInvalid.increment();
    }

    String render(long peers, long browserPeers, UdpPorts ports, long mediaConnections, long dataConnections) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("# HELP ferry_http_requests_total HTTP requests by method, route and status.\n");
        sb.append("# TYPE ferry_http_requests_total counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            sb.append("ferry_http_requests_total{method=\"").append(k[0]).append("\",route=\"").append(escape(k[1]))
                    .append("\",status=\"").append(k[2]).append("\"} ").append(e.getValue().sum()).append('\n');
        }
        gauge(sb, "ferry_peers_open", "Peers created over REST and not deleted.", peers);
        gauge(sb, "ferry_browser_peers_open", "Browser peers registered on /signaling/ws.", browserPeers);
        gauge(sb, "ferry_media_connections_open", "Media connections known to the gateway.", mediaConnections);
        gauge(sb, "ferry_data_connections_open", "Data connections known to the gateway.", dataConnections);
        sb.append("# HELP ferry_udp_ports_open Local UDP ports by kind.\n# TYPE ferry_udp_ports_open gauge\n");
        for (UdpPort.Kind k : UdpPort.Kind.values()) {
            sb.append("ferry_udp_ports_open{kind=\"").append(k.label).append("\"} ").append(ports.count(k)).append('\n');
        }
        sb.append("# HELP ferry_udp_datagrams_in_total Datagrams received on local UDP ports.\n# TYPE ferry_udp_datagrams_in_total counter\n");
        for (UdpPort.Kind k : UdpPort.Kind.values()) {
            sb.append("ferry_udp_datagrams_in_total{kind=\"").append(k.label).append("\"} ").append(datagrams[k.ordinal()].sum()).append('\n');
        }
        sb.append("# HELP ferry_udp_bytes_in_total Bytes received on local UDP ports.\n# TYPE ferry_udp_bytes_in_total counter\n");
        for (UdpPort.Kind k : UdpPort.Kind.values()) {
            sb.append("ferry_udp_bytes_in_total{kind=\"").append(k.label).append("\"} ").append(bytes[k.ordinal()].sum()).append('\n');
        }
        sb.append("# HELP ferry_rtp_invalid_total Datagrams on media ports that failed the RTP check.\n# TYPE ferry_rtp_invalid_total counter\n");
        sb.append("ferry_rtp_invalid_total ").append(rtpInvalid.sum()).append('\n');
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
