package org.camsink.lambda.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.lambda.testing.Reports.hit;
import static org.camsink.lambda.testing.Reports.report;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.Reports;
import org.camsink.lambda.testing.StatsRows;
import org.camsink.lambda.testing.TestBackend;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exactly-once counting, partial reports, the daily cap and the accepted day window, against dynalite. */
@ExtendWith(DynaliteServer.class)
class IngestRulesTest {
    private static final String DAY = "2026-11-26";

    private static List<Long> trassirRow(TestBackend b) {
        return b.exact("UA", DAY, Grain.DAY_REGION_LIST, "UA-30", "trassir", null);
    }

    @Test
    void duplicateReportIdIsCountedOnce(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1)) {
            byte[] body = Reports.bytes(report(DAY, "UA-30", "one", List.of(hit("trassir", "cloud.trassir.com", 10, 2))));
            assertThat(b.post(body).getStatusCode()).isEqualTo(202);
            APIGatewayV2HTTPResponse again = b.post(body);
            assertThat(again.getStatusCode()).isEqualTo(200);
            assertThat(again.getBody()).contains("\"duplicate\":true");
            assertThat(b.scanReports()).hasSize(1);
            assertThat(trassirRow(b)).containsExactly(1L, 1L, 2L, 10L);
            // Aggregating again does not count it twice either.
            assertThat(b.post(body).getStatusCode()).isEqualTo(200);
            assertThat(trassirRow(b)).containsExactly(1L, 1L, 2L, 10L);
        }
    }

    @Test
    void twoPartialReportsOfOneInstallationCountOnceAndAddHits(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1)) {
            b.post(Reports.bytes(report(DAY, "UA-30", "same", List.of(hit("trassir", "cloud.trassir.com", 40, 2)))));
            b.post(Reports.bytes(report(DAY, "UA-30", "same", List.of(hit("trassir", "cloud.trassir.com", 12, 1)))));
            b.post(Reports.bytes(report(DAY, "UA-30", "other", List.of())));
            // one exposed installation (two reports), two active; clients max(2, 1), each report carrying the
            // day's running count; queries 40 + 12
            assertThat(trassirRow(b)).containsExactly(1L, 2L, 2L, 52L);
        }
    }

    @Test
    void dailyCapAnswers429AndStoresNothingMore(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1, 3)) {
            for (int i = 0; i < 3; i++) {
                HitReport r = report(DAY, "UA-30", "chatty", List.of(hit("trassir", "cloud.trassir.com", 1, 1)));
                assertThat(b.post(Reports.bytes(r)).getStatusCode()).isEqualTo(202);
            }
            APIGatewayV2HTTPResponse over = b.post(Reports.bytes(
                    report(DAY, "UA-30", "chatty", List.of(hit("trassir", "cloud.trassir.com", 1, 1)))));
            assertThat(over.getStatusCode()).isEqualTo(429);
            // Seconds until the next UTC day from the test clock (2026-11-26T12:00Z): the cap is per report day.
            assertThat(Long.parseLong(over.getHeaders().get("Retry-After"))).isPositive();
            assertThat(b.scanReports()).hasSize(3);
            // Another installation is not affected.
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "quiet", List.of()))).getStatusCode()).isEqualTo(202);
        }
    }

    @Test
    void duplicatesDoNotUseTheCap(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1, 2)) {
            byte[] body = Reports.bytes(report(DAY, "UA-30", "retrying", List.of()));
            assertThat(b.post(body).getStatusCode()).isEqualTo(202);
            for (int i = 0; i < 5; i++) {
                assertThat(b.post(body).getStatusCode()).isEqualTo(200);
            }
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "retrying", List.of()))).getStatusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void aRetryOfAStoredReportIsADuplicateEvenAtTheCap(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1, 2)) {
            byte[] first = Reports.bytes(report(DAY, "UA-30", "full", List.of(hit("trassir", "cloud.trassir.com", 3, 1))));
            assertThat(b.post(first).getStatusCode()).isEqualTo(202);
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "full", List.of()))).getStatusCode()).isEqualTo(202);
            // The allowance is used up; the sender lost the first 202 and sends the same report again.
            APIGatewayV2HTTPResponse retry = b.post(first);
            assertThat(retry.getStatusCode()).isEqualTo(200);
            assertThat(retry.getBody()).contains("\"duplicate\":true");
            // A new report from the same installation is still over the cap.
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "full", List.of()))).getStatusCode()).isEqualTo(429);
            assertThat(b.scanReports()).hasSize(2);
        }
    }

    @Test
    void daysOutsideTheWindowAreRefused(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1)) {
            // The test clock is 2026-11-26T12:00Z: tomorrow is accepted (time zones), later is not; yesterday is
            // taken until 24 h after it ended (the release delay), the day before is released already.
            assertThat(b.post(Reports.bytes(report("2026-11-27", "UA-30", "x", List.of()))).getStatusCode()).isEqualTo(202);
            assertThat(b.post(Reports.bytes(report("2026-11-25", "UA-30", "x", List.of()))).getStatusCode()).isEqualTo(202);
            APIGatewayV2HTTPResponse future = b.post(Reports.bytes(report("2026-11-28", "UA-30", "x", List.of())));
            assertThat(future.getStatusCode()).isEqualTo(400);
            assertThat(future.getBody()).isEqualTo("{\"error\":\"a day in the future\",\"path\":\"$.day\"}");
            APIGatewayV2HTTPResponse old = b.post(Reports.bytes(report("2026-11-24", "UA-30", "x", List.of())));
            assertThat(old.getStatusCode()).isEqualTo(400);
            assertThat(old.getBody()).isEqualTo("{\"error\":\"the statistics of 2026-11-24 are released; reports for a "
                    + "day are taken until 24 h after it ends (UTC)\",\"path\":\"$.day\"}");
            assertThat(b.scanReports()).hasSize(2);
        }
    }

    @Test
    void theStoredItemSaysTheDayNeverTheArrival(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1)) {
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "x", List.of()))).getStatusCode()).isEqualTo(202);
            var item = b.scanReports().getFirst();
            // 2026-11-27T00:00Z (the end of the report's day) + 90 days, whatever the time of arrival
            long dayEnd = java.time.Instant.parse("2026-11-27T00:00:00Z").getEpochSecond();
            assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(dayEnd + 90 * 86_400L);
            assertThat(item.keySet()).doesNotContain("receivedAt", "arrivedAt", "markedAt");
        }
    }

    @Test
    void aReportOverTheRowBoundOrWithAListOutsideTheCatalogueIs400AndStoresNothing(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1)) {
            List<ReportHit> nine = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                nine.add(hit("trassir", "e" + i + ".example.com", 1, 1));
            }
            APIGatewayV2HTTPResponse wide = b.post(Reports.bytes(report(DAY, "UA-30", "wide", nine)));
            assertThat(wide.getStatusCode()).isEqualTo(400);
            assertThat(wide.getBody()).contains("more than 8 hit rows", "\"path\":\"$.hits\"");
            APIGatewayV2HTTPResponse custom = b.post(Reports.bytes(report(DAY, "UA-30", "own",
                    List.of(hit("trassir", "cloud.trassir.com", 1, 1), hit("my-cameras", "nas.example.com", 1, 1)))));
            assertThat(custom.getStatusCode()).isEqualTo(400);
            assertThat(custom.getBody()).contains("'my-cameras' is not a list of the bundled catalogue",
                    "\"path\":\"$.hits[1].list\"");
            assertThat(b.scanReports()).isEmpty();
        }
    }

    @Test
    void anInstallationDayOverTheRowBoundIs400AndKeepsItsAllowance(URI dynalite) {
        try (TestBackend b = TestBackend.create(dynalite, 1, 4)) {
            for (int r = 0; r < 2; r++) {
                List<ReportHit> four = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    four.add(hit("trassir", "r" + r + "e" + i + ".example.com", 1, 1));
                }
                assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "busy", four))).getStatusCode()).isEqualTo(202);
            }
            // rows already reported today count once: the same rows again stay inside the bound
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "busy",
                    List.of(hit("trassir", "r0e0.example.com", 5, 1))))).getStatusCode()).isEqualTo(202);
            APIGatewayV2HTTPResponse ninth = b.post(Reports.bytes(report(DAY, "UA-30", "busy",
                    List.of(hit("trassir", "new.example.com", 1, 1)))));
            assertThat(ninth.getStatusCode()).isEqualTo(400);
            assertThat(ninth.getBody()).contains("more than 8 distinct hit rows on " + DAY);
            assertThat(b.scanReports()).hasSize(3);
            // the refused report gave its unit back (cap 4: one more report fits, then no more)
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "busy", List.of()))).getStatusCode()).isEqualTo(202);
            assertThat(b.post(Reports.bytes(report(DAY, "UA-30", "busy", List.of()))).getStatusCode()).isEqualTo(429);
            // and its row was not kept: the installation's 8 rows are exactly the accepted ones
            assertThat(b.exact("UA", DAY).stream().filter(r -> r.grain() == Grain.DAY_LIST_ENTRY)
                    .map(r -> r.entry())).hasSize(8).doesNotContain("new.example.com");
        }
    }
}
