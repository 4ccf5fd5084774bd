/**
 * The sans-IO RTP media session of a PeerConnection: {@link org.ferryrtc.peer.media.RtpSession}
 * sits between SRTP and the application and does what RFC 3550 (RTP/RTCP), RFC 4585 (NACK, PLI),
 * RFC 4588 (RTX), RFC 5104 (FIR), RFC 8843 §9.2 (mid routing) and transport-wide congestion
 * control feedback ask of a WebRTC endpoint, reusing the views and building blocks of stack-rtp
 * ({@code org.ferryrtc.rtp}, {@code org.ferryrtc.rtcp}, {@code org.ferryrtc.rtp.codec}).
 *
 * <p>Public: {@link org.ferryrtc.peer.media.RtpSession}, its configuration
 * {@link org.ferryrtc.peer.media.RtpSessionConfig} and the events it emits,
 * {@link org.ferryrtc.peer.media.MediaEvent}. Everything else is package-private.
 */
package org.ferryrtc.peer.media;
