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
 * k = 5. Region UA-30 has k-1 = 4 exposed installations, UA-32 has k = 5, UA-46 has k+1 = 6; each region also
 * has 2 installations without hits. Only UA-30 is suppressed, and the country roll-up (15) is shown.
 */
@ExtendWith(DynaliteServer.class)
class KAnonymityTest {
    private static final String DAY = "2026-11-26";
    private static TestBackend backend;

    @BeforeAll
    static void seed(URI dynalite) {
        backend = TestBackend.create(dynalite, 5);
        Map<String, Integer> exposed = Map.of("UA-30", 4, "UA-32", 5, "UA-46", 6);
        exposed.forEach((region, n) -> {
            for (int i = 0; i < n; i++) {
                post(report(DAY, region, region + "-exposed-" + i, List.of(hit("trassir", "cloud.trassir.com", 10, 1))));
            }
            for (int i = 0; i < 2; i++) {
                post(report(DAY, region, region + "-clean-" + i, List.of()));
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
        assertThat(root.get("suppressed").asInt()).isEqualTo(1);
        JsonNode below = rows.get(DAY + "|UA-30|trassir");
        assertThat(below.get("suppressed").asBoolean()).isTrue();
        assertThat(below.get("installations").isNull()).isTrue();
        assertThat(below.get("exposureRate").isNull()).isTrue();
        assertThat(below.get("queries").isNull()).isTrue();
        // k: 5 of 7 active, 50 queries, 5 clients
        assertThat(StatsRows.numbers(rows.get(DAY + "|UA-32|trassir"))).containsExactly(5L, 7L, 5L, 50L);
        assertThat(StatsRows.numbers(rows.get(DAY + "|UA-46|trassir"))).containsExactly(6L, 8L, 6L, 60L);
        // Country: 4 + 5 + 6 = 15 of 21
        Map<String, JsonNode> country = StatsRows.byKey(backend.get("/v1/stats", params("by", "day,list"), Map.of()));
        assertThat(StatsRows.numbers(country.get(DAY + "|trassir"))).containsExactly(15L, 21L, 15L, 150L);
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
