package org.ferryrtc.ice;

import org.ice4j.ice.harvest.AbstractUdpListener;

/**
 * ice4j's process-wide settings, applied once before any other ice4j class is used
 * (DESIGN §5): no cloud-metadata probe, no link-local candidates, no component socket by
 * default, and ice4j's push API (unused since {@link IceEndpoint} demultiplexes its port itself,
 * {@link SharedPort}; kept so any ice4j listener created would not start a thread per session).
 * A property the operator already set on the command line wins.
 */
final class Ice4jDefaults {
    private static volatile boolean applied;

    private Ice4jDefaults() {}

    static synchronized void apply() {
        if (applied) {
            return;
        }
        setIfAbsent("ice4j.harvest.mapping.aws.enabled", "false");
        setIfAbsent("ice4j.harvest.mapping.aws.force", "false");
        setIfAbsent("ice4j.harvest.use-link-local-addresses", "false");
        setIfAbsent("ice4j.use-component-socket", "false");
        setIfAbsent("ice4j.redact-remote-addresses", "false");
        // RFC 7675 §5.1: a consent check every 5 s (ice4j randomises it by +-20%)
        setIfAbsent("ice4j.consent-freshness.interval", "5 seconds");
        AbstractUdpListener.USE_PUSH_API = true;
        applied = true;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
