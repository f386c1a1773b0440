package org.camsink.lambda.stats;

import java.util.List;

/** The answer to one stats query: every row of the range (suppressed ones marked) and how many were suppressed. */
public record StatsResult(StatsQuery query, int k, List<StatsRow> rows) {
    public long suppressed() {
        return rows.stream().filter(StatsRow::suppressed).count();
    }
}
