package org.camsink.lambda.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.store.DailyCap;
import org.camsink.lambda.store.DirtyCells;
import org.camsink.lambda.store.ReportStore;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;

/**
 * Validates one report body and stores it exactly once.
 *
 * <p>Write order, chosen so that a crash between any two steps loses nothing:
 * <ol>
 *   <li>take a unit of the installation's daily allowance (a crash here only costs the sender one unit);</li>
 *   <li>mark the (country, day) cell dirty (a crash here makes aggregation recompute an unchanged cell);</li>
 *   <li>put the report with {@code attribute_not_exists} (a retry after a crash is then a duplicate, and the
 *       cell was already marked, so the report reaches the aggregates).</li>
 * </ol>
 * A duplicate gives its allowance unit back.
 */
public final class IngestService {
    private final ReportCodec codec;
    private final ReportStore reports;
    private final DirtyCells dirty;
    private final DailyCap cap;
    private final BackendConfig config;
    private final Clock clock;

    public IngestService(ReportCodec codec, ReportStore reports, DirtyCells dirty, DailyCap cap,
                         BackendConfig config, Clock clock) {
        this.codec = codec;
        this.reports = reports;
        this.dirty = dirty;
        this.cap = cap;
        this.config = config;
        this.clock = clock;
    }

    public IngestOutcome ingest(byte[] body) {
        HitReport report;
        try {
            report = codec.decode(body);
        } catch (ReportException e) {
            return new IngestOutcome.Invalid(e.path(), e.reason());
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate day = LocalDate.parse(report.day());
        if (day.isAfter(today.plusDays(1))) {
            return new IngestOutcome.Invalid("$.day", "a day in the future");
        }
        if (day.isBefore(today.minusDays(BackendConfig.MAX_REPORT_AGE_DAYS))) {
            return new IngestOutcome.Invalid("$.day", "older than " + BackendConfig.MAX_REPORT_AGE_DAYS + " days");
        }
        long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long capExpiry = dayEnd + Duration.ofDays(2).toSeconds();
        if (!cap.take(report.day(), report.installation(), config.dailyReportCap(), capExpiry)) {
            long now = clock.instant().getEpochSecond();
            return new IngestOutcome.OverCap(Math.max(1, dayEnd - now));
        }
        dirty.mark(new CellKey(report.country(), report.day()), clock.millis());
        long expiresAt = clock.instant().getEpochSecond() + Duration.ofDays(config.reportTtlDays()).toSeconds();
        if (reports.putIfAbsent(report, expiresAt)) {
            return new IngestOutcome.Accepted(report.reportId());
        }
        cap.giveBack(report.day(), report.installation());
        return new IngestOutcome.Duplicate(report.reportId());
    }
}
