package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The only Undertow handler: matches the route (404 / 405), checks the API key (401 / 403;
 * not for {@linkplain #addOpen open routes}: the static assets and CORS preflights),
 * caps and reads the body (413), runs the route's handler on a worker thread, turns
 * {@link ApiException}s into JSON errors and counts every answer for {@code /metrics}.
 * WebSocket routes are handed to their handshake handler after the key check.
 */
final class Router implements HttpHandler {
    private final List<Route> routes = new ArrayList<>();
    private final ObjectMapper mapper;
    private final byte[] apiKey;
    private final int maxBody;
    private final Metrics metrics;
    private int parked; // long polls whose answer is not sent yet; guarded by this

    Router(ObjectMapper mapper, String apiKey, int maxBody, Metrics metrics) {
        this.mapper = mapper;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.maxBody = maxBody;
        this.metrics = metrics;
    }

    void add(String method, String template, String commandType, Route.Handler handler) {
        routes.add(new Route(method, template, commandType, handler, null, false));
    }

    /**
     * A route answered without the API key, even when one is set: only what a browser must reach
     * before it can present the key (the demo page, the SDK, the OpenAPI document) and CORS
     * preflights ({@code OPTIONS}; a browser never sends credentials on a preflight, Fetch
     * standard §4.8). Such handlers must reveal nothing and change nothing.
     */
    void addOpen(String method, String template, String commandType, Route.Handler handler) {
        routes.add(new Route(method, template, commandType, handler, null, true));
    }

    void addWebSocket(String template, String commandType, HttpHandler handshake) {
        routes.add(new Route("GET", template, commandType, null, handshake, false));
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        String[] segments = ex.getRequestPath().split("/", -1);
        String method = ex.getRequestMethod().toString();
        String methodLabel = java.util.Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH").contains(method) ? method : "other";
        Route route = null;
        Map<String, String> params = null;
        StringJoiner allowed = new StringJoiner(", ");
        boolean cors = false; // the path answers CORS preflights: its refusals carry Access-Control-Allow-Origin
        for (Route r : routes) {
            Map<String, String> p = r.match(segments);
            if (p == null) continue;
            allowed.add(r.method());
            cors |= r.open() && r.method().equals("OPTIONS");
            if (r.method().equals(method) && route == null) {
                route = r;
                params = p;
            }
        }
        boolean known = allowed.length() > 0;
        String label = route != null ? route.template() : known ? "matched-other-method" : "unmatched";
        ex.addExchangeCompleteListener((x, next) -> {
            metrics.request(methodLabel, label, x.getStatusCode());
            next.proceed();
        });
        // before 404/405: without the key nothing about the routes is revealed
        if ((route == null || !route.open()) && !authorized(ex, cors)) return;
        if (route == null) {
            if (known) ex.getResponseHeaders().put(Headers.ALLOW, allowed.toString());
            send(ex, Reply.error(mapper, known
                    ? new ApiException(405, "UNKNOWN", "", "method " + method + " is not allowed here; allowed: " + allowed)
                    : new ApiException(404, "UNKNOWN", "", "no such resource: " + ex.getRequestPath())));
            return;
        }
        Route r = route;
        if (r.upgrade() != null) {
            r.upgrade().handleRequest(ex);
            return;
        }
        Map<String, String> p = params;
        ex.dispatch(() -> runHandler(ex, r, p));
    }

    /**
     * Bearer key check (constant-time). Answers 401 without a key, 403 for a wrong one. A
     * WebSocket upgrade may carry the key as {@code ?access_token=} instead (RFC 6750 §2.3):
     * browsers cannot set headers on a WebSocket, and {@code Sec-WebSocket-Protocol} only takes
     * RFC 7230 tokens (no '/', '=', ...) and must be echoed back, so it is not used. With
     * {@code cors}, a refusal carries {@code Access-Control-Allow-Origin: *} so that a page can
     * read it (the key is a bearer header, never a cookie: a wildcard origin is safe).
     */
    private boolean authorized(HttpServerExchange ex, boolean cors) {
        if (apiKey == null) return true;
        if (cors) ex.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), "*");
        String presented = null;
        HeaderValues auth = ex.getRequestHeaders().get(Headers.AUTHORIZATION);
        if (auth != null && auth.getFirst() != null && auth.getFirst().regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.getFirst().substring(7).trim();
        } else if ("websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst(Headers.UPGRADE)) && ex.getQueryParameters().containsKey("access_token")) {
            // browsers cannot set headers on a WebSocket: RFC 6750 §2.3 query parameter, WebSocket only
            presented = ex.getQueryParameters().get("access_token").peekFirst();
        }
        if (presented == null || presented.isEmpty()) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            send(ex, Reply.error(mapper, new ApiException(401, "AUTH", "Authorization", "an API key is required: 'Authorization: Bearer <key>'")));
            return false;
        }
        if (!MessageDigest.isEqual(apiKey, presented.getBytes(StandardCharsets.UTF_8))) {
            send(ex, Reply.error(mapper, new ApiException(403, "AUTH", "Authorization", "wrong API key")));
            return false;
        }
        return true;
    }

    private void runHandler(HttpServerExchange ex, Route r, Map<String, String> params) {
        Reply reply;
        try {
            byte[] body = readBody(ex, r);
            Object out = r.handler().handle(new Call(r, params, ex.getQueryParameters(), body, mapper));
            if (out instanceof Parked parked) {
                synchronized (this) {
                    this.parked++;
                }
                ex.addExchangeCompleteListener((x, next) -> {
                    synchronized (this) {
                        this.parked--;
                        notifyAll();
                    }
                    next.proceed();
                });
                onClientGone(ex, parked.abandon());
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> parked.reply().whenCompleteAsync((value, failure) -> {
                    onClientGone(ex, null);
                    send(ex, failure == null ? value : failureReply(r, unwrap(failure)));
                }, ex.getConnection().getWorker()));
                return;
            }
            reply = (Reply) out;
        } catch (RuntimeException e) {
            reply = failureReply(r, e);
        }
        send(ex, reply);
    }

    /** Waits (bounded) until every parked long poll has been answered: used by graceful shutdown. */
    synchronized boolean awaitAnswered(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (parked > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    private static final AttachmentKey<AtomicReference<Runnable>> ABANDON = AttachmentKey.create(AtomicReference.class);

    /**
     * Runs {@code abandon} if the connection closes while a poll is parked on it. One listener per
     * connection (not one per poll), pointing at the poll currently parked there, if any.
     */
    private static void onClientGone(HttpServerExchange ex, Runnable abandon) {
        var connection = ex.getConnection();
        AtomicReference<Runnable> current = connection.getAttachment(ABANDON);
        if (current == null) {
            if (abandon == null) return;
            current = new AtomicReference<>();
            connection.putAttachment(ABANDON, current);
            AtomicReference<Runnable> ref = current;
            connection.addCloseListener(c -> {
                Runnable a = ref.getAndSet(null);
                if (a != null) a.run();
            });
        }
        current.set(abandon);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private Reply failureReply(Route r, Throwable e) {
        if (e instanceof ApiException api) return Reply.error(mapper, api);
        Log.warn("http.bug", "route", r.template(), "error", e.toString());
        return Reply.error(mapper, new ApiException(500, r.commandType(), "", "internal error"));
    }

    private byte[] readBody(HttpServerExchange ex, Route r) {
        long declared = ex.getRequestContentLength();
        if (declared > maxBody) throw tooBig(r);
        ex.startBlocking();
        byte[] buf = new byte[(int) Math.min(maxBody + 1L, declared >= 0 ? declared + 1 : 8192)];
        int n = 0;
        try (InputStream in = ex.getInputStream()) {
            while (true) {
                if (n == buf.length) {
                    if (n > maxBody) throw tooBig(r);
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(maxBody + 1L, buf.length * 2L));
                }
                int k = in.read(buf, n, buf.length - n);
                if (k < 0) break;
                n += k;
                if (n > maxBody) throw tooBig(r);
            }
        } catch (io.undertow.server.RequestTooBigException e) {
            throw tooBig(r);
        } catch (IOException e) {
            throw new ApiException(400, r.commandType(), "", "could not read the request body: " + e.getMessage());
        }
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }

    private ApiException tooBig(Route r) {
        return new ApiException(413, r.commandType(), "", "the request body is larger than " + maxBody + " bytes");
    }

    private void send(HttpServerExchange ex, Reply reply) {
        ex.setStatusCode(reply.status());
        if (reply.contentType() != null) ex.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
        ex.getResponseHeaders().put(new HttpString("Cache-Control"), "no-store");
        for (Map.Entry<String, String> h : reply.headers().entrySet()) ex.getResponseHeaders().put(new HttpString(h.getKey()), h.getValue());
        if (reply.body().length == 0) {
            ex.endExchange();
        } else {
            ex.getResponseSender().send(ByteBuffer.wrap(reply.body()));
        }
    }
}
