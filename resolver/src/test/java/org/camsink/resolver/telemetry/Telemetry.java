package org.camsink.resolver.telemetry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.testing.DnsClient;
import org.xbill.DNS.Type;

/** Small helpers for telemetry tests. */
final class Telemetry {
    private Telemetry() {}

    static Config.Telemetry config(URI endpoint, Path dataDir, Duration interval, long spoolMaxBytes) {
        return new Config.Telemetry(true, endpoint, "UA-30", Config.InstallationKind.HOME, interval, dataDir,
                spoolMaxBytes, Duration.ofSeconds(10));
    }

    static Query query(String name, String client) {
        try {
            return new Query(DnsClient.query(name, Type.A), InetAddress.getByName(client), Transport.UDP, 512, false,
                    System.nanoTime());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Tells the listener about one answered query from {@code client}, a hit when {@code entry} is not null. */
    static void ask(TelemetryService s, String client, String name, String list, String entry, MatchKind match) {
        Query q = query(name, client);
        Hit hit = entry == null ? null : new Hit(list, entry, match, q.client(), true);
        s.onQuery(q, new Resolution(null, hit == null ? ResolutionKind.RESOLVED : ResolutionKind.BLOCKED, "test", hit), 1000);
    }

    static void waitFor(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
