package org.camsink.lambda.store;

import java.util.List;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.report.HitReport;

/** Raw validated reports, one item per report, keyed by (country#day, reportId). */
public interface ReportStore {

    /** Stores the report unless one with the same key exists. Returns false for a duplicate. */
    boolean putIfAbsent(HitReport report, long expiresAtEpochSeconds);

    /** Whether a report with this report's key (country, day, report ID) is stored, read consistently. */
    boolean contains(HitReport report);

    /** Every stored report of one cell, read consistently. */
    List<HitReport> reportsOf(CellKey cell);
}
