package org.ferryrtc.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Deque;
import java.util.Map;

/** One REST request as a handler sees it: path parameters, query, and the (size-capped) body. */
final class Call {
    final Route route;
    final Map<String, String> params;
    private final Map<String, Deque<String>> query;
    private final byte[] body;
    private final ObjectMapper mapper;

    Call(Route route, Map<String, String> params, Map<String, Deque<String>> query, byte[] body, ObjectMapper mapper) {
        this.route = route;
        this.params = params;
        this.query = query;
        this.body = body;
        this.mapper = mapper;
    }

    String param(String name) {
        return params.get(name);
    }

    String query(String name) {
        Deque<String> d = query.get(name);
        return d == null ? null : d.peekFirst();
    }

    /** The raw body (never null). */
    byte[] body() {
        return body;
    }

    /** The JSON body, or null when the body is empty. Malformed JSON is a 400 on the field "". */
    JsonNode json() {
        if (body.length == 0) return null;
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage();
            throw new ApiException(400, route.commandType(), "", "malformed JSON: " + (msg == null ? "unreadable" : msg.lines().findFirst().orElse("")));
        } catch (java.io.IOException e) {
            throw new ApiException(400, route.commandType(), "", "unreadable body");
        }
    }

    ApiException error(int status, String field, String message) {
        return new ApiException(status, route.commandType(), field, message);
    }
}
