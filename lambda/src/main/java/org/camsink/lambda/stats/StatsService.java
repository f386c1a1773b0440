package org.camsink.lambda.stats;

import java.util.ArrayList;
import java.util.List;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.store.AggregateStore;

/** Answers stats queries from the stored grain that matches them, withholding cells per {@link Suppression}. */
public final class StatsService {
    private final AggregateStore aggregates;
    private final int k;

    public StatsService(AggregateStore aggregates, int k) {
        this.aggregates = aggregates;
        this.k = k;
    }

    public StatsResult query(StatsQuery q) {
        List<AggregateRow> all = aggregates.read(q.country(), q.grain(), q.from().toString(), q.to().toString());
        // decided on the whole grain, before the list filter, so that filtering never shows a cell
        boolean[] hidden = Suppression.hidden(all, q.grain(), k);
        List<StatsRow> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            AggregateRow r = all.get(i);
            if (q.list().isEmpty() || q.list().get().equals(r.list())) {
                rows.add(StatsRow.of(r, hidden[i]));
            }
        }
        return new StatsResult(q, k, rows);
    }
}
