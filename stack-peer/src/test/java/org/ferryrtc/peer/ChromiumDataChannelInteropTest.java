package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.ferryrtc.datachannel.DataChannelOptions;
import org.ferryrtc.dtls.DtlsRole;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop case 3 with a real headless Chromium: Chromium offers DataChannels ("c1" reliable,
 * "u" unordered with maxRetransmits 0), FerryRTC answers (from a shared server port) and opens
 * "f1". 100 messages of 64 KiB and 1,000 small ones go each way and the SHA-256 of everything is
 * equal on both sides; the unordered channel carries data both ways; closing from each side is
 * seen by the other. Run with each DTLS role of ours (asserted against Chromium's getStats).
 */
@Tag("interop")
class ChromiumDataChannelInteropTest {
    private static ChromiumPeer chromium;
    private static IceEndpoint endpoint;

    @BeforeAll
    static void launch() throws Exception {
        chromium = ChromiumPeer.launch();
        endpoint = IceEndpoint.open(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void chromiumOffersDataChannelsAndBulkDataMatchesBothWays(DtlsRole ourRole) throws Exception {
        PeerConfig config = PeerConfig.server(endpoint).answerDtlsRole(ourRole).build();
        try (Peers us = new Peers(config)) {
            String offer = (String) chromium.eval(ChromiumJs.HELPERS + """
                    window.pc = new RTCPeerConnection();
                    window.dcs = {};
                    dcs.c1 = pc.createDataChannel('c1'); track(dcs.c1);
                    dcs.u = pc.createDataChannel('u', {ordered: false, maxRetransmits: 0}); track(dcs.u);
                    pc.ondatachannel = (e) => { dcs[e.channel.label] = e.channel; track(e.channel); };
                    await pc.setLocalDescription(await pc.createOffer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                    """, Duration.ofSeconds(20));
            us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
            PeerDataChannel f1 = us.pc.createDataChannel("f1", DataChannelOptions.DEFAULT);
            String answer = us.pc.createAnswer();
            us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            chromium.eval("await pc.setRemoteDescription({type: 'answer', sdp: %s}); await connected(pc); return true;"
                    .formatted(MiniJson.quote(answer)), Duration.ofSeconds(25));
            us.awaitState(PeerConnectionState.CONNECTED, 15);

            PeerEvent.DataChannelOpen c1 = us.await(PeerEvent.DataChannelOpen.class, e -> e.channel().label().equals("c1"), 10);
            PeerEvent.DataChannelOpen u = us.await(PeerEvent.DataChannelOpen.class, e -> e.channel().label().equals("u"), 10);
            us.await(PeerEvent.DataChannelOpen.class, e -> e.channel() == f1, 10);
            assertTrue(c1.remote() && u.remote());
            assertFalse(u.channel().options().ordered(), "the unordered channel is unordered on our side too");
            assertEquals(0, u.channel().options().maxRetransmits());

            Map<?, ?> t = (Map<?, ?>) chromium.eval("return await transportStats(pc);", Duration.ofSeconds(10));
            assertEquals(ourRole == DtlsRole.CLIENT ? "server" : "client", t.get("dtlsRole"), "Chromium's DTLS role: " + t);
            assertEquals(ourRole == DtlsRole.CLIENT, us.pc.stats().dtlsClient());

            // the page sends on c1 while we send on f1
            chromium.eval("window.pageSent = sendAll(dcs.c1); return true;", Duration.ofSeconds(10));
            MessageDigest sent = sha256();
            Random r = new Random(ourRole.ordinal());
            for (int i = 0; i < 100; i++) {
                byte[] b = new byte[65536];
                r.nextBytes(b);
                sent.update(b);
                assertTrue(f1.send(b));
            }
            for (int i = 0; i < 1000; i++) {
                String s = "small-" + i + "-" + "x".repeat(i % 50);
                sent.update(s.getBytes(StandardCharsets.UTF_8));
                assertTrue(f1.send(s));
            }
            String ourSha = HexFormat.of().formatHex(sent.digest());

            // receive what the page sent on c1
            MessageDigest got = sha256();
            int n = 0;
            while (n < 1100) {
                PeerEvent.DataChannelMessage m = us.await(PeerEvent.DataChannelMessage.class,
                        e -> e.channel().label().equals("c1"), 60);
                got.update(m.data());
                n++;
            }
            String pageSha = (String) chromium.eval("return await pageSent;", Duration.ofSeconds(60));
            assertEquals(pageSha, HexFormat.of().formatHex(got.digest()), "SHA-256 of Chromium -> FerryRTC");
            Map<?, ?> pageRx = (Map<?, ?>) chromium.eval("return await received('f1', 1100, 60000);", Duration.ofSeconds(70));
            assertEquals(1100.0, pageRx.get("n"));
            assertEquals(ourSha, pageRx.get("sha"), "SHA-256 of FerryRTC -> Chromium");

            // the unordered, unreliable channel carries data both ways
            chromium.eval("for (let i = 0; i < 50; i++) dcs.u.send('u' + i); return true;", Duration.ofSeconds(10));
            us.await(PeerEvent.DataChannelMessage.class, e -> e.channel().label().equals("u"), 10);
            for (int i = 0; i < 50; i++) {
                assertTrue(u.channel().send("back" + i));
            }
            Map<?, ?> uRx = (Map<?, ?>) chromium.eval("return await received('u', 1, 10000);", Duration.ofSeconds(15));
            assertTrue(((Double) uRx.get("n")) >= 1, "Chromium got data on the unordered channel: " + uRx);

            // closing from each side is seen by the other
            chromium.eval("dcs.c1.close(); return true;", Duration.ofSeconds(5));
            us.await(PeerEvent.DataChannelClosed.class, e -> e.channel().label().equals("c1"), 10);
            f1.close();
            Object closed = chromium.eval("""
                    const t0 = Date.now();
                    while (!rx.f1.closed && Date.now() - t0 < 10000) await new Promise(r => setTimeout(r, 20));
                    return rx.f1.closed;
                    """, Duration.ofSeconds(15));
            assertEquals(Boolean.TRUE, closed, "Chromium saw our close of f1");
            assertEquals(0, us.pc.stats().counter("dataChannelSendFailures"));
            chromium.eval("pc.close(); return true;", Duration.ofSeconds(5));
        }
    }
}
