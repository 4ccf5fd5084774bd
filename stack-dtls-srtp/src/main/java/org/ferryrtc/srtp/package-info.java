/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) on the JDK's JCE, in place and allocation-free for the
 * AES-CM profiles.
 *
 * <p>From a DTLS-SRTP handshake: take the negotiated {@link org.ferryrtc.srtp.SrtpProfile}
 * and the {@code EXTRACTOR-dtls_srtp} keying material, split it with
 * {@link org.ferryrtc.srtp.SrtpKeys#fromKeyingMaterial}, and create one
 * {@link org.ferryrtc.srtp.SrtpContext#outbound outbound} and one
 * {@link org.ferryrtc.srtp.SrtpContext#inbound inbound} context. Each call returns an
 * {@link org.ferryrtc.srtp.SrtpResult}; the new packet length is
 * {@link org.ferryrtc.srtp.SrtpContext#length()}.
 *
 * <pre>
 * SrtpKeys keys = SrtpKeys.fromKeyingMaterial(profile, exported, isDtlsClient);
 * SrtpContext out = SrtpContext.outbound(keys, SrtpPolicy.DEFAULT);
 * SrtpContext in = SrtpContext.inbound(keys, SrtpPolicy.DEFAULT);
 * if (out.protectRtp(buf, off, len) == SrtpResult.OK) send(buf, off, out.length());
 * if (in.unprotectRtp(buf, off, len) == SrtpResult.OK) deliver(buf, off, in.length());
 * </pre>
 */
package org.ferryrtc.srtp;
