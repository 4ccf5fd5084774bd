package org.ferryrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A complete DTLS handshake with headless Chromium, in both roles. A local page opens an
 * RTCPeerConnection with a DataChannel and posts its offer; we answer as an ICE-lite endpoint
 * with one host candidate on 127.0.0.1 (answering STUN binding requests, RFC 8489 with
 * short-term credentials) and {@code a=setup:passive} (we are the DTLS server and get
 * Chromium's two-datagram DTLS 1.3 + 1.2 ClientHello) or {@code a=setup:active} (we are the
 * client and Chromium must accept our 1.2-only ClientHello). Passes when our session reports
 * HandshakeComplete and the page reports its RTCDtlsTransport "connected". No SCTP: the
 * DataChannel itself never opens.
 */
@Tag("interop")
class ChromiumDtlsInteropTest {
    static final String CHROMIUM = System.getProperty("ferry.chromium", "/usr/lib/chromium/chromium");
    static final String UFRAG = "ferryufrag";
    static final String PWD = "ferrypasswordferrypassword";
    static final int COOKIE = 0x2112A442;

    static final String PAGE = """
            <!doctype html><script>
            (async () => {
              const pc = new RTCPeerConnection();
              pc.createDataChannel('interop');
              await pc.setLocalDescription(await pc.createOffer());
              const r = await fetch('/answer', {method: 'POST', body: pc.localDescription.sdp});
              await pc.setRemoteDescription({type: 'answer', sdp: await r.text()});
              const t = pc.sctp.transport;
              const report = () => fetch('/state', {method: 'POST', body: t.state});
              t.onstatechange = report;
              t.onerror = e => fetch('/state', {method: 'POST', body: 'error ' + e.message});
              report();
            })().catch(e => fetch('/state', {method: 'POST', body: 'error ' + e}));
            </script>""";

    @ParameterizedTest
    @EnumSource(DtlsRole.class)
    void handshakeWithChromium(DtlsRole ourRole) throws Exception {
        // interop tests never skip: a missing browser is a failure (.ci/install-test-deps installs it)
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)), "no Chromium at " + CHROMIUM + ": run .ci/install-test-deps");
        DtlsCertificate cert = DtlsCertificate.generateEcdsa();
        ConcurrentLinkedQueue<String> offers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> states = new ConcurrentLinkedQueue<>();
        List<DtlsEvent> events = new ArrayList<>();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DtlsSessionFactory factory = new DtlsSessionFactory(1)) {
            udp.setSoTimeout(20);
            int udpPort = udp.getLocalPort();
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", ex -> reply(ex, "text/html", PAGE));
            http.createContext("/answer", ex -> {
                String offer = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                offers.add(offer);
                reply(ex, "text/plain", answer(offer, udpPort, cert, ourRole));
            });
            http.createContext("/state", ex -> {
                states.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reply(ex, "text/plain", "ok");
            });
            http.start();
            Path profile = Files.createTempDirectory("ferry-chromium");
            Process chrome = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--allow-loopback-in-peer-connection",
                    "--disable-features=WebRtcHideLocalIpsWithMdns", "--user-data-dir=" + profile,
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                DtlsSession session = null;
                SocketAddress peer = null;
                byte[] buf = new byte[65536];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                boolean chromeConnected = false;
                boolean oursComplete = false;
                while (!(chromeConnected && oursComplete) && System.nanoTime() < deadline) {
                    if (session == null && !offers.isEmpty()) {
                        DtlsFingerprint theirs = DtlsFingerprint.parse(attribute(offers.peek(), "a=fingerprint:"))
                                .orElseThrow();
                        session = factory.newSession(DtlsConfig.of(ourRole, cert, List.of(theirs)), () -> { });
                        session.start();
                    }
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        udp.receive(p);
                        int first = buf[0] & 0xFF;
                        if (first < 2 && p.getLength() >= 20 && ByteBuffer.wrap(buf, 4, 4).getInt() == COOKIE) {
                            if (buf[0] == 0 && buf[1] == 1) { // Binding request
                                peer = p.getSocketAddress();
                                byte[] resp = stunSuccess(buf, p.getLength(), (InetSocketAddress) peer);
                                udp.send(new DatagramPacket(resp, resp.length, peer));
                            }
                        } else if (first >= 20 && first <= 63 && session != null) {
                            session.handleInput(buf, 0, p.getLength());
                        }
                    } catch (SocketTimeoutException idle) {
                        // fall through to polling
                    }
                    if (session != null && peer != null) {
                        for (byte[] d; (d = session.pollTransmit()) != null; ) {
                            udp.send(new DatagramPacket(d, d.length, peer));
                        }
                        for (DtlsEvent e; (e = session.pollEvent()) != null; ) {
                            events.add(e);
                            oursComplete |= e instanceof DtlsEvent.HandshakeComplete;
                        }
                    }
                    chromeConnected = states.contains("connected");
                }
                assertTrue(oursComplete, "our side: " + events + ", Chromium: " + states);
                assertTrue(chromeConnected, "Chromium's DTLS transport: " + states + ", ours: " + events);
                DtlsEvent.HandshakeComplete c = TestLink.first(events, DtlsEvent.HandshakeComplete.class);
                assertNotNull(c);
                assertEquals(ourRole, c.role());
                assertTrue(c.remoteFingerprintVerified());
                // Chromium 156 offers AES128_CM_HMAC_SHA1_80, AEAD_AES_256_GCM and AEAD_AES_128_GCM
                int id = c.profile().id();
                assertTrue(id == 0x0007 || id == 0x0008 || id == 0x0001, "profile " + id);
                assertEquals(c.profile().keyingMaterialLength(), c.keys().keyingMaterial().length);
                session.close();
                for (byte[] d; (d = session.pollTransmit()) != null; ) {
                    udp.send(new DatagramPacket(d, d.length, peer)); // close_notify
                }
            } finally {
                chrome.destroy();
                if (!chrome.waitFor(10, TimeUnit.SECONDS)) {
                    chrome.destroyForcibly();
                }
                http.stop(0);
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static String answer(String offer, int port, DtlsCertificate cert, DtlsRole ourRole) {
        String mid = attribute(offer, "a=mid:");
        return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=ice-lite",
                "a=group:BUNDLE " + mid, "m=application " + port + " UDP/DTLS/SCTP webrtc-datachannel",
                "c=IN IP4 127.0.0.1", "a=ice-ufrag:" + UFRAG, "a=ice-pwd:" + PWD,
                "a=fingerprint:" + cert.sdpFingerprint(),
                "a=setup:" + (ourRole == DtlsRole.SERVER ? "passive" : "active"), "a=mid:" + mid,
                "a=sctp-port:5000", "a=max-message-size:262144",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 " + port + " typ host", "a=end-of-candidates", "");
    }

    static String attribute(String sdp, String prefix) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IllegalArgumentException("no " + prefix + " in the offer");
    }

    /** RFC 8489 §6.3: Binding success with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT. */
    static byte[] stunSuccess(byte[] req, int len, InetSocketAddress from) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(20 + 12 + 24 + 8);
        b.putShort((short) 0x0101).putShort((short) 0).putInt(COOKIE).put(req, 8, 12);
        byte[] ip = from.getAddress().getAddress();
        b.putShort((short) 0x0020).putShort((short) 8).put((byte) 0).put((byte) 1)
                .putShort((short) (from.getPort() ^ (COOKIE >>> 16)))
                .putInt(ByteBuffer.wrap(ip).getInt() ^ COOKIE);
        b.putShort(2, (short) (12 + 24));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(PWD.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(b.array(), 0, b.position());
        b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        b.putShort(2, (short) (12 + 24 + 8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554EL));
        return b.array();
    }

    private static void reply(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
