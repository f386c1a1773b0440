package org.camsink.lambda.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.camsink.lambda.aggregate.AggregateRow;

/**
 * One output row. A suppressed row keeps its key columns and has no numbers, so a reader can tell
 * "fewer than k installations" from zero.
 */
public record StatsRow(String day, String region, String list, String entry, boolean suppressed,
                       Long installations, Long activeInstallations, BigDecimal exposureRate, Long clients,
                       Long queries) {
    /** At most this many decimal places of the exposure rate (trailing zeros dropped), in JSON and CSV alike. */
    public static final int RATE_SCALE = 6;

    static StatsRow of(AggregateRow row, boolean suppressed) {
        if (suppressed) {
            return new StatsRow(row.day(), row.region(), row.list(), row.entry(), true, null, null, null, null, null);
        }
        BigDecimal rate = BigDecimal.valueOf(row.installations())
                .divide(BigDecimal.valueOf(row.activeInstallations()), RATE_SCALE, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return new StatsRow(row.day(), row.region(), row.list(), row.entry(), false, row.installations(),
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
