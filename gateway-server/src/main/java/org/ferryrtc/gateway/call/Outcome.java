package org.ferryrtc.gateway.call;

/** A {@link CallControl}'s answer to one command. */
public sealed interface Outcome {

    /** Done or enqueued. {@code connectionId} names the new connection for create commands, else null. */
    record Accepted(String connectionId) implements Outcome {}

    /**
     * Refused: the REST client gets {@code httpStatus} and
     * {@code {command_type, params{errors[{field, message}]}}}. {@code field} may be "".
     */
    record Refused(int httpStatus, String field, String message) implements Outcome {
        public Refused {
            if (httpStatus < 400 || httpStatus > 599) throw new IllegalArgumentException("not an error status: " + httpStatus);
            if (field == null || message == null) throw new NullPointerException();
        }
    }
}
