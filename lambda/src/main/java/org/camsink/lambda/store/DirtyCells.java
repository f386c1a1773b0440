package org.camsink.lambda.store;

import java.util.List;
import org.camsink.lambda.aggregate.CellKey;

/** Markers for cells whose aggregates are stale. Each mark bumps a version and records when it happened. */
public interface DirtyCells {

    /** Marks the cell dirty (creating or bumping the marker). */
    void mark(CellKey cell, long nowMillis);

    /** Every current marker. */
    List<DirtyMarker> list();

    /** Deletes the marker only if its version is still the one read; false when it was re-marked meanwhile. */
    boolean clear(DirtyMarker marker);

    /** A marker as read: its cell, its version and the time of its last mark. */
    record DirtyMarker(CellKey cell, long version, long markedAtMillis) {}
}
