package org.camsink.resolver.status;

import java.time.Instant;

/** What telemetry is doing, for the admin page and {@code camsink telemetry status}. */
public record TelemetryStatus(boolean enabled, String endpoint, long pending, long sent, long rejected,
                              Instant lastSent, String lastSentReportId, String lastError) {
    public static TelemetryStatus off() {
        return new TelemetryStatus(false, null, 0, 0, 0, null, null, null);
    }
}
