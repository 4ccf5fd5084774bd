package org.ferryrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code a=rid:<rid-id> <send|recv> [pt=<fmt>,...;<key>=<value>;...]} (RFC 8851 §10).
 * {@code payloadTypes} is empty without a {@code pt=} list; the other restrictions are kept in
 * order (a restriction without a value maps to "").
 */
public record Rid(String id, boolean send, List<String> payloadTypes, Map<String, String> restrictions) {
    public Rid {
        Objects.requireNonNull(id);
        payloadTypes = List.copyOf(payloadTypes);
        restrictions = Fmtp.orderedCopy(restrictions);
    }
}
