package org.camsink.lambda.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camsink.lambda.testing.Reports.hit;
import static org.camsink.lambda.testing.Reports.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.testing.DynaliteServer;
import org.camsink.lambda.testing.Reports;
import org.camsink.lambda.testing.StatsRows;
import org.camsink.lambda.testing.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * k = 5.
 *
 * <p>On {@link #DAY}, region UA-30 has k-1 = 4 exposed installations, UA-32 has k = 5, UA-46 has k+1 = 6 and
 * UA-51 has 1; each region also has 2 installations without hits. UA-30 and UA-51 are suppressed; together they
 * hold 5 = k installations, so the country roll-up minus the visible regions tells nothing about either, and UA-32
 * stays visible at exactly k.
 *
 * <p>On {@link #DAY2}, UA-30 has 4, UA-32 5 and UA-46 6 on cloud.trassir.com, and 3 of UA-46's also hit
 * trassir.com. UA-30 alone would be read off as the country row minus UA-32 and UA-46, so the smallest visible
 * region, UA-32, is withheld with it (complementary suppression).
 */
@ExtendWith(DynaliteServer.class)
class KAnonymityTest {
    private static final String DAY = "2026-11-26";
    private static final String DAY2 = "2026-11-25";
    private static TestBackend backend;

    @BeforeAll
    static void seed(URI dynalite) {
        backend = TestBackend.create(dynalite, 5);
        Map<String, Integer> exposed = Map.of("UA-30", 4, "UA-32", 5, "UA-46", 6, "UA-51", 1);
        exposed.forEach((region, n) -> {
            for (int i = 0; i < n; i++) {
                post(report(DAY, region, region + "-exposed-" + i, List.of(hit("trassir", "cloud.trassir.com", 10, 1))));
            }
            for (int i = 0; i < 2; i++) {
                post(report(DAY, region, region + "-clean-" + i, List.of()));
            }
        });
        Map.of("UA-30", 4, "UA-32", 5, "UA-46", 6).forEach((region, n) -> {
            for (int i = 0; i < n; i++) {
                List<org.camsink.report.ReportHit> hits = region.equals("UA-46") && i < 3
                        ? List.of(hit("trassir", "cloud.trassir.com", 10, 1), hit("trassir", "trassir.com", 2, 1))
                        : List.of(hit("trassir", "cloud.trassir.com", 10, 1));
                post(report(DAY2, region, region + "-day2-" + i, hits));
            }
        });
        backend.aggregate();
    }

    private static void post(org.camsink.report.HitReport r) {
        assertThat(backend.post(Reports.bytes(r)).getStatusCode()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static Map<String, String> params(String... more) {
        Map<String, String> p = new java.util.HashMap<>(Map.of("country", "UA", "from", DAY, "to", DAY));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    @Test
    void suppressionIsExactAtKMinusOneKAndKPlusOne() {
        JsonNode root = StatsRows.parse(backend.get("/v1/stats", params("by", "day,region,list"), Map.of()).getBody());
        Map<String, JsonNode> rows = StatsRows.byKey(backend.get("/v1/stats", params("by", "day,region,list"), Map.of()));

        assertThat(root.get("k").asInt()).isEqualTo(5);
        assertThat(rows.entrySet().stream().filter(e -> e.getKey().startsWith(DAY))
                .filter(e -> e.getValue().get("suppressed").asBoolean()).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder(DAY + "|UA-30|trassir", DAY + "|UA-51|trassir");
        JsonNode below = rows.get(DAY + "|UA-30|trassir");
        assertThat(below.get("suppressed").asBoolean()).isTrue();
        assertThat(below.get("installations").isNull()).isTrue();
        assertThat(below.get("exposureRate").isNull()).isTrue();
        assertThat(below.get("queries").isNull()).isTrue();
        // k: 5 of 7 active, 50 queries, 5 clients
        assertThat(StatsRows.numbers(rows.get(DAY + "|UA-32|trassir"))).containsExactly(5L, 7L, 5L, 50L);
        assertThat(StatsRows.numbers(rows.get(DAY + "|UA-46|trassir"))).containsExactly(6L, 8L, 6L, 60L);
        // Country: 4 + 5 + 6 + 1 = 16 of 24; 16 - 5 - 6 = 5 is UA-30 and UA-51 together, k of them
        Map<String, JsonNode> country = StatsRows.byKey(backend.get("/v1/stats", params("by", "day,list"), Map.of()));
        assertThat(StatsRows.numbers(country.get(DAY + "|trassir"))).containsExactly(16L, 24L, 16L, 160L);
    }

    @Test
    void aLoneSuppressedRegionTakesTheSmallestVisibleOneWithIt() {
        Map<String, JsonNode> rows = StatsRows.byKey(backend.get("/v1/stats", params("by", "day,region,list", "from", DAY2), Map.of()));
        assertThat(rows.get(DAY2 + "|UA-30|trassir").get("suppressed").asBoolean()).isTrue();
        assertThat(rows.get(DAY2 + "|UA-32|trassir").get("suppressed").asBoolean()).isTrue();
        assertThat(StatsRows.numbers(rows.get(DAY2 + "|UA-46|trassir"))).containsExactly(6L, 6L, 9L, 66L); // 3 clients counted once per entry
        // The country row is still published: 15 - 6 = 9 is the two withheld regions together.
        Map<String, JsonNode> country = StatsRows.byKey(backend.get("/v1/stats", params("by", "day,list", "from", DAY2), Map.of()));
        assertThat(StatsRows.numbers(country.get(DAY2 + "|trassir"))).containsExactly(15L, 15L, 18L, 156L);
        // A list filter hides exactly what the whole answer hides.
        Map<String, JsonNode> filtered = StatsRows.byKey(backend.get("/v1/stats",
                params("by", "day,region,list", "list", "trassir", "from", DAY2), Map.of()));
        filtered.forEach((key, row) -> assertThat(row).as(key).isEqualTo(rows.get(key)));
    }

    @Test
    void entriesAndRegionsAreProtectedTogether() {
        Map<String, JsonNode> rows = StatsRows.byKey(backend.get("/v1/stats",
                params("by", "day,region,list,entry", "from", DAY2), Map.of()));
        // trassir.com in UA-46 (3) is below k; cloud.trassir.com (6) is the only other entry of that region and
        // list, and the region's list row would give it away, so both are withheld.
        assertThat(rows.get(DAY2 + "|UA-46|trassir|trassir.com").get("suppressed").asBoolean()).isTrue();
        assertThat(rows.get(DAY2 + "|UA-46|trassir|cloud.trassir.com").get("suppressed").asBoolean()).isTrue();
        // Over regions, cloud.trassir.com now has UA-30 (4) and UA-46 (6) withheld: 10 >= k, so UA-32 can show.
        assertThat(rows.get(DAY2 + "|UA-30|trassir|cloud.trassir.com").get("suppressed").asBoolean()).isTrue();
        assertThat(StatsRows.numbers(rows.get(DAY2 + "|UA-32|trassir|cloud.trassir.com")))
                .containsExactly(5L, 5L, 5L, 50L);
    }

    @Test
    void csvAndJsonCarryTheSameRows() {
        for (String by : List.of("day,region,list", "day,list", "day", "day,region", "day,region,list,entry")) {
            String json = backend.get("/v1/stats", params("by", by), Map.of()).getBody();
            var csvResponse = backend.get("/v1/stats", params("by", by, "format", "csv"), Map.of());
            var acceptResponse = backend.get("/v1/stats", params("by", by), Map.of("accept", "text/csv"));
            assertThat(acceptResponse.getBody()).isEqualTo(csvResponse.getBody());

            String[] lines = csvResponse.getBody().split("\r\n");
            List<String> header = List.of(lines[0].split(",", -1));
            JsonNode rows = StatsRows.parse(json).get("rows");
            assertThat(lines).hasSize(rows.size() + 1);
            for (int i = 0; i < rows.size(); i++) {
                List<String> cells = List.of(lines[i + 1].split(",", -1));
                List<String> fromJson = new ArrayList<>();
                for (String column : header) {
                    JsonNode v = rows.get(i).get(column);
                    fromJson.add(v.isNull() ? "" : v.isBigDecimal() || v.isDouble() ? v.decimalValue().toPlainString() : v.asText());
                }
                assertThat(cells).as(by + " row " + i).isEqualTo(fromJson);
            }
        }
    }
}
