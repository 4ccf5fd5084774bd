package org.ferryrtc.gateway;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the FerryRTC gateway.
 *
 * <pre>
 * java org.ferryrtc.gateway.Main [--config gateway.properties]
 * </pre>
 * Without arguments: HTTP on 127.0.0.1:8000, UDP ports on 127.0.0.1, redirects to 127.0.0.0/8
 * only, no API key. See {@link GatewayConfig} for the properties file and the {@code FERRY_*}
 * environment overrides. Exits with status 2 on a configuration it refuses (for example a
 * non-loopback bind without an API key). Ctrl-C / SIGTERM shut it down gracefully.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
        }
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: ferry-gateway [--config gateway.properties]  (FERRY_BIND, FERRY_HTTP_PORT, FERRY_API_KEY, ... override it)");
                return;
            } else {
                System.err.println("unknown argument: " + args[i] + " (try --help)");
                System.exit(2);
            }
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(GatewayConfig.load(config, System.getenv()));
        } catch (GatewayConfig.ConfigException e) {
            System.err.println("ferry-gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        System.out.println("FerryRTC gateway listening on http://" + gateway.config.bind() + ":" + gateway.httpPort()
                + "/ (OpenAPI at /openapi.json; Ctrl-C stops it)");
        stopped.await();
    }
}
