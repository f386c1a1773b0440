package org.camsink.lambda.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.lambda.testing.Reports.hit;
import static org.camsink.lambda.testing.Reports.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.camsink.report.HitReport;
import org.junit.jupiter.api.Test;

/** The pure aggregation function, without storage. */
class AggregatorTest {
    private static final CellKey CELL = new CellKey("UA", "2026-11-26");
    private final Aggregator aggregator = new Aggregator();

    private static AggregateRow row(List<AggregateRow> rows, Grain grain, String region, String list, String entry) {
        return rows.stream().filter(r -> r.grain() == grain && r.region().equals(region) && r.list().equals(list)
                && java.util.Objects.equals(r.entry(), entry)).findFirst().orElseThrow();
    }

    @Test
    void theSameInstallationInTwoReportsCountsOnce() {
        List<AggregateRow> rows = aggregator.aggregate(CELL, List.of(
                report("2026-11-26", "UA-30", "a", List.of(hit("trassir", "cloud.trassir.com", 40, 2))),
                report("2026-11-26", "UA-30", "a", List.of(hit("trassir", "cloud.trassir.com", 12, 1),
                        hit("xmeye", "xmeye.net", 5, 1)))));
        AggregateRow trassir = row(rows, Grain.DAY_REGION_LIST, "UA-30", "trassir", null);
        assertThat(trassir.installations()).isEqualTo(1);
        assertThat(trassir.activeInstallations()).isEqualTo(1);
        assertThat(trassir.queries()).isEqualTo(52);
        // clients are the running count for the day: the larger of 2 and 1, not their sum
        assertThat(trassir.clients()).isEqualTo(2);
        AggregateRow any = row(rows, Grain.DAY, "*", "*", null);
        assertThat(any.installations()).isEqualTo(1);
        assertThat(any.queries()).isEqualTo(57);
        assertThat(row(rows, Grain.DAY_REGION_LIST_ENTRY, "UA-30", "trassir", "cloud.trassir.com").queries()).isEqualTo(52);
    }

    @Test
    void resultDoesNotDependOnReportOrder() {
        List<HitReport> reports = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reports.add(report("2026-11-26", "UA-" + (30 + i % 3), "inst-" + (i % 17),
                    i % 4 == 0 ? List.of() : List.of(hit(i % 2 == 0 ? "trassir" : "xmeye", "e" + (i % 5) + ".example.com",
                            i + 1, 1 + i % 3))));
        }
        var expected = new java.util.HashSet<>(aggregator.aggregate(CELL, reports));
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(reports, random);
            assertThat(new java.util.HashSet<>(aggregator.aggregate(CELL, reports))).isEqualTo(expected);
        }
    }

    @Test
    void noReportsNoRows() {
        assertThat(aggregator.aggregate(CELL, List.of())).isEmpty();
    }
}
