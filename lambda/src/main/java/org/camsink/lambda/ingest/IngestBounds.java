package org.camsink.lambda.ingest;

import java.util.LinkedHashSet;
import java.util.Set;
import org.camsink.lambda.aggregate.Bounds;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;

/**
 * The contribution bounds that ingest can check on one report alone: at most {@link Bounds#maxRows()} hit rows,
 * and only list ids of the bundled catalogue (the owner's own lists are not reported at all). The per-day row
 * bound needs the installation's earlier reports and is checked through the daily counter.
 */
final class IngestBounds {
    private final Bounds bounds;

    IngestBounds(Bounds bounds) {
        this.bounds = bounds;
    }

    int maxRows() {
        return bounds.maxRows();
    }

    /** Null when the report is inside the bounds, else the 400 to answer. */
    IngestOutcome.Invalid check(HitReport report) {
        if (report.hits().size() > bounds.maxRows()) {
            return new IngestOutcome.Invalid("$.hits", "more than " + bounds.maxRows() + " hit rows; a report and an "
                    + "installation's day carry at most " + bounds.maxRows());
        }
        for (int i = 0; i < report.hits().size(); i++) {
            String list = report.hits().get(i).list();
            if (!bounds.lists().contains(list)) {
                return new IngestOutcome.Invalid("$.hits[" + i + "].list", "'" + list + "' is not a list of the "
                        + "bundled catalogue; only catalogue lists are reported");
            }
        }
        return null;
    }

    /** One key per (list, entry, match) row: what the per-day row bound counts. */
    static Set<String> rowKeys(HitReport report) {
        Set<String> keys = new LinkedHashSet<>();
        for (ReportHit h : report.hits()) {
            keys.add(h.list() + " " + h.entry() + " " + (h.match() == null ? "-" : h.match()));
        }
        return keys;
    }
}
