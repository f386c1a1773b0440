package org.camsink.lambda.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.lambda.testing.Reports.hit;
import static org.camsink.lambda.testing.Reports.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;
import org.junit.jupiter.api.Test;

/** The pure aggregation function, without storage. */
class AggregatorTest {
    private static final CellKey CELL = new CellKey("UA", "2026-11-26");
    private static final Bounds BOUNDS = new Bounds(8, java.util.Set.copyOf(Catalogue.BUILTIN_IDS), 1000, 16, 10_000);
    private final Aggregator aggregator = new Aggregator(BOUNDS);

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
    void anInstallationCountsOnlyItsFirstRowsInKeyOrderAndOnlyCatalogueLists() {
        List<ReportHit> hits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            hits.add(hit("trassir", "e" + (char) ('a' + i) + ".example.com", 1, 1));
        }
        hits.add(hit("my-own-list", "printer.example.com", 5, 1));
        List<AggregateRow> rows = aggregator.aggregate(CELL, List.of(report("2026-11-26", "UA-30", "wide", hits)));
        List<String> entries = rows.stream().filter(r -> r.grain() == Grain.DAY_LIST_ENTRY).map(AggregateRow::entry)
                .sorted().toList();
        assertThat(entries).hasSize(8).first().isEqualTo("ea.example.com");
        assertThat(entries).last().isEqualTo("eh.example.com");
        assertThat(rows).noneMatch(r -> r.list().equals("my-own-list"));
        assertThat(row(rows, Grain.DAY, "*", "*", null).queries()).isEqualTo(8);
    }

    @Test
    void queriesAndClientsAreClippedPerInstallationAndCell() {
        List<AggregateRow> rows = aggregator.aggregate(CELL, List.of(
                report("2026-11-26", "UA-30", "loud", List.of(hit("trassir", "cloud.trassir.com", 900, 40),
                        hit("trassir", "trassir.com", 900, 3))),
                report("2026-11-26", "UA-30", "quiet", List.of(hit("trassir", "cloud.trassir.com", 7, 2)))));
        AggregateRow list = row(rows, Grain.DAY_REGION_LIST, "UA-30", "trassir", null);
        // loud: 1800 queries and 43 clients in the list cell, clipped to 1000 and 16; quiet adds 7 and 2
        assertThat(list.queries()).isEqualTo(1007);
        assertThat(list.clients()).isEqualTo(18);
        assertThat(row(rows, Grain.DAY_REGION_LIST_ENTRY, "UA-30", "trassir", "cloud.trassir.com").queries())
                .isEqualTo(907);
    }

    @Test
    void aCellOverTheRowBoundIsRefusedBeforeItCostsMore() {
        Aggregator small = new Aggregator(new Bounds(8, BOUNDS.lists(), 1000, 16, 50));
        List<HitReport> reports = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            reports.add(report("2026-11-26", String.format("AA-%03d", i), "flood-" + i,
                    List.of(hit("trassir", "x" + i + ".example.com", 1, 1))));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> small.aggregate(new CellKey("AA", "2026-11-26"), reports))
                .isInstanceOf(CellTooLarge.class).hasMessageContaining("AA#2026-11-26");
    }

    @Test
    void noReportsNoRows() {
        assertThat(aggregator.aggregate(CELL, List.of())).isEmpty();
    }
}
