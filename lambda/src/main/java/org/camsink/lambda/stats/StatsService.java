package org.camsink.lambda.stats;

import java.util.List;
import org.camsink.lambda.store.AggregateStore;

/** Answers stats queries from the stored grain that matches them, applying k-anonymity suppression. */
public final class StatsService {
    private final AggregateStore aggregates;
    private final int k;

    public StatsService(AggregateStore aggregates, int k) {
        this.aggregates = aggregates;
        this.k = k;
    }

    public StatsResult query(StatsQuery q) {
        List<StatsRow> rows = aggregates.read(q.country(), q.grain(), q.from().toString(), q.to().toString()).stream()
                .filter(r -> q.list().isEmpty() || q.list().get().equals(r.list()))
                .map(r -> StatsRow.of(r, k))
                .toList();
        return new StatsResult(q, k, rows);
    }
}
