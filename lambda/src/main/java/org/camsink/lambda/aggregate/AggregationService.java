package org.camsink.lambda.aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.camsink.lambda.release.Releaser;
import org.camsink.lambda.store.AggregateStore;
import org.camsink.lambda.store.DirtyCells;
import org.camsink.lambda.store.DirtyCells.DirtyMarker;
import org.camsink.lambda.store.ReportStore;
import org.camsink.report.HitReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One aggregation run. Every dirty (country, day) cell whose day has closed (it ended, the release delay passed,
 * so ingest refuses its reports, and the settle time passed, so every accepted put has finished) is released
 * once: its reports are read, bounded and aggregated exactly ({@link Aggregator}), noised and thresholded
 * ({@link Releaser}), written, and marked released; then its marker is cleared. A cell whose day is still open
 * keeps its marker and publishes nothing yet.
 *
 * <p>Cells are isolated from each other: a cell that fails or is oversized ({@link CellTooLarge}) is logged,
 * counted in the run's metrics, keeps its marker (so the next run tries it again) and never stops the others.
 */
public final class AggregationService {
    private static final Logger LOG = LoggerFactory.getLogger(AggregationService.class);
    private final ReportStore reports;
    private final DirtyCells dirty;
    private final AggregateStore aggregates;
    private final Aggregator aggregator;
    private final Releaser releaser;
    private final Clock clock;
    private final long closeAfterMillis;

    public AggregationService(ReportStore reports, DirtyCells dirty, AggregateStore aggregates, Aggregator aggregator,
                              Releaser releaser, Clock clock, Duration releaseDelay, int settleSeconds) {
        this.reports = reports;
        this.dirty = dirty;
        this.aggregates = aggregates;
        this.aggregator = aggregator;
        this.releaser = releaser;
        this.clock = clock;
        this.closeAfterMillis = releaseDelay.toMillis() + settleSeconds * 1000L;
    }

    /**
     * What one run did: dirty cells seen, rows published, reports read, markers cleared, cells still open,
     * cells that failed, cells over the row bound, and the run's duration.
     */
    public record RunResult(int cells, int rows, long reports, int cleared, int open, int failed, int oversized,
                            long millis) {}

    public RunResult run() {
        long start = clock.millis();
        List<DirtyMarker> markers = dirty.list();
        int rows = 0;
        long reportCount = 0;
        int cleared = 0;
        int open = 0;
        int failed = 0;
        int oversized = 0;
        for (DirtyMarker marker : markers) {
            CellKey cell = marker.cell();
            if (clock.millis() < closesAt(cell)) {
                open++;
                continue;
            }
            try {
                if (!aggregates.released(cell)) {
                    List<HitReport> cellReports = reports.reportsOf(cell);
                    List<AggregateRow> published = releaser.release(aggregator.aggregate(cell, cellReports));
                    aggregates.publish(published);
                    aggregates.markReleased(cell, published.size());
                    rows += published.size();
                    reportCount += cellReports.size();
                }
                if (dirty.clear(marker)) {
                    cleared++;
                }
            } catch (CellTooLarge e) {
                oversized++;
                LOG.warn("aggregation skipped {}: {}; it stays dirty and is tried again next run", cell.id(), e.getMessage());
            } catch (RuntimeException e) {
                failed++;
                LOG.error("aggregation of {} failed; it stays dirty and is tried again next run", cell.id(), e);
            }
        }
        return new RunResult(markers.size(), rows, reportCount, cleared, open, failed, oversized,
                clock.millis() - start);
    }

    /** Epoch millis from which the cell's day is closed: its end, plus the release delay and the settle time. */
    long closesAt(CellKey cell) {
        long dayEnd = LocalDate.parse(cell.day()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return dayEnd + closeAfterMillis;
    }
}
