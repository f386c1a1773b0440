package org.camsink.resolver.bench;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.camsink.resolver.config.Config;
import org.camsink.resolver.events.Hit;
import org.camsink.resolver.events.MatchKind;
import org.camsink.resolver.pipeline.Query;
import org.camsink.resolver.pipeline.Resolution;
import org.camsink.resolver.pipeline.ResolutionKind;
import org.camsink.resolver.pipeline.Transport;
import org.camsink.resolver.telemetry.TelemetryService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;

/**
 * What telemetry adds to one answered query: {@link TelemetryService#onQuery} for a blocked query whose list
 * entry is a fresh string (as the blocking engine makes one per match). {@code knownRow}: one of 100 entries
 * already counted today; {@code overCap}: a new entry every time, after the day's row cap is reached (a 1M-domain
 * list under random queries); {@code noHit}: an ordinary answer (only the client is counted). {@code baseline}
 * and {@code baselineNew} make the same hits without telling telemetry, so the difference is what telemetry costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TelemetryRecordBench {
    private static final int KNOWN = 100;

    private Path dataDir;
    private TelemetryService telemetry;
    private Query query;
    private InetAddress client;
    private final Resolution resolved = Resolution.of(null, ResolutionKind.RESOLVED, "bench");
    private byte[][] known;
    private int i;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dataDir = Files.createTempDirectory("camsink-telemetry-bench");
        // nothing listens on port 1; with a 1 h interval no report is due during the run
        Config.Telemetry config = new Config.Telemetry(true, URI.create("http://127.0.0.1:1"), "UA-30",
                Config.InstallationKind.HOME, Duration.ofHours(1), dataDir, 1 << 20, Duration.ofSeconds(1));
        telemetry = TelemetryService.start(config);
        client = InetAddress.getByName("192.168.1.20");
        Message request = Message.newQuery(Record.newRecord(Name.fromString("x.cloud.trassir.com."), Type.A, DClass.IN));
        query = new Query(request, client, Transport.UDP, 512, false, 0);
        known = new byte[KNOWN][];
        for (int k = 0; k < KNOWN; k++) {
            known[k] = ("cloud" + k + ".trassir.com").getBytes(StandardCharsets.US_ASCII);
        }
        for (int k = 0; k < KNOWN; k++) {
            telemetry.onQuery(query, blocked(new String(known[k], StandardCharsets.US_ASCII)), 0);
        }
        for (int k = 0; k < 3000; k++) { // fill the day's rows up to the cap
            telemetry.onQuery(query, blocked("filler" + k + ".example.com"), 0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        telemetry.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Resolution blocked(String entry) {
        Hit hit = new Hit("trassir", entry, MatchKind.QNAME, client, true);
        return new Resolution(null, ResolutionKind.BLOCKED, "bench", hit);
    }

    private String freshKnown() {
        byte[] b = known[i++ % KNOWN];
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Benchmark
    public Resolution baseline() {
        return blocked(freshKnown());
    }

    @Benchmark
    public Resolution baselineNew() {
        return blocked("n" + (i++ & 0xFFFFF) + ".example.com");
    }

    @Benchmark
    public Resolution knownRow() {
        Resolution r = blocked(freshKnown());
        telemetry.onQuery(query, r, 0);
        return r;
    }

    @Benchmark
    public Resolution overCap() {
        Resolution r = blocked("n" + (i++ & 0xFFFFF) + ".example.com");
        telemetry.onQuery(query, r, 0);
        return r;
    }

    @Benchmark
    public Resolution noHit() {
        telemetry.onQuery(query, resolved, 0);
        return resolved;
    }
}
