package org.camsink.lambda.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.camsink.lambda.aggregate.AggregationService;
import org.camsink.lambda.local.LocalOptions;
import org.camsink.lambda.local.LocalRunner;
import org.camsink.lambda.testing.MovableClock;
import org.camsink.lambda.testing.Reports;
import org.camsink.lambda.testing.TestTokens;
import org.camsink.report.ReportHit;

/**
 * Load script (not a test): starts the local runner with its own dynalite, posts N distinct reports concurrently
 * over HTTP, then times one aggregation of everything. Run through {@code lambda/bench/load.sh N CONCURRENCY}.
 * Reports spread over 25 regions, 2 days and 2 lists; about a third hit nothing.
 */
public final class LoadBench {
    private LoadBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        // Reports are posted on the real clock; then the clock moves two days on, so both days are closed
        // and the aggregation run releases them.
        MovableClock clock = new MovableClock(Instant.now());
        LocalOptions options = LocalOptions.defaults(Map.of()).withPort(0).withInlineAggregate(false);
        options = new LocalOptions(0, options.dynamodb(), Duration.ofHours(1), false, options.k(),
                options.reportsTable(), options.statsTable(), clock, options.release(), TestTokens.file(), 1);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> days = List.of(today.minusDays(1).toString(), today.toString());
        try (LocalRunner runner = LocalRunner.start(options)) {
            URI ingest = runner.url().resolve("/v1/reports");
            System.out.printf("runner %s, posting %d reports with %d concurrent clients%n", runner.url(), n, concurrency);
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicLong latencyNanos = new AtomicLong();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int id = i;
                pool.execute(() -> {
                    Random random = new Random(id);
                    List<ReportHit> hits = switch (random.nextInt(3)) {
                        case 0 -> List.of();
                        case 1 -> List.of(Reports.hit("trassir", "cloud.trassir.com", 1 + random.nextInt(500), 1 + random.nextInt(4)));
                        default -> List.of(Reports.hit("trassir", "cloud.trassir.com", 1 + random.nextInt(500), 1),
                                Reports.hit("xmeye", "xmeye.net", 1 + random.nextInt(50), 1));
                    };
                    String region = String.format("UA-%02d", 5 + random.nextInt(25));
                    byte[] body = Reports.bytes(Reports.report(days.get(id % 2), region, "bench-" + id, hits));
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .header("Authorization", TestTokens.authorization())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    latencyNanos.addAndGet(System.nanoTime() - t0);
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(2, TimeUnit.HOURS)) {
                throw new IllegalStateException("posting did not finish");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ingest: %d reports in %.1f s = %.0f reports/s, mean latency %.1f ms, statuses %s%n",
                    n, seconds, n / seconds, latencyNanos.get() / 1e6 / n, statuses);
            clock.set(today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(1)));
            long a0 = System.nanoTime();
            AggregationService.RunResult run = runner.aggregateNow();
            double aggSeconds = (System.nanoTime() - a0) / 1e9;
            System.out.printf("aggregation: %d cells, %d reports, %d rows published in %.1f s (%.0f reports/s), "
                    + "%d failed, %d oversized%n", run.cells(), run.reports(), run.rows(), aggSeconds,
                    run.reports() / aggSeconds, run.failed(), run.oversized());
            http.close();
        }
        System.exit(0);
    }
}
