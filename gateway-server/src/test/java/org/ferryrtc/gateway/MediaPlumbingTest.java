package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.peer.LocalTrack;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.RemoteTrack;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.rtcp.PictureLossIndication;
import org.ferryrtc.rtcp.RtcpReader;
import org.ferryrtc.sdp.CodecCapability;
import org.junit.jupiter.api.Test;

/**
 * Media plumbing with a Java stand-in for a browser (ferry.js protocol on /signaling/ws + a
 * FerryRTC PeerConnection), the gateway being the offerer: plain RTP into a {@code /media} port
 * arrives with the negotiated payload type and the gateway's SSRC; the browser's keyframe
 * request reaches the ingest program as a PLI on its RTP port + 1; RTP from the browser goes to
 * the redirect socket as plain RTP with its SSRC and the negotiated payload type; the SDP file
 * and {@code POST .../pli} match.
 */
class MediaPlumbingTest {
    private static final long INGEST_SSRC = 0x1234_5678L;

    record Rtp(int pt, long ssrc, byte[] payload) {}

    @Test
    void ingestRedirectAndKeyframeRequestsBetweenRestAndABrowser() throws Exception {
        LinkedBlockingQueue<Rtp> received = new LinkedBlockingQueue<>();
        CompletableFuture<RemoteTrack> remote = new CompletableFuture<>();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        LinkedBlockingQueue<PeerEvent.KeyframeRequested> keyframes = new LinkedBlockingQueue<>();
        int[] pair = pair();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(500));
             DatagramSocket sender = new DatagramSocket(new InetSocketAddress("127.0.0.1", pair[0]));
             DatagramSocket senderRtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", pair[0] + 1));
             DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             PeerConnection pc = PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1")))
                     .deliverPackets(true).videoCodecs(List.of(CodecCapability.vp8())).build(), e -> {
                         if (e instanceof PeerEvent.RemoteTrackAdded a) {
                             a.track().onPacket((t, p) -> received.add(new Rtp(p.payloadType(), p.ssrc(),
                                     Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.length()))));
                             remote.complete(a.track());
                         } else if (e instanceof PeerEvent.ConnectionStateChanged s && s.state() == PeerConnectionState.CONNECTED) {
                             connected.complete(null);
                         } else if (e instanceof PeerEvent.KeyframeRequested k) {
                             keyframes.add(k);
                         }
                     })) {
            String token = gw.createPeer("rest-v");
            PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-v");
            JsonNode media = gw.open("/media", "{\"is_video\": true}");
            TestGateway.Res c = gw.post("/media/connections", """
                    {"peer_id": "rest-v", "token": "%s", "target_id": "java-v",
                     "constraints": {"video": true, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": false,
                       "video_params": {"codec": "VP8", "media_id": "%s", "payload_type": 100}},
                     "redirect_params": {"video": {"ip_v4": "127.0.0.1", "port": %d}}}"""
                    .formatted(token, media.path("media_id").asText(), redirect.getLocalPort()));
            assertEquals(202, c.status(), c.body());
            String id = c.json().path("params").path("media_connection_id").asText();
            JsonNode offer = ws.next("offer");
            assertEquals(id, offer.path("session").asText());
            assertEquals("media", offer.path("kind").asText());
            // the gateway offers from its one shared ICE port, as it answers there
            int icePort = gw.get("/health").json().path("ice_port").asInt();
            java.util.regex.Matcher cand = java.util.regex.Pattern
                    .compile("a=candidate:\\S+ 1 udp \\d+ (\\S+) (\\d+) typ host").matcher(offer.path("sdp").asText());
            int candidates = 0;
            while (cand.find()) {
                assertEquals(icePort, Integer.parseInt(cand.group(2)), "candidate " + cand.group());
                candidates++;
            }
            assertTrue(candidates > 0, "the offer carries host candidates: " + offer.path("sdp").asText());
            pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer.path("sdp").asText());
            LocalTrack ours = pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            String answer = pc.createAnswer();
            pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            ws.send(TestGateway.JSON.createObjectNode().put("type", "answer").put("to", "rest-v").put("session", id).put("sdp", answer));
            connected.get(15, TimeUnit.SECONDS);
            int negotiatedPt = SdpFile.sections(answer).get(0).payloadType();
            assertNotEquals(100, negotiatedPt, "the test needs a payload type to map");

            // ingest: plain RTP (PT 100) in, the negotiated PT and the gateway's SSRC out
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", media.path("port").asInt());
            byte[] payload = {0x10, 1, 2, 3, 4, 5, 6, 7};
            Rtp got = null;
            for (int seq = 0; seq < 500 && got == null; seq++) {
                byte[] rtp = rtp(100, seq, seq * 3000L, INGEST_SSRC, payload);
                sender.send(new DatagramPacket(rtp, rtp.length, to));
                got = received.poll(20, TimeUnit.MILLISECONDS);
            }
            assertTrue(got != null, "ingested RTP reached the browser: " + gw.get("/metrics").body());
            assertEquals(negotiatedPt, got.pt());
            assertNotEquals(INGEST_SSRC, got.ssrc(), "the gateway's own SSRC");
            assertArrayEquals(payload, got.payload());
            byte[] wrongPt = rtp(101, 9999, 0, INGEST_SSRC, payload);
            sender.send(new DatagramPacket(wrongPt, wrongPt.length, to));

            // the browser asks for a keyframe: a PLI about the ingest SSRC reaches RTP port + 1
            remote.get(5, TimeUnit.SECONDS).requestKeyframe();
            senderRtcp.setSoTimeout(10_000);
            DatagramPacket pli = new DatagramPacket(new byte[1500], 1500);
            senderRtcp.receive(pli);
            PictureLossIndication p = assertInstanceOf(PictureLossIndication.class,
                    new RtcpReader().reset(pli.getData(), 0, pli.getLength()).next());
            assertEquals(INGEST_SSRC, p.mediaSsrc());

            // redirect: the browser's RTP out as plain RTP, its SSRC, the negotiated PT
            redirect.setSoTimeout(50);
            byte[] mine = {0x10, 9, 8, 7};
            DatagramPacket r = new DatagramPacket(new byte[1500], 1500);
            boolean redirected = false;
            for (int seq = 0; seq < 300 && !redirected; seq++) {
                byte[] rtp = rtp(negotiatedPt, seq, seq * 3000L, 1, mine);
                ours.sendRtp(rtp, 0, rtp.length);
                try {
                    redirect.receive(r);
                    redirected = true;
                } catch (SocketTimeoutException e) {
                    // keep sending
                }
            }
            assertTrue(redirected, "the browser's RTP reached the redirect socket: " + gw.get("/metrics").body());
            byte[] d = Arrays.copyOf(r.getData(), r.getLength());
            assertEquals(2, (d[0] & 0xC0) >> 6, "plain RTP v2");
            assertEquals(negotiatedPt, d[1] & 0x7F);
            assertEquals(ours.ssrc(), ((d[8] & 0xFFL) << 24) | ((d[9] & 0xFF) << 16) | ((d[10] & 0xFF) << 8) | (d[11] & 0xFF));
            assertArrayEquals(mine, Arrays.copyOfRange(d, d.length - mine.length, d.length));

            TestGateway.Res sdp = gw.get("/media/connections/" + id + "/sdp");
            assertEquals(200, sdp.status(), sdp.body());
            assertTrue(sdp.body().contains("m=video " + redirect.getLocalPort() + " RTP/AVP " + negotiatedPt + "\r\n"), sdp.body());
            assertTrue(sdp.body().contains("a=rtpmap:" + negotiatedPt + " VP8/90000"), sdp.body());

            // POST .../pli: the browser (the sender of the remote video) is asked for a keyframe
            keyframes.clear();
            assertEquals(201, gw.post("/media/connections/" + id + "/pli", null).status());
            assertTrue(keyframes.poll(10, TimeUnit.SECONDS) != null, "the browser got a keyframe request");

            String metrics = gw.get("/metrics").body();
            assertTrue(metrics.matches("(?s).*ferry_pli_forwarded_total [1-9].*"), metrics);
            assertTrue(metrics.matches("(?s).*ferry_ingest_dropped_total [1-9].*"), "the wrong payload type was dropped: " + metrics);
            assertEquals(204, gw.call("DELETE", "/media/connections/" + id, null).status());
            assertEquals(id, ws.next("bye").path("session").asText());
            ws.socket.abort();
        }
    }

    static byte[] rtp(int pt, int seq, long ts, long ssrc, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            b[4 + i] = (byte) (ts >>> (24 - 8 * i));
            b[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    /** Two consecutive free UDP ports (RTP, RTCP = RTP + 1) on loopback. */
    static int[] pair() throws Exception {
        for (int i = 0; i < 50; i++) {
            int p;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                p = s.getLocalPort();
            }
            if (p >= 65535) continue;
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress("127.0.0.1", p));
                 DatagramSocket b = new DatagramSocket(new InetSocketAddress("127.0.0.1", p + 1))) {
                return new int[] {p};
            } catch (java.io.IOException busy) {
                // try another
            }
        }
        throw new java.io.IOException("no free port pair");
    }
}
