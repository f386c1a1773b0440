package org.camsink.lambda.stats;

import java.util.List;
import org.camsink.lambda.release.PrivacyPolicy;

/** The answer to one stats query: the released rows of the range, and the privacy parameters they carry. */
public record StatsResult(StatsQuery query, PrivacyPolicy policy, List<StatsRow> rows) {
    public int k() {
        return policy.k();
    }
}
