package org.ferryrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an offer/answer exchange settled for one m-line (RFC 8829 §5.10/§5.11, RFC 3264 §6),
 * seen from our side.
 *
 * <ul>
 * <li>{@code index}, {@code mid}, {@code kind}; {@code rejected} when either side put port 0
 *     without bundle-only (then only these and {@code direction} = inactive matter);
 * <li>{@code direction}: what we do, from both descriptions (we send only if we said so and
 *     the peer receives, and the other way round);
 * <li>{@code payloadTypes}: the answer's non-RTX payload types, answer order, each with the
 *     answer's name/clock/channels/feedback and the <em>remote</em> side's fmtp (what the peer
 *     wants to receive); {@code rtxPayloadTypes}: RTX payload type to the one it repairs;
 * <li>{@code extensions}: header extension id to URI (RFC 8285), from the answer;
 * <li>{@code remoteSsrcs} (distinct, in order) and {@code remoteRtxSsrcs} (FID primary to
 *     RTX, RFC 5576 §4.2);
 * <li>the remote ICE credentials, fingerprints and candidates (for a bundled section: those of
 *     the section owning the BUNDLE transport, falling back to the section's own);
 *     {@code bundleMid} names the section owning the transport (null without BUNDLE);
 *     {@code remoteIceOptions} (e.g. trickle, RFC 8840), {@code remoteIceLite} (RFC 8445 §2.5:
 *     then we are the controlling agent) and {@code remoteEndOfCandidates} (RFC 8838 §8.2);
 * <li>{@code localSetup}: our DTLS role, ACTIVE (DTLS client) or PASSIVE (server), RFC 8842;
 * <li>{@code rtcpMux}, {@code rtcpRsize}: negotiated when both sides have them;
 *     {@code extmapAllowMixed}: both sides allow one- and two-byte header extensions mixed
 *     (RFC 8285 §6);
 * <li>SCTP (application sections, RFC 8841): our and the remote port, and the largest message
 *     the remote accepts (65536 when absent; 0 = no limit); 0 for other sections.
 * </ul>
 */
public record NegotiatedMedia(int index, String mid, String kind, boolean rejected,
        Direction direction, Map<Integer, Codec> payloadTypes, Map<Integer, Integer> rtxPayloadTypes,
        Map<Integer, String> extensions, List<Long> remoteSsrcs, Map<Long, Long> remoteRtxSsrcs,
        String remoteIceUfrag, String remoteIcePwd, List<String> remoteIceOptions,
        boolean remoteIceLite, List<Fingerprint> remoteFingerprints, List<Candidate> remoteCandidates,
        boolean remoteEndOfCandidates, String bundleMid, Setup localSetup, boolean rtcpMux,
        boolean rtcpRsize, boolean extmapAllowMixed, int localSctpPort, int remoteSctpPort,
        long remoteMaxMessageSize) {

    public NegotiatedMedia {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(direction);
        payloadTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payloadTypes));
        rtxPayloadTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rtxPayloadTypes));
        extensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
        remoteSsrcs = List.copyOf(remoteSsrcs);
        remoteRtxSsrcs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(remoteRtxSsrcs));
        remoteIceOptions = List.copyOf(remoteIceOptions);
        remoteFingerprints = List.copyOf(remoteFingerprints);
        remoteCandidates = List.copyOf(remoteCandidates);
    }

    /** True if we are the DTLS client (our setup is active). */
    public boolean dtlsClient() {
        return localSetup == Setup.ACTIVE;
    }

    /** The extension id for {@code uri}, or -1 if not negotiated. */
    public int extensionId(String uri) {
        for (Map.Entry<Integer, String> e : extensions.entrySet()) {
            if (e.getValue().equals(uri)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The first payload type whose codec is named {@code name} (any case), or -1. */
    public int payloadTypeOf(String name) {
        for (Map.Entry<Integer, Codec> e : payloadTypes.entrySet()) {
            if (e.getValue().is(name)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The RTX payload type repairing {@code pt}, or -1. */
    public int rtxPayloadTypeFor(int pt) {
        for (Map.Entry<Integer, Integer> e : rtxPayloadTypes.entrySet()) {
            if (e.getValue() == pt) {
                return e.getKey();
            }
        }
        return -1;
    }
}
