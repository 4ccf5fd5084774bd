package org.ferryrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One payload format of an RTP m-line: its {@code rtpmap} (RFC 8866 §6.6), {@code fmtp}
 * parameters (§6.15) and {@code rtcp-fb} lines (RFC 4585 §4.2, wildcard ones included).
 * Static payload types without rtpmap (RFC 3551 table 4/5) get their well-known name.
 */
public record Codec(int payloadType, String name, int clockRate, int channels,
        Map<String, String> fmtp, List<RtcpFb> feedback) {
    public Codec {
        Objects.requireNonNull(name);
        fmtp = Fmtp.orderedCopy(fmtp);
        feedback = List.copyOf(feedback);
    }

    /** True if the encoding name is {@code name}, ignoring case. */
    public boolean is(String name) {
        return this.name.equalsIgnoreCase(name);
    }

    /** The fmtp parameter {@code key}, or {@code dflt} when absent. */
    public String param(String key, String dflt) {
        String v = fmtp.get(key);
        return v == null ? dflt : v;
    }

    /** True for RTX (RFC 4588), whose {@code apt} names the protected payload type. */
    public boolean isRtx() {
        return is("rtx");
    }
}
