package org.ferryrtc.ice;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ferryrtc.testkit.ChromiumPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real headless Chromium against our ICE agent on a shared server port (DESIGN §6): Chromium
 * offers a DataChannel, we answer from the shared port as the controlled agent with
 * {@code a=setup:passive}, and both ICE agents must reach connected. Chromium then starts
 * DTLS as client over the selected pair, so our packet handler must see its ClientHello
 * (RFC 7983: first byte 20..63) — proof that non-STUN datagrams reach the session. The
 * ClientHello datagrams are saved under target/ for the DTLS tests to study.
 */
@Tag("interop")
class ChromiumIceInteropTest {
    private static final Pattern UFRAG = Pattern.compile("^a=ice-ufrag:(\\S+)", Pattern.MULTILINE);
    private static final Pattern PWD = Pattern.compile("^a=ice-pwd:(\\S+)", Pattern.MULTILINE);
    private static final Pattern MID = Pattern.compile("^a=mid:(\\S+)", Pattern.MULTILINE);
    private static final Pattern CANDIDATE = Pattern.compile(
            "^a=candidate:(\\S+) (\\d+) (\\S+) (\\d+) (\\S+) (\\d+) typ (\\S+)", Pattern.MULTILINE);

    @Test
    void chromiumConnectsToOurSharedPortAndItsDtlsReachesUs() throws Exception {
        LinkedBlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();
        CompletableFuture<IceState> connected = new CompletableFuture<>();
        try (IceEndpoint endpoint = IceEndpoint.open(InetAddress.getByName("127.0.0.1"), 0);
                ChromiumPeer chromium = ChromiumPeer.launch()) {
            IceSession session = endpoint.newSession(false, (s, e) -> {
                if (e instanceof IceEvent.StateChanged sc && sc.state() == IceState.CONNECTED) {
                    connected.complete(sc.state());
                }
            }, (buf, off, len) -> datagrams.add(java.util.Arrays.copyOfRange(buf, off, off + len)));
            try {
                String offer = (String) chromium.eval("""
                        window.pc = new RTCPeerConnection();
                        window.dc = pc.createDataChannel('probe');
                        await pc.setLocalDescription(await pc.createOffer());
                        await new Promise(r => { if (pc.iceGatheringState === 'complete') r();
                            pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
                        return pc.localDescription.sdp;
                        """, Duration.ofSeconds(20));
                session.setRemoteCredentials(new IceCredentials(find(UFRAG, offer), find(PWD, offer)));
                int added = 0;
                for (IceCandidate c : candidates(offer)) {
                    if (session.addRemoteCandidate(c)) {
                        added++;
                    }
                }
                assertTrue(added > 0, "Chromium offered no usable loopback UDP candidate:\n" + offer);

                IceCredentials ours = session.localCredentials();
                IceCandidate host = session.localCandidates().get(0);
                String answer = String.join("\r\n",
                        "v=0",
                        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
                        "s=-",
                        "t=0 0",
                        "a=group:BUNDLE " + find(MID, offer),
                        "m=application " + host.port() + " UDP/DTLS/SCTP webrtc-datachannel",
                        "c=IN IP4 127.0.0.1",
                        "a=mid:" + find(MID, offer),
                        "a=ice-ufrag:" + ours.ufrag(),
                        "a=ice-pwd:" + ours.password(),
                        // any well-formed fingerprint: this test stops at the ClientHello
                        "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB",
                        "a=setup:passive",
                        "a=sctp-port:5000",
                        "a=candidate:" + host.foundation() + " 1 udp " + host.priority() + " " + host.address() + " "
                                + host.port() + " typ host",
                        "a=end-of-candidates",
                        "");
                session.start();
                Object state = chromium.eval("""
                        await pc.setRemoteDescription({type: 'answer', sdp: %s});
                        await new Promise((resolve, reject) => {
                          const check = () => {
                            if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') resolve();
                            if (pc.iceConnectionState === 'failed') reject(new Error('ICE failed in Chromium'));
                          };
                          pc.oniceconnectionstatechange = check; check();
                          setTimeout(() => reject(new Error('ICE timeout: ' + pc.iceConnectionState)), 15000);
                        });
                        return pc.iceConnectionState;
                        """.formatted(org.ferryrtc.testkit.MiniJson.quote(answer)), Duration.ofSeconds(25));
                assertTrue(state.equals("connected") || state.equals("completed"), "Chromium ICE: " + state);
                assertEquals(IceState.CONNECTED, connected.get(15, TimeUnit.SECONDS));

                byte[] first = datagrams.poll(10, TimeUnit.SECONDS);
                assertNotNull(first, "no datagram from Chromium after ICE connected");
                int b0 = first[0] & 0xFF;
                assertTrue(b0 >= 20 && b0 <= 63, "RFC 7983: expected DTLS, first byte " + b0);
                assertEquals(22, b0, "a DTLS handshake record (ClientHello)");
                assertTrue(datagrams.stream().noneMatch(d -> (d[0] & 0xFF) < 2),
                        "STUN (first byte 0..3) must never reach the packet handler");

                Path dir = Path.of("target", "chromium-" + chromium.version().replace('.', '_'));
                Files.createDirectories(dir);
                Files.write(dir.resolve("clienthello-0.bin"), first);
                byte[] more;
                int n = 1;
                while ((more = datagrams.poll(500, TimeUnit.MILLISECONDS)) != null && n < 4) {
                    Files.write(dir.resolve("clienthello-" + n++ + ".bin"), more);
                }
            } finally {
                session.close();
            }
        }
    }

    private static String find(Pattern p, String sdp) {
        Matcher m = p.matcher(sdp);
        assertTrue(m.find(), p + " not in\n" + sdp);
        return m.group(1);
    }

    private static List<IceCandidate> candidates(String sdp) {
        List<IceCandidate> out = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(sdp);
        while (m.find()) {
            out.add(new IceCandidate(m.group(1), Integer.parseInt(m.group(2)), m.group(3).toLowerCase(),
                    Long.parseLong(m.group(4)), m.group(5), Integer.parseInt(m.group(6)), m.group(7), null, -1));
        }
        return out;
    }
}
