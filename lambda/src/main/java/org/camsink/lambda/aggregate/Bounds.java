package org.camsink.lambda.aggregate;

import java.util.Set;

/**
 * How much one installation may contribute to one day, and how much work one cell may cost.
 *
 * @param maxRows     (list, entry, match) rows per report and per installation and day ({@code MAX_ROWS_PER_DAY});
 *                    aggregation keeps the first ones in key order, so ingest's check and this one agree
 * @param lists       the list ids that count: the bundled catalogue's; any other row is dropped
 * @param clipQueries queries one installation adds to one cell at most ({@code CLIP_QUERIES})
 * @param clipClients clients one installation adds to one cell at most ({@code CLIP_CLIENTS})
 * @param maxCellRows rows one (country, day) cell may produce before aggregation gives up on it
 *                    ({@code MAX_CELL_ROWS}): the bound on the work per cell
 */
public record Bounds(int maxRows, Set<String> lists, long clipQueries, long clipClients, int maxCellRows) {
    public Bounds {
        lists = Set.copyOf(lists);
        if (maxRows < 1 || clipQueries < 1 || clipClients < 1 || maxCellRows < 1 || lists.isEmpty()) {
            throw new IllegalArgumentException("contribution bounds must be 1 or more, with at least one list");
        }
    }
}
