package org.camsink.lambda.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.lambda.store.dynamo.DynamoReportStore;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.GoldenReports;
import org.camsink.lambda.testing.StatsRows;
import org.camsink.lambda.testing.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The report contract's golden reports (3 regions, lists trassir and xmeye, 2 days) ingested over the handler,
 * read back from dynalite and aggregated exactly (clips too large to matter here); every number below is worked
 * out by hand from the golden files. Only cells that some installation's hits touched have a row. Then the same
 * reports released through the aggregation handler with k = 1 and the loose test epsilon: the published
 * installation counts equal the exact ones, and only cells over the threshold are there.
 *
 * <pre>
 * 2026-11-25  B  UA-30 inst zWZg  trassir cloud.trassir.com q310 c12, q4 c1 (cname); 203.0.113.0/24 q9 c2
 *             A1 UA-30 inst 3J2p  trassir cloud.trassir.com q40 c2           (A1 and A2: one installation,
 *             A2 UA-30 inst 3J2p  trassir cloud.trassir.com q12 c2; xmeye xmeye.net q8 c1   two partial reports)
 *             E  UA-32 inst MWQd  no hits
 *             C  UA-46 inst fWH3  xmeye xmeye.net q55 c3; xmeye secu100.net q21 c3
 *             D  UA-46 inst WGlZ  trassir cloud.trassir.com q9100 c37; xmeye xmeye.net q2400 c61, xmcsrv.net q300 c18
 * 2026-11-26  A' UA-30 inst FWLa  trassir cloud.trassir.com q35 c2
 *             F  UA-32 inst qtEq  trassir cloud.trassir.com q77 c5
 *             E' UA-32 inst 6wLb  xmeye xmeye.net q6 c1
 *             C' UA-46 inst v7YQ  no hits
 * </pre>
 */
@ExtendWith(DynaliteServer.class)
class GoldenPipelineTest {
    private static final Aggregator EXACT = new Aggregator(
            new Bounds(8, java.util.Set.copyOf(Catalogue.BUILTIN_IDS), Long.MAX_VALUE, Long.MAX_VALUE, 100_000));
    private static TestBackend backend;
    private static List<AggregateRow> exact;

    @BeforeAll
    static void ingestAndAggregate(URI dynalite) {
        backend = TestBackend.create(dynalite, 1);
        for (Map.Entry<String, byte[]> golden : GoldenReports.folder("valid").entrySet()) {
            assertThat(backend.post(golden.getValue()).getStatusCode()).as(golden.getKey()).isEqualTo(202);
        }
        // Re-sending every report is a duplicate and changes nothing.
        for (byte[] body : GoldenReports.folder("valid").values()) {
            assertThat(backend.post(body).getStatusCode()).isEqualTo(200);
        }
        DynamoReportStore store = new DynamoReportStore(backend.dynamo, backend.config.reportsTable());
        exact = new java.util.ArrayList<>();
        for (String day : List.of("2026-11-25", "2026-11-26")) {
            CellKey cell = new CellKey("UA", day);
            exact.addAll(EXACT.aggregate(cell, store.reportsOf(cell)));
        }
        Map<String, Object> run = backend.aggregate();
        assertThat(run).containsEntry("cells", 2).containsEntry("reports", 10L).containsEntry("cleared", 2)
                .containsEntry("failed", 0).containsEntry("oversized", 0);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** The exact rows of a grain: key (day|region|list|entry, roll-ups left out) to the four counts. */
    private static Map<String, List<Long>> exact(Grain grain) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (AggregateRow r : exact) {
            if (r.grain() != grain) {
                continue;
            }
            List<String> key = new java.util.ArrayList<>(List.of(r.day()));
            if (grain.hasRegion()) {
                key.add(r.region());
            }
            if (grain.hasList()) {
                key.add(r.list());
            }
            if (grain.hasEntry()) {
                key.add(r.entry());
            }
            out.put(String.join("|", key), List.of(r.installations(), r.activeInstallations(), r.clients(), r.queries()));
        }
        return out;
    }

    private static Map<String, JsonNode> published(String by) {
        return StatsRows.byKey(backend.get("/v1/stats",
                Map.of("country", "UA", "from", "2026-11-25", "to", "2026-11-26", "by", by), Map.of()));
    }

    @Test
    void dayRegionList() {
        // [installations, activeInstallations, clients, queries]
        assertThat(exact(Grain.DAY_REGION_LIST)).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                // UA-30 on the 25th: B and A are active (A counts once for its two reports).
                // trassir: B + A = 2 installations; clients 12+1+2 (B) + max(2 (A1), 2 (A2)) = 17, because each
                //          partial report carries A's running count for the day;
                //          queries 310+4+9 (B) + 40 (A1) + 12 (A2) = 375
                Map.entry("2026-11-25|UA-30|trassir", List.of(2L, 2L, 17L, 375L)),
                Map.entry("2026-11-25|UA-30|xmeye", List.of(1L, 2L, 1L, 8L)),      // A2 only
                Map.entry("2026-11-25|UA-46|trassir", List.of(1L, 2L, 37L, 9100L)), // D
                // xmeye in UA-46: C and D; clients 3+3+61+18 = 85; queries 55+21+2400+300 = 2776
                Map.entry("2026-11-25|UA-46|xmeye", List.of(2L, 2L, 85L, 2776L)),
                Map.entry("2026-11-26|UA-30|trassir", List.of(1L, 1L, 2L, 35L)),   // A'
                Map.entry("2026-11-26|UA-32|trassir", List.of(1L, 2L, 5L, 77L)),   // F; E' and F active
                Map.entry("2026-11-26|UA-32|xmeye", List.of(1L, 2L, 1L, 6L)))));   // E'
    }

    @Test
    void dayListCountsDistinctInstallationsAcrossRegions() {
        assertThat(exact(Grain.DAY_LIST)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                // trassir on the 25th: B, A, D = 3 of 5 active; clients 17 + 37 = 54; queries 375 + 9100 = 9475
                "2026-11-25|trassir", List.of(3L, 5L, 54L, 9475L),
                // xmeye on the 25th: A, C, D = 3; clients 1 + 85 = 86; queries 8 + 2776 = 2784
                "2026-11-25|xmeye", List.of(3L, 5L, 86L, 2784L),
                // 26th: 4 active (A', F, E', C'); trassir A', F; clients 2+5; queries 35+77
                "2026-11-26|trassir", List.of(2L, 4L, 7L, 112L),
                "2026-11-26|xmeye", List.of(1L, 4L, 1L, 6L))));
    }

    @Test
    void dayAndDayRegionRollUpOverLists() {
        // Any list, 25th: B, A, C, D exposed of 5; A hit both lists and counts once.
        // clients 54 + 86 = 140; queries 9475 + 2784 = 12259. 26th: A', F, E' of 4; clients 8; queries 118.
        assertThat(exact(Grain.DAY)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-11-25", List.of(4L, 5L, 140L, 12259L),
                "2026-11-26", List.of(3L, 4L, 8L, 118L))));
        // UA-32 on the 25th (E, no hits) and UA-46 on the 26th (C', no hits) have no row
        assertThat(exact(Grain.DAY_REGION)).containsEntry("2026-11-25|UA-30", List.of(2L, 2L, 18L, 383L))
                .containsEntry("2026-11-25|UA-46", List.of(2L, 2L, 122L, 11876L))
                .containsEntry("2026-11-26|UA-32", List.of(2L, 2L, 6L, 83L))
                .hasSize(4);
    }

    @Test
    void entriesStayAvailable() {
        Map<String, List<Long>> entries = exact(Grain.DAY_LIST_ENTRY);
        // cloud.trassir.com on the 25th: B (qname + cname rows), A1, A2, D.
        // clients 12+1+max(2,2)+37 = 52; queries 310+4+40+12+9100 = 9466
        assertThat(entries).containsEntry("2026-11-25|trassir|cloud.trassir.com", List.of(3L, 5L, 52L, 9466L))
                .containsEntry("2026-11-25|trassir|203.0.113.0/24", List.of(1L, 5L, 2L, 9L))
                // xmeye.net: A2, C, D; clients 1+3+61; queries 8+55+2400
                .containsEntry("2026-11-25|xmeye|xmeye.net", List.of(3L, 5L, 65L, 2463L))
                .containsEntry("2026-11-25|xmeye|secu100.net", List.of(1L, 5L, 3L, 21L))
                .containsEntry("2026-11-25|xmeye|xmcsrv.net", List.of(1L, 5L, 18L, 300L))
                .hasSize(7);
    }

    @Test
    void theReleasePublishesTheCellsOverTheThresholdWithTheirInstallationCounts() {
        // k = 1 and the loose epsilon: thresholds 2 (day, day-region) and 3 (the list and entry grains)
        Map<String, JsonNode> dayList = published("day,list");
        assertThat(dayList.keySet()).containsExactly("2026-11-25|trassir", "2026-11-25|xmeye");
        assertThat(StatsRows.numbers(dayList.get("2026-11-25|trassir")).subList(0, 2)).containsExactly(3L, 5L);
        assertThat(dayList.get("2026-11-25|trassir").get("exposureRate").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(published("day").keySet()).containsExactly("2026-11-25", "2026-11-26");
        assertThat(StatsRows.numbers(published("day").get("2026-11-26")).subList(0, 2)).containsExactly(3L, 4L);
        assertThat(published("day,list,entry").keySet()).containsExactly("2026-11-25|trassir|cloud.trassir.com",
                "2026-11-25|xmeye|xmeye.net");
    }

    @Test
    void aReleaseIsWrittenOnceAndNeverRecomputed() {
        String before = backend.get("/v1/stats", Map.of("country", "UA", "from", "2026-11-25", "to", "2026-11-26",
                "by", "day,region,list,entry"), Map.of()).getBody();
        // Re-mark both cells by re-sending a report (a duplicate still marks), then aggregate again.
        backend.post(GoldenReports.folder("valid").values().iterator().next());
        Map<String, Object> again = backend.aggregate();
        assertThat(again).containsEntry("rows", 0);
        assertThat(backend.get("/v1/stats", Map.of("country", "UA", "from", "2026-11-25", "to", "2026-11-26",
                "by", "day,region,list,entry"), Map.of()).getBody()).isEqualTo(before);
    }
}
