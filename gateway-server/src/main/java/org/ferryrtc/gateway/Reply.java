package org.ferryrtc.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** One HTTP answer: status, content type, body bytes and extra headers. */
record Reply(int status, String contentType, byte[] body, java.util.Map<String, String> headers) {
    static final String JSON = "application/json";

    Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, java.util.Map.of());
    }

    Reply withHeader(String name, String value) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, h);
    }

    static Reply json(ObjectMapper mapper, int status, JsonNode node) {
        try {
            return new Reply(status, JSON, mapper.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    static Reply noContent() {
        return new Reply(204, null, new byte[0]);
    }

    /** {@code {command_type, params{errors[{field, message}]}}}. */
    static Reply error(ObjectMapper mapper, ApiException e) {
        ObjectNode o = mapper.createObjectNode();
        o.put("command_type", e.commandType);
        ArrayNode errs = o.putObject("params").putArray("errors");
        for (ApiException.FieldError fe : e.errors) {
            errs.addObject().put("field", fe.field()).put("message", fe.message());
        }
        return json(mapper, e.status, o);
    }
}
