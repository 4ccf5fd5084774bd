package org.ferryrtc.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ferryrtc.testkit.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of the gateway's input parsers: the REST request validation (every
 * route that reads a body, called in-process so 100,000 inputs take seconds), the RTP check (its
 * datagrams mutated by the shared {@link Mutator}; the JSON and text edits stay here) and the
 * IPv4/CIDR parser. Only the declared outcomes may come out: a {@link Reply} or an
 * {@link ApiException} with a 4xx status; anything else (a 500, an NPE, an
 * ArrayIndexOutOfBoundsException) fails.
 */
class MutationFuzzTest {
    static final int N = 100_000;
    static TestGateway gw;
    static String token;
    static String mediaConn;
    static String dataConn;
    static String video, audio, rtcp, data;

    @BeforeAll
    static void start() throws Exception {
        RecordingCallControl calls = new RecordingCallControl();
        gw = new TestGateway(e -> calls);
        token = gw.createPeer("fuzz");
        video = gw.open("/media", "{\"is_video\":true}").path("media_id").asText();
        audio = gw.open("/media", "{\"is_video\":false}").path("media_id").asText();
        rtcp = gw.open("/media/rtcp", "{}").path("rtcp_id").asText();
        data = gw.open("/data", "{}").path("data_id").asText();
        gw.events.incomingCall("fuzz", "mc-fuzz", "remote");
        mediaConn = "mc-fuzz";
        gw.events.incomingConnection("fuzz", "dc-fuzz", "remote");
        dataConn = "dc-fuzz";
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    record Target(String method, String template, Map<String, String> params, String seed) {}

    List<Target> targets() {
        String call = "{\"peer_id\":\"fuzz\",\"token\":\"" + token + "\",\"target_id\":\"t\",\"constraints\":{\"video\":true,"
                + "\"videoReceiveEnabled\":true,\"audio\":true,\"audioReceiveEnabled\":false,\"video_params\":{\"band_width\":1500,"
                + "\"codec\":\"VP8\",\"media_id\":\"" + video + "\",\"rtcp_id\":\"" + rtcp + "\",\"payload_type\":96},"
                + "\"audio_params\":{\"band_width\":64,\"codec\":\"OPUS\",\"media_id\":\"" + audio + "\",\"payload_type\":111,"
                + "\"sampling_rate\":48000}},\"redirect_params\":{\"video\":{\"ip_v4\":\"127.0.0.1\",\"port\":20000},"
                + "\"audio_rtcp\":{\"ip_v4\":\"127.0.0.1\",\"port\":20003}}}";
        String answer = "{\"constraints\":{\"video\":false,\"audio\":false},\"redirect_params\":{\"audio\":{\"ip_v4\":\"127.0.0.1\",\"port\":7}}}";
        String connect = "{\"peer_id\":\"fuzz\",\"token\":\"" + token + "\",\"target_id\":\"t\",\"options\":{\"dcInit\":{\"ordered\":true,"
                + "\"maxPacketLifeTime\":100,\"protocol\":\"p\",\"negotiated\":true,\"id\":1}},\"params\":{\"data_id\":\"" + data + "\"},"
                + "\"redirect_params\":{\"ip_v4\":\"127.0.0.1\",\"port\":9}}";
        String put = "{\"feed_params\":{\"data_id\":\"" + data + "\"},\"redirect_params\":{\"ip_v4\":\"127.0.0.1\",\"port\":9}}";
        return List.of(
                new Target("POST", "/peers", Map.of(), "{\"peer_id\":\"fz\",\"key\":\"k\"}"),
                new Target("POST", "/media/connections", Map.of(), call),
                new Target("POST", "/media/connections/{media_connection_id}/answer", Map.of("media_connection_id", mediaConn), answer),
                new Target("POST", "/media/connections/{media_connection_id}/pli", Map.of("media_connection_id", mediaConn), "{}"),
                new Target("POST", "/data/connections", Map.of(), connect),
                new Target("PUT", "/data/connections/{data_connection_id}", Map.of("data_connection_id", dataConn), put));
    }

    static final byte[] INTERESTING = "{}[]\":,.-+0123456789eE\\ntfu\u0000 ".getBytes(StandardCharsets.UTF_8);
    static final String[] NUMBERS = {"99999999999999999999999", "-1", "1e400", "0.5", "-0", "65536", "2147483648", "null", "\"\"", "[]", "{}"};

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) return b;
            int i = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[i] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[i] = (byte) r.nextInt(256);
                case 2 -> b[i] = INTERESTING[r.nextInt(INTERESTING.length)];
                case 3 -> b = Arrays.copyOf(b, i); // truncation
                case 4 -> { // extension
                    byte[] x = Arrays.copyOf(b, b.length + 1 + r.nextInt(8));
                    for (int k = b.length; k < x.length; k++) x[k] = INTERESTING[r.nextInt(INTERESTING.length)];
                    b = x;
                }
                case 5 -> { // a value replaced by an extreme or a wrong type
                    String s = new String(b, StandardCharsets.ISO_8859_1);
                    int colon = s.indexOf(':', i);
                    if (colon < 0) break;
                    int end = colon + 1;
                    while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) end++;
                    s = s.substring(0, colon + 1) + NUMBERS[r.nextInt(NUMBERS.length)] + s.substring(end);
                    b = s.getBytes(StandardCharsets.ISO_8859_1);
                }
                default -> { // duplicate a slice (nesting and repeated keys)
                    int len = r.nextInt(Math.min(32, b.length - i) + 1);
                    byte[] x = new byte[b.length + len];
                    System.arraycopy(b, 0, x, 0, i + len);
                    System.arraycopy(b, i, x, i + len, b.length - i);
                    b = x;
                }
            }
        }
        return b;
    }

    @Test
    void requestValidationOnlyAnswersOrRefusesWith4xx() {
        Map<String, Route> routes = new HashMap<>();
        for (Route r : gw.gateway.router.routes()) routes.put(r.method() + " " + r.template(), r);
        List<Target> targets = targets();
        Random random = new Random(0x5EED_6A7E);
        Set<Integer> declared = Set.of(400, 403, 404, 409, 413);
        int accepted = 0, refused = 0;
        for (int n = 0; n < N; n++) {
            Target t = targets.get(n % targets.size());
            Route route = routes.get(t.method() + " " + t.template());
            byte[] body = mutate(t.seed().getBytes(StandardCharsets.UTF_8), random);
            Map<String, Deque<String>> query = new HashMap<>();
            query.put("token", new ArrayDeque<>(List.of(token)));
            try {
                Object out = route.handler().handle(new Call(route, t.params(), query, body, gw.gateway.mapper));
                assertTrue(out instanceof Reply reply && reply.status() < 300, "unexpected answer " + out);
                accepted++;
            } catch (ApiException e) {
                if (!declared.contains(e.status)) fail(t.template() + " answered " + e.status + " " + e.errors + " for " + new String(body, StandardCharsets.UTF_8));
                assertEquals(route.commandType(), e.commandType);
                assertTrue(!e.errors.isEmpty());
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError(t.template() + " threw for " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
        assertEquals(N, accepted + refused);
        assertTrue(refused > N / 2, "most mutations are refused: " + refused);
        assertTrue(accepted > 0, "some mutations stay valid: " + accepted);
    }

    @Test
    void rtpCheckNeverThrows() {
        Random random = new Random(0xA7B);
        byte[] seed = UdpPortTest.rtp(96, 7, 1234, 0x11223344, true, 40);
        seed[0] |= 0x10; // with an extension header
        seed[12 + 3] = 2;
        int valid = 0;
        for (int n = 0; n < N; n++) {
            byte[] b = Mutator.mutate(random, seed, 8);
            int off = b.length == 0 ? 0 : random.nextInt(Math.min(4, b.length));
            // a view over a sub-range: nothing outside [off, off+len) may be read
            byte[] framed = new byte[b.length + 8];
            System.arraycopy(b, 0, framed, 4, b.length);
            if (RtpCheck.valid(framed, 4 + off, b.length - off)) valid++;
        }
        assertTrue(valid > 0 && valid < N, "both outcomes occur: " + valid);
    }

    @Test
    void cidrParserNeverThrows() {
        Random random = new Random(0xC1D8);
        byte[] seed = "192.168.100.200/24".getBytes(StandardCharsets.ISO_8859_1);
        int parsed = 0;
        for (int n = 0; n < N; n++) {
            String s = new String(mutate(seed, random), StandardCharsets.ISO_8859_1);
            Cidr c = Cidr.parse(s);
            if (c != null) {
                parsed++;
                assertTrue(c.prefix() >= 0 && c.prefix() <= 32);
                assertTrue(c.contains(c.network()), "a block contains its own network address");
            }
        }
        assertTrue(parsed > 0 && parsed < N, "both outcomes occur: " + parsed);
    }
}
