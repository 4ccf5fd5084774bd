package org.ferryrtc.rtp;

import java.util.HashMap;
import java.util.Map;

/**
 * The negotiated header-extension ids of one session: SDP {@code a=extmap:<id> <URI>} lines
 * (RFC 8285 §5) and {@code a=extmap-allow-mixed} (RFC 8285 §6).
 *
 * <p>Id to URI is an array lookup; URI to id is a hash lookup; the hot path resolves a
 * {@link KnownExtension} in O(1) by ordinal ({@link #id(KnownExtension)}), without hashing.
 * Ids are 1..255 (1..14 fit the one-byte form). Each id and each URI is mapped at most once.
 * Mutable while the session is negotiated; read-only afterwards by convention (not
 * thread-safe).
 */
public final class ExtensionMap {
    /** RFC 8843 §15.2 (now RFC 9143): the MID SDES item as a header extension. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852: the RtpStreamId (rid) SDES item as a header extension. */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    /** RFC 8852: the RepairedRtpStreamId SDES item as a header extension. */
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    /** WebRTC abs-send-time. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01. */
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** RFC 6464 (client-to-mixer audio level). */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** 3GPP TS 26.114 §7.4.5 (2-bit rotation granularity). */
    public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
    /** WebRTC playout-delay. */
    public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    private final String[] uriById = new String[256];
    private final Map<String, Integer> idByUri = new HashMap<>();
    private final int[] knownIds = new int[KnownExtension.values().length];
    private boolean allowMixed;

    /**
     * Maps {@code id} to {@code uri}.
     *
     * @return false (and changes nothing) if the id or the URI is already mapped
     * @throws IllegalArgumentException for an id outside 1..255 or a null/empty URI
     */
    public boolean put(int id, String uri) {
        checkId(id);
        if (uri == null || uri.isEmpty()) {
            throw new IllegalArgumentException("extension URI");
        }
        if (uriById[id] != null || idByUri.containsKey(uri)) {
            return false;
        }
        uriById[id] = uri;
        idByUri.put(uri, id);
        KnownExtension k = KnownExtension.fromUri(uri);
        if (k != null) {
            knownIds[k.ordinal()] = id;
        }
        return true;
    }

    /** {@link #put(int, String)} for a known extension. */
    public boolean put(int id, KnownExtension ext) {
        return put(id, ext.uri());
    }

    /** Unmaps {@code id}; false if it was not mapped. */
    public boolean remove(int id) {
        checkId(id);
        String uri = uriById[id];
        if (uri == null) {
            return false;
        }
        uriById[id] = null;
        idByUri.remove(uri);
        KnownExtension k = KnownExtension.fromUri(uri);
        if (k != null) {
            knownIds[k.ordinal()] = 0;
        }
        return true;
    }

    /** The id negotiated for {@code uri}, 0 if none. */
    public int id(String uri) {
        Integer id = uri == null ? null : idByUri.get(uri);
        return id == null ? 0 : id;
    }

    /** The id negotiated for a known extension, 0 if none. O(1), no hashing. */
    public int id(KnownExtension ext) {
        return knownIds[ext.ordinal()];
    }

    /** The URI mapped to {@code id}, null if none (or id out of range). */
    public String uri(int id) {
        return id < 1 || id > 255 ? null : uriById[id];
    }

    /** The known extension mapped to {@code id}, null if none or not known. */
    public KnownExtension known(int id) {
        return KnownExtension.fromUri(uri(id));
    }

    /** Whether {@code a=extmap-allow-mixed} was negotiated (RFC 8285 §6). */
    public boolean allowMixed() {
        return allowMixed;
    }

    public void setAllowMixed(boolean allowMixed) {
        this.allowMixed = allowMixed;
    }

    /** Number of mapped ids. */
    public int size() {
        return idByUri.size();
    }

    /**
     * Reads one SDP attribute line {@code a=extmap:<id>[/<direction>] <URI> [<attributes>]}
     * (RFC 8285 §5; the leading {@code a=} is optional) or {@code a=extmap-allow-mixed}.
     *
     * @return false for any other or malformed line, an id out of range or a conflicting mapping
     */
    public boolean parseAttribute(String line) {
        if (line == null) {
            return false;
        }
        String s = line.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.equals("extmap-allow-mixed")) {
            allowMixed = true;
            return true;
        }
        if (!s.startsWith("extmap:")) {
            return false;
        }
        s = s.substring(7);
        int sp = s.indexOf(' ');
        if (sp <= 0) {
            return false;
        }
        String idPart = s.substring(0, sp);
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            String dir = idPart.substring(slash + 1);
            if (!(dir.equals("sendrecv") || dir.equals("sendonly") || dir.equals("recvonly")
                    || dir.equals("inactive"))) {
                return false;
            }
            idPart = idPart.substring(0, slash);
        }
        if (idPart.isEmpty() || idPart.length() > 3 || !idPart.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int id = Integer.parseInt(idPart);
        String rest = s.substring(sp + 1).strip();
        int sp2 = rest.indexOf(' ');
        String uri = sp2 < 0 ? rest : rest.substring(0, sp2);
        if (id < 1 || id > 255 || uri.isEmpty()) {
            return false;
        }
        return put(id, uri);
    }

    /**
     * The id table for forwarding packets from this (incoming) session to {@code outgoing}:
     * each incoming id goes to the id {@code outgoing} negotiated for the same URI; ids whose URI
     * the outgoing side did not negotiate are stripped.
     */
    public ExtensionRewrite rewriteTo(ExtensionMap outgoing) {
        int[] pairs = new int[2 * size()];
        int k = 0;
        for (int in = 1; in < 256; in++) {
            if (uriById[in] != null) {
                pairs[k++] = in;
                pairs[k++] = outgoing.id(uriById[in]);
            }
        }
        return ExtensionRewrite.of(pairs);
    }

    private static void checkId(int id) {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id " + id);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExtensionMap[");
        for (int i = 1; i < 256; i++) {
            if (uriById[i] != null) {
                sb.append(i).append('=').append(uriById[i]).append(' ');
            }
        }
        return sb.append(allowMixed ? "mixed]" : "]").toString();
    }
}
