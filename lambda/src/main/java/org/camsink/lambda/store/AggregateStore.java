package org.camsink.lambda.store;

import java.util.List;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.CellKey;
import org.camsink.lambda.aggregate.Grain;

/**
 * Published rows, read per country, grain and day range. A row, once written, never changes: a release is
 * written once, and a second attempt (after a crash) only adds the rows that are missing.
 */
public interface AggregateStore {

    /** Writes every row that is not stored yet; a stored row keeps its numbers. */
    void publish(List<AggregateRow> rows);

    /** Whether the cell's release is complete. */
    boolean released(CellKey cell);

    /** Records that the cell's release is complete, with how many rows it published. */
    void markReleased(CellKey cell, int rows);

    /** The rows of one grain for days {@code from..to} inclusive (ISO dates), in key order. */
    List<AggregateRow> read(String country, Grain grain, String fromDay, String toDay);
}
