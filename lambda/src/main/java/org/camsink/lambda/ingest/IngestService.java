package org.camsink.lambda.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.config.BackendConfig;
import org.camsink.lambda.store.DailyCap;
import org.camsink.lambda.store.DirtyCells;
import org.camsink.lambda.store.ReportStore;
import org.camsink.lambda.token.TokenGate;
import org.camsink.report.HitReport;
import org.camsink.report.ReportCodec;
import org.camsink.report.ReportException;

/**
 * Validates one report body and stores it exactly once, when it carries a valid Privacy Pass token that was not
 * spent on another report ({@link TokenGate}). A report refused for any reason stores nothing and spends nothing.
 *
 * <p>Write order, chosen so that a crash between any two steps loses nothing:
 * <ol>
 *   <li>spend the token's nonce on this report id (conditional put; a retry of the same report may spend it again);</li>
 *   <li>take a unit of the installation's daily allowance (a crash here only costs the sender one unit);</li>
 *   <li>mark the (country, day) cell dirty (a crash here makes aggregation recompute an unchanged cell);</li>
 *   <li>put the report with {@code attribute_not_exists} (a retry after a crash is then a duplicate, and the
 *       cell was already marked, so the report reaches the aggregates).</li>
 * </ol>
 * A duplicate gives its allowance unit back.
 *
 * <p>A function instance that marked a cell less than {@code settle / 4} ago skips the mark: the aggregator keeps a
 * marker until {@code settle} after its last mark, and {@code settle / 4} plus the longest ingest stays below that,
 * so the earlier mark still covers this put. That saves a write per report on busy cells.
 */
public final class IngestService {
    private final ReportCodec codec;
    private final ReportStore reports;
    private final DirtyCells dirty;
    private final DailyCap cap;
    private final TokenGate gate;
    private final BackendConfig config;
    private final Clock clock;
    private final long markReuseMillis;
    private final Map<CellKey, Long> lastMarked = new ConcurrentHashMap<>();
    private final IngestBounds bounds;

    public IngestService(ReportCodec codec, ReportStore reports, DirtyCells dirty, DailyCap cap, TokenGate gate,
                         BackendConfig config, Clock clock) {
        this.codec = codec;
        this.reports = reports;
        this.dirty = dirty;
        this.cap = cap;
        this.gate = gate;
        this.config = config;
        this.clock = clock;
        this.markReuseMillis = config.settleSeconds() * 1000L / 4;
        this.bounds = new IngestBounds(config.release().bounds());
    }

    /** The challenge for a 401: what a refused sender must fetch a token for. */
    public String wwwAuthenticate() {
        return gate.wwwAuthenticate();
    }

    /** One report body with the request's {@code Authorization} header (null when there is none). */
    public IngestOutcome ingest(byte[] body, String authorization) {
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
        long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long now = clock.instant().getEpochSecond();
        if (now >= dayEnd + Duration.ofHours(config.release().delayHours()).toSeconds()) {
            return new IngestOutcome.Invalid("$.day", "the statistics of " + report.day() + " are released; reports "
                    + "for a day are taken until " + config.release().delayHours() + " h after it ends (UTC)");
        }
        IngestOutcome.Invalid outOfBounds = bounds.check(report);
        if (outOfBounds != null) {
            return outOfBounds;
        }
        TokenGate.Verdict verdict = gate.check(authorization);
        if (verdict instanceof TokenGate.Verdict.Refused refused) {
            return new IngestOutcome.Unauthorized(refused.reason());
        }
        if (!gate.spend((TokenGate.Verdict.Valid) verdict, report.reportId())) {
            return new IngestOutcome.Unauthorized("token already spent on another report");
        }
        long capExpiry = dayEnd + Duration.ofDays(2).toSeconds()
                + Duration.ofHours(config.release().delayHours()).toSeconds();
        if (!cap.take(report.day(), report.installation(), config.dailyReportCap(), capExpiry)) {
            if (reports.contains(report)) {
                // a retry of a report stored before the cap was reached: the same answer as any duplicate
                return new IngestOutcome.Duplicate(report.reportId());
            }
            return new IngestOutcome.OverCap(Math.max(1, dayEnd - now));
        }
        if (!cap.addRows(report.day(), report.installation(), IngestBounds.rowKeys(report), bounds.maxRows())) {
            cap.giveBack(report.day(), report.installation());
            return new IngestOutcome.Invalid("$.hits", "this installation would have more than " + bounds.maxRows()
                    + " distinct hit rows on " + report.day() + "; at most " + bounds.maxRows() + " per day count");
        }
        markDirty(new CellKey(report.country(), report.day()));
        // from the day, never from the arrival: the stored item must not say when the report came in
        long expiresAt = dayEnd + Duration.ofDays(config.reportTtlDays()).toSeconds();
        if (reports.putIfAbsent(report, expiresAt)) {
            return new IngestOutcome.Accepted(report.reportId());
        }
        cap.giveBack(report.day(), report.installation());
        return new IngestOutcome.Duplicate(report.reportId());
    }

    private void markDirty(CellKey cell) {
        long now = clock.millis();
        Long last = lastMarked.get(cell);
        if (last != null && now - last < markReuseMillis && now >= last) {
            return;
        }
        dirty.mark(cell, now);
        if (lastMarked.size() > 10_000) {
            lastMarked.clear();
        }
        lastMarked.put(cell, now);
    }
}
