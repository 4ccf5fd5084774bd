package org.ferryrtc.gateway;

/**
 * Entry point of the FerryRTC gateway.
 *
 * <p>Placeholder until the gateway issue lands: it prints what the gateway will be and the
 * embedded default configuration it will start with (DESIGN §7), then exits.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("""
                FerryRTC gateway (placeholder)
                  The gateway is not built yet. When it is, this command starts it on the
                  embedded default configuration:
                    HTTP REST + WebSocket on 127.0.0.1:8000 (no API key while loopback-only)
                    WebRTC media on one UDP port on 127.0.0.1
                    plain RTP / UDP redirects allowed to loopback only
                  Built so far: stack-rtp (RTP/RTCP views, header extensions, codecs, RTX/NACK).""");
    }
}
