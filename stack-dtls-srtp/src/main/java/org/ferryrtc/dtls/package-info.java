/**
 * DTLS 1.2 for WebRTC (RFC 6347, RFC 5764, RFC 8827 §6.5) over BouncyCastle bctls, behind an API
 * with no BouncyCastle type in it.
 *
 * <ul>
 *   <li>{@link org.ferryrtc.dtls.DtlsCertificate}: our self-signed ECDSA P-256 (or RSA-2048)
 *       certificate and its SDP fingerprint.</li>
 *   <li>{@link org.ferryrtc.dtls.DtlsFingerprint}: SDP {@code a=fingerprint} values
 *       (RFC 8122 §5; sha-1/224/256/384/512, hex in either case).</li>
 *   <li>{@link org.ferryrtc.dtls.DtlsConfig}, {@link org.ferryrtc.dtls.DtlsSessionFactory},
 *       {@link org.ferryrtc.dtls.DtlsSession}: one association, driven by its owner thread with
 *       {@code handleInput} / {@code pollTransmit} / {@code pollEvent} / {@code send} /
 *       {@code close}.</li>
 *   <li>{@link org.ferryrtc.dtls.DtlsEvent}: HandshakeComplete (with
 *       {@link org.ferryrtc.dtls.DtlsSrtpKeys} for SRTP: its {@code srtpKeys()} feeds
 *       {@code org.ferryrtc.srtp.SrtpContext}), HandshakeFailed, ApplicationData, Closed.</li>
 * </ul>
 *
 * <p>What is negotiated: DTLS 1.2 only (a DTLS 1.3 + 1.2 ClientHello, such as Chromium 156's
 * two-datagram one with an X25519MLKEM768 key share, gets a 1.2 ServerHello), ECDHE_ECDSA or
 * ECDHE_RSA with AES-128/256-GCM, extended master secret required (RFC 7627), a client
 * certificate required and checked against the SDP fingerprint, use_srtp with a configurable
 * preference (AEAD_AES_128_GCM, AEAD_AES_256_GCM, AES128_CM_HMAC_SHA1_80, _32 by default). The
 * server skips HelloVerifyRequest: ICE has already checked the peer's address.
 *
 * <p>Threads and time: BC's handshake blocks and keeps real-time retransmission timers, so it
 * runs on a bounded pool; everything after the handshake runs on the owner thread without
 * blocking. Consequently the handshake cannot run in virtual time: tests use a queue-based
 * in-memory link with seeded loss and bounded waits.
 *
 * <p>Where bctls 1.84 needed help (each covered by tests): a lost CertificateVerify with a
 * ChangeCipherSpec that arrives stalls BC's server for good (held back by
 * {@code ServerFlightGate}); BC drops a whole datagram whose first record is not of its current
 * read epoch (records are handed to it one by one during the handshake); BC re-sends the
 * server's final flight only after re-receiving the client's whole flight (we resend it
 * ourselves); and malformed or short records, or unauthenticated epoch-0 records after the
 * handshake, make BC fail the connection with decode_error, so they are dropped before BC sees
 * them.
 */
package org.ferryrtc.dtls;
