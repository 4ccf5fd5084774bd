/**
 * The WebRTC {@link org.ferryrtc.peer.PeerConnection} an embedder uses: JSEP offer/answer over
 * SDP strings (RFC 8829), ICE with trickle and consent freshness (RFC 8445, 8838, 7675),
 * DTLS-SRTP (RFC 5764, 7714), RTP/RTCP media (RFC 3550, 4585, 4588) and DataChannels
 * (RFC 8831, 8832), on one BUNDLEd 5-tuple demultiplexed per RFC 7983.
 *
 * <p>Answering a browser and echoing its media (the full program is {@code EchoExample} in this
 * module's tests):
 *
 * <pre>{@code
 * PeerConfig config = PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1")))
 *         .deliverPackets(true).build();
 * LocalTrack[] out = new LocalTrack[2];
 * PeerConnection pc = PeerConnection.create(config, e -> {   // runs on the owner thread: never block
 *     if (e instanceof PeerEvent.RemoteTrackAdded a) {
 *         int i = a.track().kind() == RtpSessionConfig.Kind.AUDIO ? 0 : 1;
 *         a.track().onPacket((t, p) -> out[i].sendRtp(p.buffer(), 0, p.length()));
 *     }
 * });
 * pc.setRemoteDescription(PeerConnection.SdpType.OFFER, browserOffer);
 * out[0] = pc.addTrack(RtpSessionConfig.Kind.AUDIO, "opus");
 * out[1] = pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
 * String answer = pc.createAnswer();
 * pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);   // send the answer to the browser
 * }</pre>
 *
 * <p>Threads (DESIGN §4): each connection is pinned to one event-loop thread of a
 * {@link org.ferryrtc.peer.PeerLoops} (its owner thread, shared with other connections;
 * {@link org.ferryrtc.peer.PeerConfig.Builder#loops}, default: one process-wide pool with a thread
 * per processor); ice4j and the DTLS handshake pool only enqueue to it. Events, frames and packets
 * are delivered on that thread, so handlers must not block, and synchronous calls on
 * <em>another</em> connection from a handler fail fast (see {@link org.ferryrtc.peer.PeerLoops}).
 */
package org.ferryrtc.peer;
