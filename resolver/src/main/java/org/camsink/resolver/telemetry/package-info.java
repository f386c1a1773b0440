/**
 * Opt-in anonymized telemetry: {@link org.camsink.resolver.telemetry.TelemetryService} counts hits per list entry
 * in memory, seals them into {@code camsink.report/1} reports, spools them durably and delivers them to the
 * backend. See {@code resolver/docs/telemetry.md}.
 */
package org.camsink.resolver.telemetry;
