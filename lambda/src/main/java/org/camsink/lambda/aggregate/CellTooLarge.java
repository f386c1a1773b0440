package org.camsink.lambda.aggregate;

/** A cell would produce more rows than {@link Bounds#maxCellRows()}: it is skipped, counted and retried later. */
public final class CellTooLarge extends RuntimeException {
    public CellTooLarge(CellKey cell, int limit) {
        super("cell " + cell.id() + " has more than " + limit + " rows", null, false, false);
    }
}
