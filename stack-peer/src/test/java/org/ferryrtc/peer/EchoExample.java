package org.ferryrtc.peer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.ferryrtc.peer.media.RtpSessionConfig;

/**
 * The first thing an embedder copies: answer a browser's offer and echo its media and
 * DataChannel messages back, using only stack-peer. Paste the browser's offer SDP on stdin
 * (end with an empty line); the answer is printed. Runs until the browser leaves.
 *
 * <pre>
 * // in the browser
 * const pc = new RTCPeerConnection();
 * const s = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
 * s.getTracks().forEach((t) =&gt; pc.addTrack(t, s));
 * pc.createDataChannel('chat');
 * await pc.setLocalDescription(await pc.createOffer());
 * // wait for ICE gathering, copy pc.localDescription.sdp, then:
 * await pc.setRemoteDescription({type: 'answer', sdp: answerFromJava});
 * </pre>
 */
public final class EchoExample {
    private EchoExample() {
    }

    public static void main(String[] args) throws Exception {
        String offer = readSdp();
        CountDownLatch done = new CountDownLatch(1);
        LocalTrack[] out = new LocalTrack[2]; // [audio, video]
        RemoteTrack[] video = new RemoteTrack[1];

        PeerConfig config = PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1")))
                .deliverPackets(true) // relay RTP packets as they come (no re-packetizing)
                .build();
        // The listener runs on the connection's own thread: keep it short, never block.
        PeerConnection pc = PeerConnection.create(config, e -> {
            if (e instanceof PeerEvent.RemoteTrackAdded a) {
                boolean isAudio = a.track().kind() == RtpSessionConfig.Kind.AUDIO;
                if (!isAudio) {
                    video[0] = a.track();
                }
                a.track().onPacket((track, p) -> out[isAudio ? 0 : 1].sendRtp(p.buffer(), 0, p.length()));
            } else if (e instanceof PeerEvent.KeyframeRequested && video[0] != null) {
                video[0].requestKeyframe(); // the browser decoding our echo wants a keyframe: ask its sender
            } else if (e instanceof PeerEvent.DataChannelMessage m) {
                if (m.binary()) {
                    m.channel().send(m.data());
                } else {
                    m.channel().send("echo: " + m.text());
                }
            } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
                System.err.println("connection: " + s.state());
                if (s.state() == PeerConnectionState.CLOSED || s.state() == PeerConnectionState.FAILED) {
                    done.countDown();
                }
            }
        });
        pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
        out[0] = pc.addTrack(RtpSessionConfig.Kind.AUDIO, "opus");
        out[1] = pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
        String answer = pc.createAnswer();
        pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
        System.out.println(answer);
        done.await();
        System.err.println(pc.stats());
        pc.close();
    }

    private static String readSdp() throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder sdp = new StringBuilder();
        for (String line; (line = in.readLine()) != null && !line.isBlank(); ) {
            sdp.append(line.strip()).append("\r\n");
        }
        return sdp.toString();
    }
}
