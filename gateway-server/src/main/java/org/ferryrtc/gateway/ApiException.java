package org.ferryrtc.gateway;

import java.util.List;

/** A request the gateway answers with an error status and {@code {command_type, params{errors[...]}}}. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    record FieldError(String field, String message) {}

    final int status;
    final String commandType;
    final transient List<FieldError> errors;

    ApiException(int status, String commandType, List<FieldError> errors) {
        super(null, null, false, false);
        this.status = status;
        this.commandType = commandType;
        this.errors = List.copyOf(errors);
    }

    @Override
    public String getMessage() {
        return status + " " + commandType + " " + errors;
    }

    ApiException(int status, String commandType, String field, String message) {
        this(status, commandType, List.of(new FieldError(field, message)));
    }
}
