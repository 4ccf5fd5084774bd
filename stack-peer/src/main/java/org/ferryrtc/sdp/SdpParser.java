package org.ferryrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal: SDP text to {@link SessionDescription} (RFC 8866 §5, §9 grammar). Line types may
 * come in any order after {@code v=}; attributes are dispatched to {@link AttributeParser}.
 * Every problem is reported as a {@link SdpParseException} naming the line; no other exception
 * leaves {@link #parse} for any input.
 */
final class SdpParser {
    private final SessionDescription.Builder session = new SessionDescription.Builder();
    private final List<String[]> times = new ArrayList<>();
    private final List<List<String>> repeats = new ArrayList<>();
    private MediaDescription.Builder media;
    private boolean seenOrigin;
    private boolean seenName;

    private SdpParser() {
    }

    static SessionDescription parse(String text) throws SdpParseException {
        return new SdpParser().run(text);
    }

    private SessionDescription run(String text) throws SdpParseException {
        int n = text.length();
        int pos = 0;
        int lineNo = 0;
        boolean first = true;
        String lastLine = "";
        int lastLineNo = 1;
        while (pos < n) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            String line = stripTrailing(text, pos, end);
            pos = end + 1;
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            lastLine = line;
            lastLineNo = lineNo;
            if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                throw new SdpParseException(lineNo, line, "CR or NUL inside a line");
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpParseException(lineNo, line, "expected '<type>=<value>'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (first) {
                if (type != 'v') {
                    throw new SdpParseException(lineNo, line, "the first line must be v=");
                }
                if (!value.strip().equals("0")) {
                    throw new SdpParseException(lineNo, line, "unsupported SDP version");
                }
                first = false;
                continue;
            }
            try {
                line(type, value);
            } catch (BadValue e) {
                throw new SdpParseException(lineNo, line, e.getMessage());
            }
            if (type == 'm' && (!seenOrigin || !seenName)) {
                throw new SdpParseException(lineNo, line,
                        seenOrigin ? "missing s= line before the first m=" : "missing o= line before the first m=");
            }
        }
        if (first) {
            throw new SdpParseException(lastLineNo, lastLine, "empty description (no v= line)");
        }
        if (!seenOrigin || !seenName) {
            throw new SdpParseException(lastLineNo, lastLine, seenOrigin ? "missing s= line" : "missing o= line");
        }
        finishMedia();
        for (int i = 0; i < times.size(); i++) {
            session.timings.add(new Timing(times.get(i)[0], times.get(i)[1], repeats.get(i)));
        }
        return session.build();
    }

    private static String stripTrailing(String text, int from, int to) {
        int e = to;
        while (e > from) {
            char c = text.charAt(e - 1);
            if (c == '\r' || c == ' ' || c == '\t') {
                e--;
            } else {
                break;
            }
        }
        return text.substring(from, e);
    }

    private void line(char type, String value) throws BadValue {
        switch (type) {
            case 'v' -> throw new BadValue("duplicate v= line");
            case 'o' -> origin(value);
            case 's' -> {
                if (media != null || seenName) {
                    throw new BadValue(seenName ? "duplicate s= line" : "s= inside a media section");
                }
                seenName = true;
                session.sessionName = value;
            }
            case 'i' -> {
                if (media != null) {
                    media.information = once(media.information, value, "i=");
                } else {
                    session.information = once(session.information, value, "i=");
                }
            }
            case 'u' -> {
                sessionOnly("u=");
                session.uri = once(session.uri, value, "u=");
            }
            case 'e' -> {
                sessionOnly("e=");
                session.emails.add(value);
            }
            case 'p' -> {
                sessionOnly("p=");
                session.phones.add(value);
            }
            case 'c' -> connection(value);
            case 'b' -> bandwidth(value);
            case 't' -> timing(value);
            case 'r' -> {
                sessionOnly("r=");
                if (times.isEmpty()) {
                    throw new BadValue("r= without a preceding t=");
                }
                repeats.get(repeats.size() - 1).add(value);
            }
            case 'z' -> {
                sessionOnly("z=");
                session.zone = once(session.zone, value, "z=");
            }
            case 'k' -> {
                if (media != null) {
                    media.key = once(media.key, value, "k=");
                } else {
                    session.key = once(session.key, value, "k=");
                }
            }
            case 'a' -> {
                if (media != null) {
                    AttributeParser.media(media, value);
                } else {
                    AttributeParser.session(session, value);
                }
            }
            case 'm' -> mediaLine(value);
            default -> throw new BadValue("unknown line type '" + type + "'");
        }
    }

    private void sessionOnly(String what) throws BadValue {
        if (media != null) {
            throw new BadValue(what + " inside a media section");
        }
    }

    private static String once(String current, String value, String what) throws BadValue {
        if (current != null) {
            throw new BadValue("duplicate " + what + " line");
        }
        return value;
    }

    private void origin(String value) throws BadValue {
        if (media != null) {
            throw new BadValue("o= inside a media section");
        }
        if (seenOrigin) {
            throw new BadValue("duplicate o= line");
        }
        String[] f = Tokens.split(value);
        if (f.length != 6) {
            throw new BadValue("o= needs 6 fields");
        }
        session.origin = new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
        seenOrigin = true;
    }

    private void connection(String value) throws BadValue {
        String[] f = Tokens.split(value);
        if (f.length != 3) {
            throw new BadValue("c= needs 3 fields");
        }
        Connection c = new Connection(f[0], f[1], f[2]);
        if (media != null) {
            media.connections.add(c);
        } else {
            if (session.connection != null) {
                throw new BadValue("duplicate c= line");
            }
            session.connection = c;
        }
    }

    private void bandwidth(String value) throws BadValue {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new BadValue("b= needs <type>:<bandwidth>");
        }
        String t = value.substring(0, colon).strip();
        if (!Tokens.isToken(t)) {
            throw new BadValue("bad bandwidth type");
        }
        long v = Tokens.number(value.substring(colon + 1).strip(), 0, 1L << 53, "bandwidth");
        (media != null ? media.bandwidths : session.bandwidths).add(new Bandwidth(t, v));
    }

    private void timing(String value) throws BadValue {
        sessionOnly("t=");
        String[] f = Tokens.split(value);
        if (f.length != 2) {
            throw new BadValue("t= needs <start> <stop>");
        }
        Tokens.number(f[0], 0, 1L << 53, "start time");
        Tokens.number(f[1], 0, 1L << 53, "stop time");
        times.add(new String[] {f[0], f[1]});
        repeats.add(new ArrayList<>());
    }

    private void mediaLine(String value) throws BadValue {
        String[] f = Tokens.split(value);
        if (f.length < 3) {
            throw new BadValue("m= needs <media> <port> <proto> <fmt> ...");
        }
        if (!Tokens.isToken(f[0])) {
            throw new BadValue("bad media type");
        }
        String portText = f[1];
        Integer count = null;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            count = (int) Tokens.number(portText.substring(slash + 1), 1, 65535, "number of ports");
            portText = portText.substring(0, slash);
        }
        int port;
        try {
            port = (int) Tokens.number(portText, 0, 65535, "port");
        } catch (BadValue e) {
            throw new BadValue(e.getMessage().endsWith("range") ? "port is out of range" : "port is not a number");
        }
        if (f.length < 4) {
            throw new BadValue("m= line lists no formats");
        }
        finishMedia();
        media = MediaDescription.builder(f[0], port, f[2]);
        media.portCount = count;
        for (int i = 3; i < f.length; i++) {
            media.formats.add(f[i]);
        }
    }

    private void finishMedia() {
        if (media != null) {
            session.media.add(media.build());
            media = null;
        }
    }
}
