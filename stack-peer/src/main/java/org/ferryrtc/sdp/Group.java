package org.ferryrtc.sdp;

import java.util.List;
import java.util.Objects;

/** {@code a=group:<semantics> *(SP <mid>)} (RFC 5888 §5), e.g. BUNDLE (RFC 8843 §7.1). */
public record Group(String semantics, List<String> mids) {
    public Group {
        Objects.requireNonNull(semantics);
        mids = List.copyOf(mids);
    }

    /** True for {@code BUNDLE} (case-insensitive). */
    public boolean isBundle() {
        return semantics.equalsIgnoreCase("BUNDLE");
    }
}
