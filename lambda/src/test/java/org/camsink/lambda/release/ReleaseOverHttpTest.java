package org.camsink.lambda.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.lambda.testing.Reports.hit;
import static org.camsink.lambda.testing.Reports.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.AggregationService;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.local.LocalOptions;
import org.camsink.lambda.local.LocalRunner;
import org.camsink.lambda.store.dynamo.DynamoDirtyCells;
import org.camsink.lambda.store.dynamo.DynamoReportStore;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.MovableClock;
import org.camsink.lambda.testing.Reports;
import org.camsink.lambda.testing.StatsRows;
import org.camsink.lambda.testing.TestBackend;
import org.camsink.lambda.testing.TestTokens;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The release over HTTP: the local runner on dynalite, reports posted on 2026-11-26, the clock then moved past
 * the day's close (24 h release delay and 10 s settle) so one aggregation run releases it. k = 1 and the loose
 * test epsilon, so that a handful of installations is enough to be published; MAX_CELL_ROWS 500.
 */
@ExtendWith(DynaliteServer.class)
class ReleaseOverHttpTest {
    private static final String DAY = "2026-11-26";
    private static final Instant CLOSED = Instant.parse("2026-11-28T00:01:00Z");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private LocalRunner runner;
    private String suffix;

    @BeforeEach
    void start(URI dynalite) throws IOException {
        suffix = Long.toHexString(System.nanoTime());
        runner = LocalRunner.start(LocalOptions.defaults(Map.of()).withPort(0).withDynamodb(dynalite).withK(1)
                .withClock(clock).withInlineAggregate(false).withRelease(TestBackend.LOOSE.withMaxCellRows(500))
                .withKeyFile(TestTokens.file()).withTables("rel-reports-" + suffix, "rel-stats-" + suffix));
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private HttpResponse<String> post(HitReport r) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(runner.url().resolve("/v1/reports")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", TestTokens.authorization())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.bytes(r)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String stats(String query) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(runner.url().resolve("/v1/stats?" + query))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private void postUkraine(int installations) throws Exception {
        for (int i = 0; i < installations; i++) {
            assertThat(post(report(DAY, "UA-48", "ua48-" + i, List.of(hit("trassir", "cloud.trassir.com", 10 + i, 1))))
                    .statusCode()).isEqualTo(202);
        }
    }

    @Test
    void theFreezeAttackNoLongerHoldsUpAnotherCountrysCell() throws Exception {
        // 60 reports with hundreds of invented list ids in regions AA-000...: refused at ingest
        for (int i = 0; i < 60; i++) {
            List<ReportHit> hits = new ArrayList<>();
            for (int l = 0; l < 300; l++) {
                hits.add(hit("invented-" + l, "x" + l + ".example.com", 1, 1));
            }
            HttpResponse<String> r = post(report(DAY, String.format("AA-%03d", i), "flood-" + i, hits));
            assertThat(r.statusCode()).isEqualTo(400);
        }
        postUkraine(4);
        // and in case such reports are in the store anyway: an oversized cell, and a cell whose item is broken
        DynamoReportStore store = new DynamoReportStore(runner.dynamo(), "rel-reports-" + suffix);
        DynamoDirtyCells dirty = new DynamoDirtyCells(runner.dynamo(), "rel-stats-" + suffix);
        for (int i = 0; i < 60; i++) {
            List<ReportHit> hits = new ArrayList<>();
            for (int e = 0; e < 8; e++) {
                hits.add(hit("trassir", "i" + i + "e" + e + ".example.com", 1, 1));
            }
            store.putIfAbsent(report(DAY, String.format("AA-%03d", i), "planted-" + i, hits), 0);
        }
        dirty.mark(new CellKey("AA", DAY), clock.millis());
        runner.dynamo().putItem(b -> b.tableName("rel-reports-" + suffix).item(Map.of(
                "pk", AttributeValue.fromS("AB#" + DAY), "sk", AttributeValue.fromS("broken"))));
        dirty.mark(new CellKey("AB", DAY), clock.millis());

        clock.set(CLOSED);
        AggregationService.RunResult run = runner.aggregateNow();
        // one aggregation period: the first run after the day closed publishes UA-48
        assertThat(run.oversized()).isEqualTo(1);
        assertThat(run.failed()).isEqualTo(1);
        var rows = StatsRows.parse(stats("country=UA&from=" + DAY + "&to=" + DAY + "&by=day,region,list")).get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("region").asText()).isEqualTo("UA-48");
        assertThat(rows.get(0).get("installations").asLong()).isEqualTo(4);
        // the two bad cells stay dirty and are tried again by the next run, which still publishes nothing for them
        AggregationService.RunResult next = runner.aggregateNow();
        assertThat(next.cells()).isEqualTo(2);
        assertThat(next.oversized() + next.failed()).isEqualTo(2);
    }

    @Test
    void everyReadOfAReleasedDayGivesTheSameNumbersAndALateReportChangesNothing() throws Exception {
        postUkraine(6);
        assertThat(stats("country=UA&from=" + DAY + "&to=" + DAY + "&by=day")).contains("\"rows\":[]");
        clock.set(CLOSED);
        runner.aggregateNow();
        String first = stats("country=UA&from=" + DAY + "&to=" + DAY + "&by=day,region,list");
        assertThat(StatsRows.parse(first).get("rows")).hasSize(1);
        // an hour later a household posts another report for that day: refused, nothing moves
        clock.advance(Duration.ofHours(1));
        HttpResponse<String> late = post(report(DAY, "UA-48", "latecomer", List.of(hit("trassir", "cloud.trassir.com", 7, 1))));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("are released");
        runner.aggregateNow();
        assertThat(stats("country=UA&from=" + DAY + "&to=" + DAY + "&by=day,region,list")).isEqualTo(first);
        // an overlapping range reads the same stored numbers for that day
        var wide = StatsRows.parse(stats("country=UA&from=2026-11-20&to=2026-11-27&by=day,region,list")).get("rows");
        assertThat(wide.toString()).isEqualTo(StatsRows.parse(first).get("rows").toString());
    }
}
