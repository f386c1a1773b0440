package org.camsink.lambda.aggregate;

import java.time.Clock;
import java.util.List;
import org.camsink.lambda.store.AggregateStore;
import org.camsink.lambda.store.DirtyCells;
import org.camsink.lambda.store.DirtyCells.DirtyMarker;
import org.camsink.lambda.store.ReportStore;

/**
 * One aggregation run: for every dirty cell, read all its reports, recompute every row and overwrite them, then
 * clear the marker if nobody re-marked it and its last mark has settled (every ingest that marked it has finished
 * its put, so the reports just read include that report).
 */
public final class AggregationService {
    private final ReportStore reports;
    private final DirtyCells dirty;
    private final AggregateStore aggregates;
    private final Aggregator aggregator = new Aggregator();
    private final Clock clock;
    private final long settleMillis;

    public AggregationService(ReportStore reports, DirtyCells dirty, AggregateStore aggregates, Clock clock,
                              int settleSeconds) {
        this.reports = reports;
        this.dirty = dirty;
        this.aggregates = aggregates;
        this.clock = clock;
        this.settleMillis = settleSeconds * 1000L;
    }

    /** What one run did. */
    public record RunResult(int cells, int rows, long reports, int cleared, long millis) {}

    public RunResult run() {
        long start = clock.millis();
        List<DirtyMarker> markers = dirty.list();
        int rows = 0;
        long reportCount = 0;
        int cleared = 0;
        for (DirtyMarker marker : markers) {
            long readAt = clock.millis();
            var cellReports = reports.reportsOf(marker.cell());
            List<AggregateRow> cellRows = aggregator.aggregate(marker.cell(), cellReports);
            aggregates.write(cellRows);
            rows += cellRows.size();
            reportCount += cellReports.size();
            if (marker.markedAtMillis() + settleMillis <= readAt && dirty.clear(marker)) {
                cleared++;
            }
        }
        return new RunResult(markers.size(), rows, reportCount, cleared, clock.millis() - start);
    }
}
