package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ferryrtc.peer.LocalTrack;
import org.ferryrtc.peer.PeerConfig;
import org.ferryrtc.peer.PeerConnection;
import org.ferryrtc.peer.PeerConnectionState;
import org.ferryrtc.peer.PeerEvent;
import org.ferryrtc.peer.media.RtpSessionConfig;
import org.ferryrtc.rtcp.PictureLossIndication;
import org.ferryrtc.rtcp.ReceiverReport;
import org.ferryrtc.rtcp.RtcpPacket;
import org.ferryrtc.rtcp.RtcpReader;
import org.ferryrtc.rtcp.SenderReport;
import org.ferryrtc.sdp.CodecCapability;
import org.junit.jupiter.api.Test;

/**
 * RTCP plumbing with a Java stand-in for a browser (as {@link MediaPlumbingTest}): the
 * browser's SR about the stream it sends reaches the {@code video_rtcp} redirect socket as plain
 * RTCP (SSRC and counts unchanged); RTCP from the ingest program on its {@code /media/rtcp}
 * port is parsed and counted in the connection's status (its SR's fields shown), a malformed
 * compound is counted as such, and a PLI from it becomes a keyframe request to the browser.
 */
class MediaRtcpTest {
    private static final long INGEST_SSRC = 0x0BAD_CAFEL;

    @Test
    void srFromTheBrowserReachesTheRtcpRedirectAndIngestRtcpIsCountedAndPliPassed() throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        LinkedBlockingQueue<PeerEvent.KeyframeRequested> keyframes = new LinkedBlockingQueue<>();
        try (TestGateway gw = new TestGateway(GatewayConfig.defaults().withLongPollTimeoutMs(500));
             DatagramSocket ingestRtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket redirect = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket redirectRtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             PeerConnection pc = PeerConnection.create(PeerConfig.standalone(List.of(InetAddress.getByName("127.0.0.1")))
                     .deliverPackets(true).videoCodecs(List.of(CodecCapability.vp8())).build(), e -> {
                         if (e instanceof PeerEvent.ConnectionStateChanged s && s.state() == PeerConnectionState.CONNECTED) {
                             connected.complete(null);
                         } else if (e instanceof PeerEvent.KeyframeRequested k) {
                             keyframes.add(k);
                         }
                     })) {
            String token = gw.createPeer("rest-r");
            PeerCallsTest.Ws ws = PeerCallsTest.Ws.register(gw, "java-r");
            JsonNode media = gw.open("/media", "{\"is_video\": true}");
            JsonNode rtcp = gw.open("/media/rtcp", null);
            TestGateway.Res c = gw.post("/media/connections", """
                    {"peer_id": "rest-r", "token": "%s", "target_id": "java-r",
                     "constraints": {"video": true, "videoReceiveEnabled": true, "audio": false, "audioReceiveEnabled": false,
                       "video_params": {"codec": "VP8", "media_id": "%s", "rtcp_id": "%s", "payload_type": 100}},
                     "redirect_params": {"video": {"ip_v4": "127.0.0.1", "port": %d},
                                         "video_rtcp": {"ip_v4": "127.0.0.1", "port": %d}}}"""
                    .formatted(token, media.path("media_id").asText(), rtcp.path("rtcp_id").asText(),
                            redirect.getLocalPort(), redirectRtcp.getLocalPort()));
            assertEquals(202, c.status(), c.body());
            String id = c.json().path("params").path("media_connection_id").asText();
            JsonNode offer = ws.next("offer");
            pc.setRemoteDescription(PeerConnection.SdpType.OFFER, offer.path("sdp").asText());
            LocalTrack ours = pc.addTrack(RtpSessionConfig.Kind.VIDEO, "VP8");
            String answer = pc.createAnswer();
            pc.setLocalDescription(PeerConnection.SdpType.ANSWER, answer);
            ws.send(TestGateway.JSON.createObjectNode().put("type", "answer").put("to", "rest-r").put("session", id).put("sdp", answer));
            connected.get(15, TimeUnit.SECONDS);
            int negotiatedPt = SdpFile.sections(answer).get(0).payloadType();

            // the browser sends video; its SR (RFC 3550 §6.4.1) arrives at the RTCP redirect as plain RTCP
            redirectRtcp.setSoTimeout(20);
            DatagramPacket d = new DatagramPacket(new byte[1500], 1500);
            long srPackets = -1;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int seq = 0; srPackets < 0 && System.nanoTime() < end; seq++) {
                byte[] rtp = MediaPlumbingTest.rtp(negotiatedPt, seq, seq * 3000L, 1, new byte[] {0x10, 1, 2, 3});
                ours.sendRtp(rtp, 0, rtp.length);
                try {
                    redirectRtcp.receive(d);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                RtcpReader r = new RtcpReader().reset(d.getData(), 0, d.getLength());
                for (RtcpPacket p; (p = r.next()) != null; ) {
                    if (p instanceof SenderReport sr && sr.senderSsrc() == ours.ssrc()) {
                        srPackets = sr.packetCount();
                    }
                }
            }
            assertTrue(srPackets > 0, "an SR of the browser's SSRC reached the RTCP redirect: " + gw.get("/metrics").body());

            // RTCP from the ingest program: an SR, counted and shown; a malformed compound counted
            InetSocketAddress rtcpPort = new InetSocketAddress("127.0.0.1", rtcp.path("port").asInt());
            byte[] sr = new byte[SenderReport.size(0)];
            SenderReport.write(sr, 0, INGEST_SSRC, 0xE000_0000_8000_0000L, 123_456L, 77, 7_700);
            ingestRtcp.send(new DatagramPacket(sr, sr.length, rtcpPort));
            byte[] junk = {(byte) 0x80, (byte) 200, 0, 40, 1, 2};
            ingestRtcp.send(new DatagramPacket(junk, junk.length, rtcpPort));
            JsonNode port = null;
            for (int i = 0; i < 200; i++) {
                port = gw.get("/media/connections/" + id + "/status").json().path("rtcp").path("video_port");
                if (port.path("sender_reports").asLong() >= 1 && port.path("malformed").asLong() >= 1) break;
                keyframes.poll(10, TimeUnit.MILLISECONDS); // a bounded pause between polls
            }
            assertEquals(1, port.path("sender_reports").asLong(), String.valueOf(port));
            assertEquals(1, port.path("malformed").asLong(), String.valueOf(port));
            assertEquals(INGEST_SSRC, port.path("last_sr").path("ssrc").asLong());
            assertEquals(77, port.path("last_sr").path("packet_count").asLong());
            assertEquals(123_456L, port.path("last_sr").path("rtp_timestamp").asLong());

            // a PLI from the ingest program (RR + PLI compound) asks the browser for a keyframe
            keyframes.clear();
            byte[] pli = new byte[ReceiverReport.size(0) + PictureLossIndication.SIZE];
            int n = ReceiverReport.write(pli, 0, INGEST_SSRC);
            PictureLossIndication.write(pli, n, INGEST_SSRC, 1);
            ingestRtcp.send(new DatagramPacket(pli, pli.length, rtcpPort));
            PeerEvent.KeyframeRequested k = keyframes.poll(10, TimeUnit.SECONDS);
            assertTrue(k != null, "the browser was asked for a keyframe");
            assertEquals(ours, k.track());

            JsonNode status = gw.get("/media/connections/" + id + "/status").json().path("rtcp");
            assertTrue(status.path("redirected").asLong() >= 1, status.toString());
            assertEquals(2, status.path("from_ingest").asLong(), status.toString());
            assertEquals(1, status.path("keyframe_requests_from_ingest").asLong(), status.toString());
            String metrics = gw.get("/metrics").body();
            assertTrue(metrics.matches("(?s).*ferry_rtcp_redirected_total [1-9].*"), metrics);
            assertTrue(metrics.matches("(?s).*ferry_keyframe_requests_from_ingest_total 1\\n.*"), metrics);
            assertEquals(204, gw.call("DELETE", "/media/connections/" + id, null).status());
            ws.socket.abort();
        }
    }
}
