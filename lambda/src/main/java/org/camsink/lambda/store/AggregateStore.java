package org.camsink.lambda.store;

import java.util.List;
import org.camsink.lambda.aggregate.AggregateRow;
import org.camsink.lambda.aggregate.Grain;

/** Aggregate rows, overwritten as a whole per cell and read per country, grain and day range. */
public interface AggregateStore {

    /** Writes (overwrites) every row. */
    void write(List<AggregateRow> rows);

    /** The rows of one grain for days {@code from..to} inclusive (ISO dates), in key order. */
    List<AggregateRow> read(String country, Grain grain, String fromDay, String toDay);
}
