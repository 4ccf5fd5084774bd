package org.ferryrtc.gateway.call;

import java.net.Inet4Address;

/** A {@code redirect_params} entry {@code {ip_v4, port}}: where received media/data go as plain UDP. */
public record Redirect(Inet4Address ipV4, int port) {
    public Redirect {
        if (ipV4 == null) throw new NullPointerException("ipV4");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port);
    }
}
