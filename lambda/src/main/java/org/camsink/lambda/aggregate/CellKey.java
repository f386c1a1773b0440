package org.camsink.lambda.aggregate;

/** One (country, UTC day) cell: the unit that ingest marks dirty and aggregation recomputes. */
public record CellKey(String country, String day) {
    /** {@code UA#2026-11-27}: the raw reports' partition key and the dirty marker's sort key. */
    public String id() {
        return country + "#" + day;
    }

    public static CellKey parse(String id) {
        int hash = id.indexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("not a cell id: " + id);
        }
        return new CellKey(id.substring(0, hash), id.substring(hash + 1));
    }
}
