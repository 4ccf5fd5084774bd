/**
 * SDP (RFC 8866) and JSEP offer/answer (RFC 8829) for FerryRTC: a pure model and pure
 * functions, JDK only, no I/O, no clocks, no threads.
 *
 * <h2>Model</h2>
 * {@link org.ferryrtc.sdp.SessionDescription} and {@link org.ferryrtc.sdp.MediaDescription} are
 * immutable records holding every line: the RFC 8866 §5 session lines, the WebRTC attributes
 * parsed into typed records ({@link org.ferryrtc.sdp.Candidate}, {@link org.ferryrtc.sdp.RtpMap},
 * {@link org.ferryrtc.sdp.Fmtp}, {@link org.ferryrtc.sdp.RtcpFb}, {@link org.ferryrtc.sdp.Extmap},
 * {@link org.ferryrtc.sdp.SsrcAttribute}, {@link org.ferryrtc.sdp.Rid},
 * {@link org.ferryrtc.sdp.Simulcast}, ...), and unknown attributes verbatim
 * ({@link org.ferryrtc.sdp.Attribute}).
 *
 * <pre>
 * SessionDescription sd = SessionDescription.parse(text);   // throws SdpParseException only
 * String again = sd.write();                                // CRLF, RFC 8866 §5 order
 * assert SessionDescription.parse(again).equals(sd);
 * </pre>
 *
 * <p>Parsing is liberal where real peers differ (DESIGN §6): LF or CRLF, trailing whitespace,
 * codec names in any case, arbitrary mids, fmtp/rtcp-fb for payload types not on the m-line
 * (kept, not attached to a codec), TCP candidates (kept, {@link
 * org.ferryrtc.sdp.Candidate#isUdp()} filters), port 0 with bundle-only (not rejected), absent
 * sctp-port / max-message-size (5000 / 65536 via the {@code effective*} accessors). Malformed
 * input gives a {@link org.ferryrtc.sdp.SdpParseException} naming the 1-based line, the line and
 * the reason.
 *
 * <h2>Negotiation</h2>
 * {@link org.ferryrtc.sdp.OfferAnswer} builds offers and answers from
 * {@link org.ferryrtc.sdp.LocalCapabilities} and reads the result of an exchange into one
 * {@link org.ferryrtc.sdp.NegotiatedMedia} per m-line:
 *
 * <pre>
 * LocalCapabilities caps = LocalCapabilities.builder(ufrag, pwd, Fingerprint.of("sha-256", certHash))
 *         .addStream(new LocalStream("video", ssrc, rtxSsrc, cname, streamId, trackId))
 *         .build();
 * SessionDescription answer = OfferAnswer.createAnswer(SessionDescription.parse(remoteOffer), caps);
 * List&lt;NegotiatedMedia&gt; media = OfferAnswer.negotiatedAsAnswerer(offer, answer);
 * </pre>
 */
package org.ferryrtc.sdp;
