package org.camsink.resolver.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.camsink.resolver.events.MatchKind;

/**
 * The rows of one day, found by (list, entry, match) without allocating: a fixed open-addressing table of
 * {@link Aggregate.Row} references with linear probing. A lookup hashes the entry text (a vectorized
 * {@link String#hashCode}, cached when the caller passes the same string object again), then compares the stored
 * hash and the fields. Rows are only ever added, by a compare-and-set into an empty slot, so readers need no lock.
 * The capacity is fixed at construction; the caller keeps the fill well below it.
 */
final class RowTable {
    private final AtomicReferenceArray<Aggregate.Row> slots;
    private final int mask;

    /** @param rows the most rows that will ever be added; the table is sized to at most half full */
    RowTable(int rows) {
        int capacity = Integer.highestOneBit(Math.max(16, rows) * 2 - 1) << 1;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    static int hash(String list, String entry, MatchKind match) {
        int h = entry.hashCode() * 31 + list.hashCode();
        h = h * 4 + match.ordinal();
        return h ^ (h >>> 16) ^ (h >>> 7);
    }

    /** The row for the key, or null. */
    Aggregate.Row find(int hash, String list, String entry, MatchKind match) {
        for (int i = hash & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            Aggregate.Row r = slots.get(i);
            if (r == null) {
                return null;
            }
            if (r.is(hash, list, entry, match)) {
                return r;
            }
        }
        return null;
    }

    /** Adds {@code fresh} unless a row with its key is there already; returns the row that is in the table. */
    Aggregate.Row add(Aggregate.Row fresh) {
        Aggregate.Key k = fresh.key;
        for (int i = fresh.hash & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            Aggregate.Row r = slots.get(i);
            if (r == null) {
                if (slots.compareAndSet(i, null, fresh)) {
                    return fresh;
                }
                r = slots.get(i);
            }
            if (r.is(fresh.hash, k.list(), k.entry(), fresh.kind)) {
                return r;
            }
        }
        throw new IllegalStateException("telemetry row table is full");
    }

    /** Every row, in no particular order. */
    List<Aggregate.Row> rows() {
        List<Aggregate.Row> out = new ArrayList<>();
        for (int i = 0; i <= mask; i++) {
            Aggregate.Row r = slots.get(i);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }
}
