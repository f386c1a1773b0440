package org.camsink.lambda.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.camsink.lambda.aggregate.AggregateRow;

/**
 * One output row: a released cell. Its counts carry the release's noise; the exposure rate is computed from the
 * noisy counts (at most 1).
 */
public record StatsRow(String day, String region, String list, String entry, long installations,
                       long activeInstallations, BigDecimal exposureRate, long clients, long queries) {
    /** At most this many decimal places of the exposure rate (trailing zeros dropped), in JSON and CSV alike. */
    public static final int RATE_SCALE = 6;

    static StatsRow of(AggregateRow row) {
        BigDecimal rate = row.activeInstallations() <= 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(Math.min(row.installations(), row.activeInstallations()))
                        .divide(BigDecimal.valueOf(row.activeInstallations()), RATE_SCALE, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros();
        return new StatsRow(row.day(), row.region(), row.list(), row.entry(), row.installations(),
                row.activeInstallations(), rate, row.clients(), row.queries());
    }

    /** The value of a key column by name. */
    String column(String name) {
        return switch (name) {
            case "day" -> day;
            case "region" -> region;
            case "list" -> list;
            case "entry" -> entry;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
