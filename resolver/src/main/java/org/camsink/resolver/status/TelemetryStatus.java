package org.camsink.resolver.status;

import java.time.Instant;

/**
 * What telemetry is doing, for the admin page and {@code camsink telemetry status}.
 *
 * @param held        while delivery fails for a reason that is not the report's (404, 401, 5xx, no answer, ...):
 *                    why the pending reports are kept and what to check; null when nothing is held back
 * @param nextAttempt while held: when the sender tries again
 */
public record TelemetryStatus(boolean enabled, String endpoint, long pending, long sent, long rejected,
                              Instant lastSent, String lastSentReportId, String lastError, String held,
                              Instant nextAttempt) {
    public TelemetryStatus(boolean enabled, String endpoint, long pending, long sent, long rejected, Instant lastSent,
                           String lastSentReportId, String lastError) {
        this(enabled, endpoint, pending, sent, rejected, lastSent, lastSentReportId, lastError, null, null);
    }

    public static TelemetryStatus off() {
        return new TelemetryStatus(false, null, 0, 0, 0, null, null, null);
    }
}
