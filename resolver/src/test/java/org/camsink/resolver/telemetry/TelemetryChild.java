package org.camsink.resolver.telemetry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.camsink.resolver.app.Resolver;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.config.ConfigLoader;

/**
 * A resolver with telemetry in its own JVM, for the durability test and the soak script:
 * {@code TelemetryChild CONFIG.yaml ENDPOINT DATADIR INTERVAL_MS}. It prints {@code READY <udp port>} once it
 * serves, then runs until killed. The interval is set here, below the 5 s the config file allows, so a test
 * gets many reports in a few seconds.
 */
public final class TelemetryChild {
    private TelemetryChild() {}

    public static void main(String[] args) throws Exception {
        Config config = ConfigLoader.load(Path.of(args[0]));
        Config.Telemetry telemetry = new Config.Telemetry(true, URI.create(args[1]), "UA-30", Config.InstallationKind.HOME,
                Duration.ofMillis(Long.parseLong(args[3])), Path.of(args[2]), 1 << 20, Duration.ofSeconds(2));
        Resolver resolver = Resolver.start(config);
        TelemetryService service = TelemetryService.start(telemetry);
        resolver.addListener(service);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            resolver.close();
        }));
        System.out.println("READY " + resolver.udpAddresses().get(0).getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
