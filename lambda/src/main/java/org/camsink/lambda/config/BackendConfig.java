package org.camsink.lambda.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the backend functions read from their environment. Lambda sets {@code AWS_REGION}; the template sets
 * the rest; the local runner builds one by hand.
 *
 * @param reportsTable     {@code REPORTS_TABLE}: raw reports, one item per report
 * @param statsTable       {@code STATS_TABLE}: aggregates, dirty markers and the daily caps
 * @param k                {@code K_ANONYMITY}: cells backed by fewer installations are never published (default 5)
 * @param reportTtlDays    {@code REPORT_TTL_DAYS}: how long raw reports are kept (default 90)
 * @param dailyReportCap   {@code DAILY_REPORT_CAP}: reports accepted per installation pseudonym per day (default 48)
 * @param region           {@code AWS_REGION}
 * @param endpoint         {@code DYNAMODB_ENDPOINT}: only for local runs against a DynamoDB-compatible server
 * @param settleSeconds    {@code DIRTY_SETTLE_SECONDS}: a dirty marker is cleared only when its last mark is older
 *                         than this, so every ingest that marked it has finished its put (default 120, above the
 *                         ingest function's timeout)
 * @param release          contribution bounds, privacy parameters and release timing ({@link ReleaseConfig})
 */
public record BackendConfig(String reportsTable, String statsTable, int k, int reportTtlDays, int dailyReportCap,
                            String region, Optional<URI> endpoint, int settleSeconds, ReleaseConfig release) {

    /** The longest a day's reports are accepted after the day ends, in days (the longest release delay). */
    public static final int MAX_REPORT_AGE_DAYS = ReleaseConfig.MAX_DELAY_HOURS / 24;

    public BackendConfig {
        require(reportsTable != null && !reportsTable.isBlank(), "REPORTS_TABLE is required");
        require(statsTable != null && !statsTable.isBlank(), "STATS_TABLE is required");
        require(k >= 1, "K_ANONYMITY must be 1 or more");
        require(reportTtlDays > MAX_REPORT_AGE_DAYS + 1,
                "REPORT_TTL_DAYS must be more than " + (MAX_REPORT_AGE_DAYS + 1) + " (reports are accepted for "
                        + MAX_REPORT_AGE_DAYS + " days)");
        require(dailyReportCap >= 1, "DAILY_REPORT_CAP must be 1 or more");
        require(region != null && !region.isBlank(), "AWS_REGION is required");
        require(settleSeconds >= 0, "DIRTY_SETTLE_SECONDS must be 0 or more");
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        release = release == null ? ReleaseConfig.DEFAULTS : release;
    }

    /** Reads the configuration from environment variables; a bad value is an error naming the variable. */
    public static BackendConfig fromEnv(Map<String, String> env) {
        String endpoint = env.get("DYNAMODB_ENDPOINT");
        return new BackendConfig(
                env.get("REPORTS_TABLE"),
                env.get("STATS_TABLE"),
                intVar(env, "K_ANONYMITY", 5),
                intVar(env, "REPORT_TTL_DAYS", 90),
                intVar(env, "DAILY_REPORT_CAP", 48),
                env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION")),
                endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)),
                intVar(env, "DIRTY_SETTLE_SECONDS", 120),
                ReleaseConfig.fromEnv(env));
    }

    /** A configuration with the defaults, for the local runner and tests. */
    public static BackendConfig local(String reportsTable, String statsTable, URI endpoint) {
        return new BackendConfig(reportsTable, statsTable, 5, 90, 48, "us-east-1", Optional.ofNullable(endpoint), 120,
                ReleaseConfig.DEFAULTS);
    }

    public BackendConfig withK(int newK) {
        return new BackendConfig(reportsTable, statsTable, newK, reportTtlDays, dailyReportCap, region, endpoint,
                settleSeconds, release);
    }

    public BackendConfig withDailyReportCap(int cap) {
        return new BackendConfig(reportsTable, statsTable, k, reportTtlDays, cap, region, endpoint, settleSeconds,
                release);
    }

    public BackendConfig withSettleSeconds(int seconds) {
        return new BackendConfig(reportsTable, statsTable, k, reportTtlDays, dailyReportCap, region, endpoint,
                seconds, release);
    }

    public BackendConfig withRelease(ReleaseConfig newRelease) {
        return new BackendConfig(reportsTable, statsTable, k, reportTtlDays, dailyReportCap, region, endpoint,
                settleSeconds, newRelease);
    }

    static int intVar(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
