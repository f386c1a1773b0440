package org.camsink.lambda.config;

import java.math.BigDecimal;
import java.util.Map;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.lambda.aggregate.Bounds;
import org.camsink.lambda.release.PrivacyPolicy;

/**
 * The contribution bounds, the privacy parameters and the release timing, read from the environment.
 *
 * @param epsilon       {@code DP_EPSILON}: privacy loss per installation and day over all grains (default 4)
 * @param delta         {@code DP_DELTA}: the chance that the threshold lets a cell through that k would withhold
 *                      (default 1e-6)
 * @param maxRows       {@code MAX_ROWS_PER_DAY}: hit rows per report and per installation and day (default 8)
 * @param clipQueries   {@code CLIP_QUERIES}: queries one installation adds to one cell at most (default 1000)
 * @param clipClients   {@code CLIP_CLIENTS}: clients one installation adds to one cell at most (default 16)
 * @param maxCellRows   {@code MAX_CELL_ROWS}: rows one (country, day) cell may produce (default 100000)
 * @param delayHours    {@code RELEASE_DELAY_HOURS}: a day is released this long after it ends (UTC); reports for it
 *                      are accepted until then (default 24, at most 168)
 */
public record ReleaseConfig(BigDecimal epsilon, double delta, int maxRows, long clipQueries, long clipClients,
                            int maxCellRows, int delayHours) {
    public static final ReleaseConfig DEFAULTS = new ReleaseConfig(new BigDecimal("4"), 1e-6, 8, 1000, 16, 100_000, 24);
    public static final int MAX_DELAY_HOURS = 168;

    public ReleaseConfig {
        require(epsilon != null && epsilon.signum() > 0 && epsilon.compareTo(BigDecimal.valueOf(1000)) <= 0,
                "DP_EPSILON must be above 0 and at most 1000");
        require(delta > 0 && delta < 1, "DP_DELTA must be between 0 and 1 (exclusive)");
        require(maxRows >= 1 && maxRows <= 500, "MAX_ROWS_PER_DAY must be 1 to 500");
        require(clipQueries >= 1, "CLIP_QUERIES must be 1 or more");
        require(clipClients >= 1, "CLIP_CLIENTS must be 1 or more");
        require(maxCellRows >= 1, "MAX_CELL_ROWS must be 1 or more");
        require(delayHours >= 0 && delayHours <= MAX_DELAY_HOURS, "RELEASE_DELAY_HOURS must be 0 to " + MAX_DELAY_HOURS);
    }

    public static ReleaseConfig fromEnv(Map<String, String> env) {
        return new ReleaseConfig(
                decimal(env, "DP_EPSILON", DEFAULTS.epsilon),
                doubleVar(env, "DP_DELTA", DEFAULTS.delta),
                BackendConfig.intVar(env, "MAX_ROWS_PER_DAY", DEFAULTS.maxRows),
                BackendConfig.intVar(env, "CLIP_QUERIES", (int) DEFAULTS.clipQueries),
                BackendConfig.intVar(env, "CLIP_CLIENTS", (int) DEFAULTS.clipClients),
                BackendConfig.intVar(env, "MAX_CELL_ROWS", DEFAULTS.maxCellRows),
                BackendConfig.intVar(env, "RELEASE_DELAY_HOURS", DEFAULTS.delayHours));
    }

    public ReleaseConfig withEpsilon(String value) {
        return new ReleaseConfig(new BigDecimal(value), delta, maxRows, clipQueries, clipClients, maxCellRows, delayHours);
    }

    public ReleaseConfig withMaxCellRows(int rows) {
        return new ReleaseConfig(epsilon, delta, maxRows, clipQueries, clipClients, rows, delayHours);
    }

    public ReleaseConfig withDelayHours(int hours) {
        return new ReleaseConfig(epsilon, delta, maxRows, clipQueries, clipClients, maxCellRows, hours);
    }

    /** The bounds aggregation enforces: the bundled catalogue's list ids and the numbers above. */
    public Bounds bounds() {
        return new Bounds(maxRows, java.util.Set.copyOf(Catalogue.BUILTIN_IDS), clipQueries, clipClients, maxCellRows);
    }

    public PrivacyPolicy policy(int k) {
        return new PrivacyPolicy(epsilon, delta, k, maxRows, Catalogue.BUILTIN_IDS.size(), clipQueries, clipClients);
    }

    private static BigDecimal decimal(Map<String, String> env, String name, BigDecimal fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a decimal number such as 4 or 0.5, not '" + value + "'");
        }
    }

    private static double doubleVar(Map<String, String> env, String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number such as 1e-6, not '" + value + "'");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
