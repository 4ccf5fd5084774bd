package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The served {@code /sdk/ferry.js} driven by Node.js through the real {@code /signaling/ws} relay
 * (two FerryPeers, stub RTCPeerConnection: the SDK's signaling logic, not WebRTC). Skipped when no
 * Node.js with a WebSocket client is installed.
 */
@Tag("interop")
class SdkSignalingTest {

    static boolean nodeWithWebSocket() {
        try {
            Process p = new ProcessBuilder("node", "--experimental-websocket", "-e", "process.exit(typeof WebSocket === 'function' ? 0 : 3)")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void twoSdkPeersCallAndConnectThroughTheRelay() throws Exception {
        // needs node (installed by .ci/install-test-deps); a missing tool fails, it never skips
        assertTrue(nodeWithWebSocket(), "node with WebSocket support is not installed: run .ci/install-test-deps");
        try (TestGateway gw = new TestGateway()) {
            Path script = Path.of(SdkSignalingTest.class.getResource("/sdk-signaling.js").toURI());
            Process p = new ProcessBuilder("node", "--experimental-websocket", "--no-warnings", script.toString(), gw.base)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(out));
            JsonNode r = TestGateway.JSON.readTree(line.substring(7));
            assertEquals("v=0\r\no=stub-answer\r\n", r.path("callerRemote").asText(), "the answer came back through the relay");
            assertEquals("v=0\r\no=stub-offer\r\n", r.path("calleeRemote").asText());
            assertEquals("[\"audio:recvonly\",\"video:recvonly\"]", r.path("callerSentTransceivers").toString());
            assertEquals(1, r.path("callerCandidates").asInt());
            assertEquals(1, r.path("calleeCandidates").asInt());
            assertEquals("sdk-alice", r.path("callRemoteId").asText());
            assertEquals("data", r.path("connKind").asText());
            assertEquals("chat", r.path("channelLabel").asText());
            assertEquals("{\"ordered\":false,\"maxRetransmits\":2}", r.path("channelOpts").toString());
            assertEquals("answer", r.path("connAnswered").asText());
            assertEquals("to", r.path("errorField").asText());
            assertEquals("no peer sdk-nobody", r.path("errorMessage").asText());
            assertTrue(r.path("calleeClosed").asBoolean(), "bye closes the far side");
        }
    }
}
