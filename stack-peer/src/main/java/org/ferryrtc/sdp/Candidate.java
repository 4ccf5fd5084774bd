package org.ferryrtc.sdp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An ICE candidate (RFC 8839 §5.1):
 *
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt;
 *     &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt;
 *     [raddr &lt;rel-addr&gt;] [rport &lt;rel-port&gt;] *(SP &lt;ext-name&gt; SP &lt;ext-value&gt;)
 * </pre>
 *
 * <p>Extensions ({@code generation}, {@code ufrag}, {@code network-id}, {@code network-cost},
 * {@code tcptype} of RFC 6544 §4.5, ...) are kept in order as key/values. TCP candidates are kept;
 * {@link #isUdp()} lets a UDP-only user skip them. {@code relatedAddress}/{@code relatedPort}
 * are null when absent.
 */
public record Candidate(String foundation, int component, String transport, long priority,
        String address, int port, String type, String relatedAddress, Integer relatedPort,
        Map<String, String> extensions) {
    public Candidate {
        Objects.requireNonNull(foundation);
        Objects.requireNonNull(transport);
        Objects.requireNonNull(address);
        Objects.requireNonNull(type);
        extensions = Fmtp.orderedCopy(extensions);
    }

    /** True if the transport is UDP (case-insensitive). */
    public boolean isUdp() {
        return transport.equalsIgnoreCase("udp");
    }

    /** True if the transport is TCP (RFC 6544); a UDP-only agent ignores such candidates. */
    public boolean isTcp() {
        return transport.equalsIgnoreCase("tcp");
    }

    /** The RFC 6544 {@code tcptype} (active, passive, so), or null. */
    public String tcpType() {
        return extensions.get("tcptype");
    }

    /** The {@code ufrag} extension (the ICE generation this candidate belongs to), or null. */
    public String ufrag() {
        return extensions.get("ufrag");
    }

    /** The {@code generation} extension, or -1 when absent or not a number. */
    public int generation() {
        String g = extensions.get("generation");
        try {
            return g == null ? -1 : Integer.parseInt(g);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The attribute value (the text after {@code a=}), starting with {@code candidate:}. */
    public String text() {
        StringBuilder sb = new StringBuilder(96).append("candidate:").append(foundation)
                .append(' ').append(component).append(' ').append(transport)
                .append(' ').append(priority).append(' ').append(address)
                .append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort != null) {
            sb.append(" rport ").append(relatedPort);
        }
        for (Map.Entry<String, String> e : extensions.entrySet()) {
            sb.append(' ').append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * Parses a candidate as trickled by a browser: {@code candidate:...}, with or without a
     * leading {@code a=}.
     *
     * @throws SdpParseException (line number 0) naming what is wrong
     */
    public static Candidate parse(String text) throws SdpParseException {
        Objects.requireNonNull(text);
        String s = text.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (!s.startsWith("candidate:")) {
            throw new SdpParseException(0, text, "not a candidate attribute");
        }
        try {
            return parseValue(s.substring("candidate:".length()));
        } catch (BadValue e) {
            throw new SdpParseException(0, text, e.getMessage());
        }
    }

    /** Parses the value after {@code candidate:}. */
    static Candidate parseValue(String v) throws BadValue {
        String[] f = Tokens.split(v);
        if (f.length < 8) {
            throw new BadValue("candidate needs at least 8 fields");
        }
        String foundation = f[0];
        int component = (int) Tokens.number(f[1], 1, 256, "component id");
        String transport = f[2];
        long priority = Tokens.number(f[3], 0, 0xFFFFFFFFL, "priority");
        String address = f[4];
        int port = (int) Tokens.number(f[5], 0, 65535, "port");
        if (!f[6].equalsIgnoreCase("typ")) {
            throw new BadValue("expected 'typ' after the port");
        }
        String type = f[7];
        String raddr = null;
        Integer rport = null;
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 8; i < f.length; i += 2) {
            if (i + 1 >= f.length) {
                throw new BadValue("candidate extension '" + f[i] + "' has no value");
            }
            String k = f[i];
            String val = f[i + 1];
            if (k.equals("raddr")) {
                raddr = val;
            } else if (k.equals("rport")) {
                rport = (int) Tokens.number(val, 0, 65535, "rport");
            } else if (ext.putIfAbsent(k, val) != null) {
                throw new BadValue("duplicate candidate extension '" + k + "'");
            }
        }
        return new Candidate(foundation, component, transport, priority, address, port, type,
                raddr, rport, ext);
    }
}
