package org.camsink.lambda.release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.Grain;
import org.camsink.lambda.release.PrivacyPolicy.Column;

/**
 * Turns the exact rows of one (country, day) cell into the rows that are published: every count gets its own
 * discrete Laplace noise (scales from the {@link PrivacyPolicy}), and a row is kept only when its exact
 * installation count reaches k, its noisy one reaches the grain's threshold, and its region's noisy active count
 * reaches the active threshold. Each region's active count (and the country's) is drawn once and shared by every
 * row of that region, so the exposure rates of one region all divide by the same published denominator.
 * Clients and queries are clamped at 0 after the noise, which is post-processing and costs no privacy.
 */
public final class Releaser {
    private final PrivacyPolicy policy;
    private final DiscreteLaplace noise;

    public Releaser(PrivacyPolicy policy, DiscreteLaplace noise) {
        this.policy = policy;
        this.noise = noise;
    }

    public PrivacyPolicy policy() {
        return policy;
    }

    public List<AggregateRow> release(List<AggregateRow> exact) {
        Map<String, Long> activeExact = new HashMap<>();
        for (AggregateRow r : exact) {
            activeExact.putIfAbsent(r.region(), r.activeInstallations());
        }
        Map<String, Long> activeNoisy = new HashMap<>();
        long activeThreshold = policy.activeThreshold();
        activeExact.forEach((region, n) -> {
            long noisy = n + noise.sample(policy.activeScale());
            if (n >= policy.k() && noisy >= activeThreshold) {
                activeNoisy.put(region, noisy);
            }
        });
        List<AggregateRow> published = new ArrayList<>();
        for (AggregateRow r : exact) {
            Grain g = r.grain();
            long installations = r.installations() + noise.sample(policy.scale(g, Column.INSTALLATIONS));
            long clients = Math.max(0, r.clients() + noise.sample(policy.scale(g, Column.CLIENTS)));
            long queries = Math.max(0, r.queries() + noise.sample(policy.scale(g, Column.QUERIES)));
            Long active = activeNoisy.get(r.region());
            if (r.installations() < policy.k() || installations < policy.threshold(g) || active == null) {
                continue;
            }
            published.add(new AggregateRow(g, r.country(), r.day(), r.region(), r.list(), r.entry(), installations,
                    active, clients, queries));
        }
        return published;
    }
}
