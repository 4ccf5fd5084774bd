package org.ferryrtc.gateway;

import static org.ferryrtc.gateway.TestGateway.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real UDP datagrams into /media, /media/rtcp and /data ports. */
class UdpPortTest {
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static byte[] rtp(int pt, int seq, long ts, int ssrc, boolean marker, int payload) {
        byte[] b = new byte[12 + payload];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        for (int i = 0; i < 4; i++) b[4 + i] = (byte) (ts >> (24 - 8 * i));
        for (int i = 0; i < 4; i++) b[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        return b;
    }

    /** Polls the status over HTTP until {@code done} holds (bounded by a deadline; no sleeping). */
    static JsonNode awaitStatus(String path, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode s;
        do {
            s = gw.get(path).json();
            if (done.test(s)) return s;
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not reached in 5 s: " + s);
    }

    @Test
    void mediaPortCountsRtpChecksItAndKeepsTheLastHeaders() throws Exception {
        JsonNode m = gw.open("/media", "{\"is_video\":true}");
        assertEquals("127.0.0.1", m.path("ip_v4").asText());
        int port = m.path("port").asInt();
        assertTrue(port > 0);
        String id = m.path("media_id").asText();
        int valid = 40;
        long bytes = 0;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetAddress to = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < valid; i++) {
                byte[] p = rtp(96, 1000 + i, 90_000L * i, 0xCAFEBABE, i % 10 == 9, 1000);
                s.send(new DatagramPacket(p, p.length, to, port));
                bytes += p.length;
            }
            byte[][] invalid = {new byte[5], {(byte) 0x40, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // too short, version 1
                    {(byte) 0x8F, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // 15 CSRCs claimed, none present
                    {(byte) 0x80, (byte) 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // RTCP SR type
                    {(byte) 0xA0, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40}}; // padding longer than the packet
            for (byte[] p : invalid) {
                s.send(new DatagramPacket(p, p.length, to, port));
                bytes += p.length;
            }
        }
        int total = valid + 5;
        long expectBytes = bytes;
        JsonNode st = awaitStatus("/media/" + id, j -> j.path("datagrams").asInt() == total);
        assertEquals(expectBytes, st.path("bytes").asLong());
        assertEquals(5, st.path("invalid").asInt());
        assertTrue(st.path("is_video").asBoolean());
        JsonNode last = st.path("last_packets");
        assertEquals(16, last.size(), "the default history keeps 16 headers");
        JsonNode newest = last.get(15);
        assertEquals(1000 + valid - 1, newest.path("sequence_number").asInt());
        assertEquals(90_000L * (valid - 1), newest.path("timestamp").asLong());
        assertEquals(0xCAFEBABEL, newest.path("ssrc").asLong());
        assertEquals(96, newest.path("payload_type").asInt());
        assertTrue(newest.path("marker").asBoolean());
        assertEquals(1012, newest.path("size").asInt());
        assertEquals(1000 + valid - 16, last.get(0).path("sequence_number").asInt(), "oldest first");

        String metrics = gw.get("/metrics").body();
        assertTrue(metrics.contains("ferry_udp_datagrams_in_total{kind=\"media\"} " + total), metrics);
        assertTrue(metrics.contains("ferry_udp_bytes_in_total{kind=\"media\"} " + expectBytes), metrics);
        assertTrue(metrics.contains("ferry_rtp_invalid_total 5"), metrics);

        assertEquals(204, gw.call("DELETE", "/media/" + id, null).status());
        assertError(gw.get("/media/" + id), 404, "media_id");
        assertError(gw.call("DELETE", "/media/" + id, null), 404, "media_id");
    }

    @Test
    void dataAndRtcpPortsCountDatagrams() throws Exception {
        JsonNode d = gw.open("/data", "{}");
        JsonNode r = gw.open("/media/rtcp", null);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetAddress to = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < 25; i++) {
                byte[] p = ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                s.send(new DatagramPacket(p, p.length, to, d.path("port").asInt()));
            }
            byte[] sr = new byte[28];
            sr[0] = (byte) 0x80;
            sr[1] = (byte) 200;
            s.send(new DatagramPacket(sr, sr.length, to, r.path("port").asInt()));
        }
        JsonNode ds = awaitStatus("/data/" + d.path("data_id").asText(), j -> j.path("datagrams").asInt() == 25);
        assertFalse(ds.has("last_packets"), "data ports are not RTP");
        JsonNode rs = awaitStatus("/media/rtcp/" + r.path("rtcp_id").asText(), j -> j.path("datagrams").asInt() == 1);
        assertEquals(28, rs.path("bytes").asInt());
        assertEquals(204, gw.call("DELETE", "/data/" + d.path("data_id").asText(), null).status());
        assertEquals(204, gw.call("DELETE", "/media/rtcp/" + r.path("rtcp_id").asText(), null).status());
    }

    @Test
    void rtpCheckAcceptsExtensionsThatFitAndRejectsThoseThatDoNot() {
        byte[] ok = rtp(111, 1, 1, 1, false, 8);
        assertTrue(RtpCheck.valid(ok, 0, ok.length));
        byte[] ext = new byte[12 + 4 + 8];
        ext[0] = (byte) 0x90; // X set
        ext[1] = 96;
        ext[12 + 3] = 2; // two words of extension
        assertTrue(RtpCheck.valid(ext, 0, ext.length));
        ext[12 + 3] = 3; // one word too many
        assertFalse(RtpCheck.valid(ext, 0, ext.length));
    }
}
