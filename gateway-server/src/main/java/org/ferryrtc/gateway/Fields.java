package org.ferryrtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of one JSON object and collects every problem (not only the first) as a
 * {@link ApiException.FieldError} naming the field by its dotted path
 * ({@code constraints.video_params.payload_type}). Unknown fields are tolerated and ignored, so
 * scripts written for the SkyWay gateway (which send e.g. {@code domain}, {@code turn}) keep working.
 * Readers return a neutral value after recording an error; call {@link #check()} before using them.
 */
final class Fields {
    private final String commandType;
    private final String prefix;
    private final JsonNode node;
    private final List<ApiException.FieldError> errors;

    private Fields(String commandType, String prefix, JsonNode node, List<ApiException.FieldError> errors) {
        this.commandType = commandType;
        this.prefix = prefix;
        this.node = node;
        this.errors = errors;
    }

    /** The root object; a non-object body is a 400 on the field "" right away. */
    static Fields root(String commandType, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, commandType, "", "the request body must be a JSON object");
        }
        return new Fields(commandType, "", body, new ArrayList<>());
    }

    String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    void error(String name, String message) {
        errors.add(new ApiException.FieldError(name.isEmpty() ? prefix : path(name), message));
    }

    boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a 400 with every error collected so far (shared with nested readers). */
    void check() {
        if (!errors.isEmpty()) throw new ApiException(400, commandType, errors);
    }

    String requiredString(String name, int maxLength) {
        if (!has(name)) {
            error(name, name + " is required");
            return null;
        }
        return string(name, maxLength);
    }

    String optionalString(String name, int maxLength) {
        return has(name) ? string(name, maxLength) : null;
    }

    private String string(String name, int maxLength) {
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            error(name, name + " must be a string");
            return null;
        }
        String s = v.textValue();
        if (s.isEmpty()) {
            error(name, name + " must not be empty");
            return null;
        }
        if (s.length() > maxLength) {
            error(name, name + " is longer than " + maxLength + " characters");
            return null;
        }
        return s;
    }

    /** A string that may be empty; null when absent or wrong-typed. */
    String optionalText(String name, int maxLength) {
        if (!has(name)) return null;
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            error(name, name + " must be a string");
            return null;
        }
        if (v.textValue().length() > maxLength) {
            error(name, name + " is longer than " + maxLength + " characters");
            return null;
        }
        return v.textValue();
    }

    Boolean optionalBool(String name) {
        if (!has(name)) return null;
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            error(name, name + " must be true or false");
            return null;
        }
        return v.booleanValue();
    }

    boolean bool(String name, boolean dflt) {
        Boolean b = optionalBool(name);
        return b == null ? dflt : b;
    }

    Boolean requiredBool(String name) {
        if (!has(name)) {
            error(name, name + " is required");
            return null;
        }
        return optionalBool(name);
    }

    /** An integer in [min, max]; {@code dflt} when absent; {@code Long.MIN_VALUE} after an error. */
    long optionalInt(String name, long min, long max, long dflt) {
        if (!has(name)) return dflt;
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            error(name, name + " must be an integer");
            return Long.MIN_VALUE;
        }
        long n = v.longValue();
        if (n < min || n > max) {
            error(name, name + " must be between " + min + " and " + max);
            return Long.MIN_VALUE;
        }
        return n;
    }

    long requiredInt(String name, long min, long max) {
        if (!has(name)) {
            error(name, name + " is required");
            return Long.MIN_VALUE;
        }
        return optionalInt(name, min, max, Long.MIN_VALUE);
    }

    /** A nested object reader sharing this error list, or null if absent (or not an object: error recorded). */
    Fields optionalObject(String name) {
        if (!has(name)) return null;
        JsonNode v = node.get(name);
        if (!v.isObject()) {
            error(name, name + " must be an object");
            return null;
        }
        return new Fields(commandType, path(name), v, errors);
    }

    Fields requiredObject(String name) {
        if (!has(name)) {
            error(name, name + " is required");
            return null;
        }
        return optionalObject(name);
    }
}
