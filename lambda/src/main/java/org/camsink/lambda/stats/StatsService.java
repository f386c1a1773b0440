package org.camsink.lambda.stats;

import java.util.ArrayList;
import java.util.List;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.release.PrivacyPolicy;
import org.camsink.lambda.store.AggregateStore;

/**
 * Answers stats queries from the released rows of the stored grain that matches them. The numbers were noised
 * and thresholded once, when the day was released, so this only reads: a repeated or overlapping query gets
 * exactly the same numbers, and there is nothing left to suppress here.
 */
public final class StatsService {
    private final AggregateStore aggregates;
    private final PrivacyPolicy policy;

    public StatsService(AggregateStore aggregates, PrivacyPolicy policy) {
        this.aggregates = aggregates;
        this.policy = policy;
    }

    public StatsResult query(StatsQuery q) {
        List<AggregateRow> all = aggregates.read(q.country(), q.grain(), q.from().toString(), q.to().toString());
        List<StatsRow> rows = new ArrayList<>();
        for (AggregateRow r : all) {
            if (q.list().isEmpty() || q.list().get().equals(r.list())) {
                rows.add(StatsRow.of(r));
            }
        }
        return new StatsResult(q, policy, rows);
    }
}
