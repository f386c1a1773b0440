package org.camsink.lambda.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.testing.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsQueryTest {
    private static StatsQuery parse(String... kv) throws StatsQuery.BadQuery {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return StatsQuery.parse(p, null, TestBackend.CLOCK);
    }

    @Test
    void defaultsAreTheLastThirtyDaysByDayRegionList() throws Exception {
        StatsQuery q = parse("country", "ua");
        assertThat(q.country()).isEqualTo("UA");
        assertThat(q.to()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(q.from()).isEqualTo(LocalDate.of(2026, 10, 28));
        assertThat(q.by()).containsExactly("day", "region", "list");
        assertThat(q.grain()).isEqualTo(Grain.DAY_REGION_LIST);
        assertThat(q.csv()).isFalse();
    }

    @Test
    void grainFollowsByAndTheListFilter() throws Exception {
        assertThat(parse("country", "UA", "by", "list,day").by()).containsExactly("day", "list");
        assertThat(parse("country", "UA", "by", "day").grain()).isEqualTo(Grain.DAY);
        assertThat(parse("country", "UA", "by", "day", "list", "trassir").grain()).isEqualTo(Grain.DAY_LIST);
        assertThat(parse("country", "UA", "by", "day,region").grain()).isEqualTo(Grain.DAY_REGION);
        assertThat(parse("country", "UA", "by", "day,list,entry").grain()).isEqualTo(Grain.DAY_LIST_ENTRY);
        assertThat(parse("country", "UA", "by", "day,region,list,entry").grain()).isEqualTo(Grain.DAY_REGION_LIST_ENTRY);
        assertThat(parse("country", "UA", "format", "csv").csv()).isTrue();
        assertThat(StatsQuery.parse(Map.of("country", "UA"), "text/csv", TestBackend.CLOCK).csv()).isTrue();
        assertThat(StatsQuery.parse(Map.of("country", "UA", "format", "json"), "text/csv", TestBackend.CLOCK).csv())
                .isFalse();
    }

    @Test
    void aFullYearIsAllowed() throws Exception {
        assertThat(parse("country", "UA", "from", "2024-01-01", "to", "2024-12-31").from().getYear()).isEqualTo(2024);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "country=|country is required",
        "country=UKR|country must be two letters",
        "country=U1|country must be two letters",
        "country=UA;from=2026-11-02;to=2026-11-01|is after to",
        "country=UA;from=2024-01-01;to=2025-01-01|more than 366 days",
        "country=UA;from=yesterday|from must be a day written YYYY-MM-DD",
        "country=UA;to=2026-02-30|to is not a calendar day",
        "country=UA;by=region,list|by must include day",
        "country=UA;by=day,entry|by=entry needs list too",
        "country=UA;by=day,day|names 'day' twice",
        "country=UA;by=day,vendor|not 'vendor'",
        "country=UA;by=|not ''",
        "country=UA;list=Not A List|list must be a list id",
        "country=UA;format=xml|format must be json or csv",
        "country=UA;callback=x|unknown parameter 'callback'",
    })
    void badParametersSayWhatToFix(String params, String message) {
        Map<String, String> p = new HashMap<>();
        for (String kv : params.split(";")) {
            String[] parts = kv.split("=", 2);
            p.put(parts[0], parts[1]);
        }
        assertThatThrownBy(() -> StatsQuery.parse(p, null, TestBackend.CLOCK))
                .isInstanceOf(StatsQuery.BadQuery.class).hasMessageContaining(message);
    }

    @Test
    void dimensionsAreKnown() {
        assertThat(StatsQuery.DIMENSIONS).isEqualTo(List.of("day", "region", "list", "entry"));
    }
}
