package org.ferryrtc.sdp;

/**
 * Malformed SDP (RFC 8866 §5, §9): names the 1-based line, the line's text and the reason, as
 * in {@code line 7 'm=audio x UDP/TLS/RTP/SAVPF 111': port is not a number}.
 */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String line;
    private final String reason;

    /**
     * @param lineNumber 1-based number of the offending line (0 when the text is not part of a
     *     description, e.g. a trickled candidate)
     * @param line the offending line without its line ending
     * @param reason why the line is rejected
     */
    public SdpParseException(int lineNumber, String line, String reason) {
        super("line " + lineNumber + " '" + line + "': " + reason);
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line number. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line, without line ending. */
    public String line() {
        return line;
    }

    /** Why the line was rejected. */
    public String reason() {
        return reason;
    }
}
