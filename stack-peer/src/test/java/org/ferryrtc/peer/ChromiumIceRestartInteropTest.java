package org.ferryrtc.peer;

import org.ferryrtc.ice.IceServer;
import org.ferryrtc.testkit.Coturn;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ferryrtc.ice.IceEndpoint;
import org.ferryrtc.ice.IceSession;
import org.ferryrtc.ice.IceState;
import org.ferryrtc.testkit.ChromiumPeer;
import org.ferryrtc.testkit.MiniJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ICE restart (RFC 8445 §9, RFC 8829 §3.5.1) with a real headless Chromium, after the
 * DataChannel is open: either the page calls {@code pc.restartIce()} and re-offers (FerryRTC
 * answers with new credentials), or FerryRTC restarts and Chromium answers. Afterwards the
 * page's selected candidate pair uses the new ICE credentials, its iceConnectionState is
 * connected again, FerryRTC swapped (and closed) its ICE session without a new DTLS handshake,
 * and messages flow both ways, in order, before and after.
 *
 * <p>FerryRTC runs ICE on 127.0.0.1, standalone or on a shared {@link IceEndpoint} port. In
 * the restart Chromium initiates, Chromium checks our old session from its new ports with our old
 * credentials before our answer reaches it: our old session must not answer those (else Chromium
 * selects a pair to it and our new session never completes), and on a shared port the new
 * session must still get the checks from those addresses.
 */
@Tag("interop")
class ChromiumIceRestartInteropTest {
    private static ChromiumPeer chromium;

    /** Page helpers: a restart-aware wait on the selected pair's ufrag. */
    private static final String JS = ChromiumJs.HELPERS + """
            window.gatheredAgain = () => new Promise((r) => {
              const f = () => { if (pc.iceGatheringState === 'complete') { pc.removeEventListener('icegatheringstatechange', f); r(); } };
              pc.addEventListener('icegatheringstatechange', f);
            });
            window.selectedUfrag = async () => {
              const s = await pc.getStats(); let t = null; const byId = {};
              s.forEach((r) => { byId[r.id] = r; if (r.type === 'transport') t = r; });
              if (!t || !t.selectedCandidatePairId) return null;
              const pair = byId[t.selectedCandidatePairId];
              const local = pair && byId[pair.localCandidateId];
              return local ? local.usernameFragment || null : null;
            };
            window.restartedTo = async (ufrag, ms) => {
              const t0 = Date.now(); let u = null;
              while (Date.now() - t0 < ms) {
                u = await selectedUfrag();
                const st = pc.iceConnectionState;
                if (u === ufrag && (st === 'connected' || st === 'completed')) return {ufrag: u, state: st, states: iceStates};
                await new Promise((r) => setTimeout(r, 50));
              }
              return {ufrag: u, state: pc.iceConnectionState, states: iceStates};
            };
            """;

    @BeforeAll
    static void launch() throws Exception {
        chromium = ChromiumPeer.launch();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /**
     * @param turn our standalone side also has a STUN/TURN server (a real coturn): its sessions
     *     then run ice4j's TURN client, and the stale-check gate must be in place all the same
     */
    @ParameterizedTest(name = "chromiumRestarts={0}, sharedPort={1}, turn={2}")
    @CsvSource({"true, false, false", "false, false, false", "true, true, false", "false, true, false",
            "true, false, true", "false, false, true"})
    void restartAfterTheChannelIsOpen(boolean chromiumRestarts, boolean sharedPort, boolean turn) throws Exception {
        java.net.InetAddress lo = java.net.InetAddress.getByName("127.0.0.1");
        try (Coturn coturn = turn ? Coturn.start(lo) : null;
                IceEndpoint endpoint = IceEndpoint.open(lo, 0);
                Peers us = new Peers(sharedPort ? PeerConfig.server(endpoint).build()
                        : turn ? Peers.loopback().iceServers(List.of(new IceServer.Turn(coturn.address(), Coturn.USER, Coturn.PASSWORD))).build() : Peers.loopback().build())) {
            String offer = (String) chromium.eval(JS + """
                    window.pc = new RTCPeerConnection();
                    window.iceStates = [];
                    pc.addEventListener('iceconnectionstatechange', () => iceStates.push(pc.iceConnectionState));
                    window.dc = pc.createDataChannel('c1'); track(dc);
                    await pc.setLocalDescription(await pc.createOffer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                    """, Duration.ofSeconds(20));
            us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer);
            String answer = us.pc.createAnswer();
            us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            chromium.eval("await pc.setRemoteDescription({type: 'answer', sdp: %s}); await connected(pc); return true;"
                    .formatted(MiniJson.quote(answer)), Duration.ofSeconds(25));
            us.awaitState(PeerConnectionState.CONNECTED, 15);
            PeerDataChannel c1 = us.await(PeerEvent.DataChannelOpen.class, e -> e.channel().label().equals("c1"), 10).channel();
            exchange(us, c1, "before", 0);

            IceSession old = us.pc.iceSession();
            int seenBefore = us.seen.size();
            String newPageUfrag;
            if (chromiumRestarts) {
                String reoffer = (String) chromium.eval("""
                        iceStates.length = 0;
                        pc.restartIce();
                        const g = gatheredAgain();
                        await pc.setLocalDescription(await pc.createOffer());
                        await g;
                        return pc.localDescription.sdp;
                        """, Duration.ofSeconds(20));
                assertNotEquals(ufrag(offer), ufrag(reoffer), "Chromium offers new credentials");
                us.pc.setRemoteDescription(PeerConnection.SdpType.OFFER, reoffer);
                String reanswer = us.pc.createAnswer();
                assertNotEquals(ufrag(answer), ufrag(reanswer), "we answer with new credentials");
                us.pc.setLocalDescription(PeerConnection.SdpType.ANSWER, reanswer);
                chromium.eval("await pc.setRemoteDescription({type: 'answer', sdp: %s}); return true;"
                        .formatted(MiniJson.quote(reanswer)), Duration.ofSeconds(10));
                newPageUfrag = ufrag(reoffer);
            } else {
                us.pc.restartIce();
                String reoffer = us.pc.createOffer();
                assertNotEquals(ufrag(answer), ufrag(reoffer), "we offer new credentials");
                assertTrue(reoffer.contains("a=setup:" + (us.pc.stats().dtlsClient() ? "active" : "passive")),
                        "the re-offer keeps our DTLS role");
                us.pc.setLocalDescription(PeerConnection.SdpType.OFFER, reoffer);
                String reanswer = (String) chromium.eval("""
                        iceStates.length = 0;
                        await pc.setRemoteDescription({type: 'offer', sdp: %s});
                        const g = gatheredAgain();
                        await pc.setLocalDescription(await pc.createAnswer());
                        await g;
                        return pc.localDescription.sdp;
                        """.formatted(MiniJson.quote(reoffer)), Duration.ofSeconds(20));
                assertNotEquals(ufrag(offer), ufrag(reanswer), "Chromium answers with new credentials");
                us.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, reanswer);
                newPageUfrag = ufrag(reanswer);
            }
            Map<?, ?> page = (Map<?, ?>) chromium.eval("return await restartedTo(%s, 15000);"
                    .formatted(MiniJson.quote(newPageUfrag)), Duration.ofSeconds(20));
            assertEquals(newPageUfrag, page.get("ufrag"), "the page's selected pair uses the new credentials: " + page);
            assertTrue(List.of("connected", "completed").contains(page.get("state")), "page ICE state: " + page);
            long end = System.nanoTime() + 15_000_000_000L;
            while (us.pc.iceSession() == old && System.nanoTime() < end) {
                us.events.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS); // a wake-up signal only
            }
            assertNotSame(old, us.pc.iceSession(), "FerryRTC swapped its ICE session");
            List<IceState> states = us.seen.subList(seenBefore, us.seen.size()).stream()
                    .filter(e -> e instanceof PeerEvent.IceStateChanged).map(e -> ((PeerEvent.IceStateChanged) e).state())
                    .filter(st -> st != IceState.COMPLETED).toList();
            assertEquals(List.of(IceState.CHECKING, IceState.CONNECTED), states, "our ICE state over the restart");
            assertEquals(IceState.CLOSED, old.state(), "and closed the old one");
            assertEquals(1L, us.pc.stats().counter("iceRestarts"));
            assertEquals(PeerConnectionState.CONNECTED, us.pc.state());
            exchange(us, c1, "after", 1);
            assertEquals(1, us.seen.stream().filter(e -> e instanceof PeerEvent.DtlsConnected).count(), "no new DTLS handshake");
            if (turn) {
                assertTrue(us.seen.stream().anyMatch(e -> e instanceof PeerEvent.LocalCandidate lc
                        && lc.candidate().contains(" typ relay")), "our sessions gathered from coturn: " + us.seen);
            }
            chromium.eval("pc.close(); return true;", Duration.ofSeconds(5));
        }
    }

    /**
     * FerryRTC on a shared {@link IceEndpoint} port offers (the gateway calling a browser):
     * our session checks Chromium's candidates from the shared socket as the controlling agent,
     * the DataChannel we open reaches the page, and messages flow both ways.
     */
    @org.junit.jupiter.api.Test
    void aSharedPortSessionOffersToChromium() throws Exception {
        try (IceEndpoint endpoint = IceEndpoint.open(java.net.InetAddress.getByName("127.0.0.1"), 0);
                Peers us = new Peers(PeerConfig.server(endpoint).build())) {
            PeerDataChannel c1 = us.pc.createDataChannel("c1", org.ferryrtc.datachannel.DataChannelOptions.DEFAULT);
            String offer = us.pc.createOffer();
            us.pc.setLocalDescription(PeerConnection.SdpType.OFFER, offer);
            assertTrue(offer.contains(" " + endpoint.localAddress().getPort() + " typ host"), "offers the shared port");
            String answer = (String) chromium.eval(JS + """
                    window.pc = new RTCPeerConnection();
                    window.iceStates = [];
                    pc.ondatachannel = (e) => { window.dc = e.channel; track(e.channel); };
                    await pc.setRemoteDescription({type: 'offer', sdp: %s});
                    await pc.setLocalDescription(await pc.createAnswer());
                    await gathered(pc);
                    return pc.localDescription.sdp;
                    """.formatted(MiniJson.quote(offer)), Duration.ofSeconds(20));
            us.pc.setRemoteDescription(PeerConnection.SdpType.ANSWER, answer);
            us.awaitState(PeerConnectionState.CONNECTED, 20);
            assertTrue(us.pc.iceSession().isControlling(), "the offerer controls (RFC 8445 §6.1.1)");
            chromium.eval("""
                    const t0 = Date.now();
                    while ((!window.dc || dc.readyState !== 'open') && Date.now() - t0 < 15000) await new Promise((r) => setTimeout(r, 20));
                    return true;
                    """, Duration.ofSeconds(20));
            exchange(us, c1, "offered", 0);
            chromium.eval("pc.close(); return true;", Duration.ofSeconds(5));
        }
    }

    /** 20 messages each way on c1, checked in order on both sides. */
    private static void exchange(Peers us, PeerDataChannel c1, String tag, int round) throws Exception {
        // Our DataChannelOpen can come before the page's channel is open (the page waits for our ACK).
        chromium.eval("""
                const t0 = Date.now();
                while (dc.readyState !== 'open' && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 20));
                for (let i = 0; i < 20; i++) dc.send('page-%s-' + i);
                return true;
                """.formatted(tag), Duration.ofSeconds(15));
        for (int i = 0; i < 20; i++) {
            assertTrue(c1.send("ferry-" + tag + "-" + i));
        }
        for (int i = 0; i < 20; i++) {
            PeerEvent.DataChannelMessage m = us.await(PeerEvent.DataChannelMessage.class, e -> true, 15);
            assertEquals("page-" + tag + "-" + i, m.text());
        }
        Object texts = chromium.eval("""
                const t0 = Date.now();
                while (rx.c1.n < %d && Date.now() - t0 < 15000) await new Promise((r) => setTimeout(r, 20));
                return rx.c1.parts.slice(%d).map((p) => new TextDecoder().decode(p));
                """.formatted(20 * (round + 1), 20 * round), Duration.ofSeconds(20));
        List<String> want = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            want.add("ferry-" + tag + "-" + i);
        }
        assertEquals(want, texts, "FerryRTC -> Chromium, in order");
    }

    private static String ufrag(String sdp) {
        int i = sdp.indexOf("a=ice-ufrag:") + "a=ice-ufrag:".length();
        return sdp.substring(i, sdp.indexOf('\r', i) < 0 ? sdp.indexOf('\n', i) : Math.min(sdp.indexOf('\r', i), sdp.indexOf('\n', i)));
    }
}
