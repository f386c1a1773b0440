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
import org.camsink.report.HitReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exactly-once counting, partial reports, the daily cap and the accepted day window, against dynalite. */
@ExtendWith(DynaliteServer.class)
class IngestRulesTest {
    private static final String DAY = "2026-11-26";

    private static List<Long> trassirRow(TestBackend b) {
        b.aggregate();
        var rows = StatsRows.byKey(b.get("/v1/stats",
                Map.of("country", "UA", "from", DAY, "to", DAY, "by", "day,region,list"), Map.of()));
        return StatsRows.numbers(rows.get(DAY + "|UA-30|trassir"));
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
            // Seconds until the next UTC day from the test clock (2026-11-27T12:00Z) is beyond the report's day:
            // the cap is per report day, so Retry-After is at least 1.
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
            // The test clock is 2026-11-27: tomorrow is accepted (time zones), later is not; 7 days back is the limit.
            assertThat(b.post(Reports.bytes(report("2026-11-28", "UA-30", "x", List.of()))).getStatusCode()).isEqualTo(202);
            assertThat(b.post(Reports.bytes(report("2026-11-20", "UA-30", "x", List.of()))).getStatusCode()).isEqualTo(202);
            APIGatewayV2HTTPResponse future = b.post(Reports.bytes(report("2026-11-29", "UA-30", "x", List.of())));
            assertThat(future.getStatusCode()).isEqualTo(400);
            assertThat(future.getBody()).isEqualTo("{\"error\":\"a day in the future\",\"path\":\"$.day\"}");
            APIGatewayV2HTTPResponse old = b.post(Reports.bytes(report("2026-11-19", "UA-30", "x", List.of())));
            assertThat(old.getStatusCode()).isEqualTo(400);
            assertThat(old.getBody()).isEqualTo("{\"error\":\"older than 7 days\",\"path\":\"$.day\"}");
            assertThat(b.scanReports()).hasSize(2);
        }
    }
}
