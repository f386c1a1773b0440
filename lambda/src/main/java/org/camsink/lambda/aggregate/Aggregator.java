package org.camsink.lambda.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;

/**
 * Computes the exact, bounded rows of every grain of one (country, day) cell from its raw reports. A pure
 * function: the same reports give the same rows in any order, which is what makes re-aggregation safe.
 *
 * <p>First each installation's day is gathered from all its reports: its region (the smallest one it reported,
 * when it reported several), and its rows by (list, entry, match), with queries added up and clients as the
 * largest running count (each partial report carries the day's running distinct count). Rows of lists outside
 * {@link Bounds#lists()} are dropped and only the first {@link Bounds#maxRows()} rows in key order are kept.
 * Then the installation adds 1 to the installation count of every cell its rows touch, and to each such cell its
 * clients and queries there, each clipped to {@link Bounds#clipClients()} and {@link Bounds#clipQueries()}.
 * Only cells that some installation touched get a row.
 */
public final class Aggregator {
    private final Bounds bounds;

    public Aggregator(Bounds bounds) {
        this.bounds = bounds;
    }

    /** Returns the rows of every grain; throws {@link CellTooLarge} as soon as there would be too many. */
    public List<AggregateRow> aggregate(CellKey cell, List<HitReport> reports) {
        Map<String, InstallationDay> days = new HashMap<>();
        for (HitReport report : reports) {
            days.computeIfAbsent(report.installation(), i -> new InstallationDay(report.region())).add(report, bounds);
        }
        Map<String, Long> active = new HashMap<>();
        Map<Key, Tally> tallies = new HashMap<>();
        for (InstallationDay day : days.values()) {
            active.merge(day.region, 1L, Long::sum);
            active.merge(Grain.ALL, 1L, Long::sum);
            Map<Key, long[]> mine = day.cells(bounds.maxRows());
            for (Map.Entry<Key, long[]> e : mine.entrySet()) {
                Tally t = tallies.computeIfAbsent(e.getKey(), k -> new Tally());
                t.installations++;
                t.clients += Math.min(bounds.clipClients(), e.getValue()[0]);
                t.queries += Math.min(bounds.clipQueries(), e.getValue()[1]);
            }
            if (tallies.size() > bounds.maxCellRows()) {
                throw new CellTooLarge(cell, bounds.maxCellRows());
            }
        }
        List<AggregateRow> rows = new ArrayList<>(tallies.size());
        tallies.forEach((key, t) -> {
            Grain grain = Grain.of(!key.region().equals(Grain.ALL), !key.list().equals(Grain.ALL), key.entry() != null)
                    .orElseThrow();
            rows.add(new AggregateRow(grain, cell.country(), cell.day(), key.region(), key.list(), key.entry(),
                    t.installations, active.get(key.region()), t.clients, t.queries));
        });
        return rows;
    }

    private record Key(String region, String list, String entry) {}

    private record RowKey(String list, String entry, String match) implements Comparable<RowKey> {
        @Override
        public int compareTo(RowKey o) {
            int c = list.compareTo(o.list);
            if (c == 0) {
                c = entry.compareTo(o.entry);
            }
            return c != 0 ? c : String.valueOf(match).compareTo(String.valueOf(o.match));
        }
    }

    /** One installation's day: its region and its rows, {clients, queries} each. */
    private static final class InstallationDay {
        private String region;
        private final TreeMap<RowKey, long[]> rows = new TreeMap<>();

        InstallationDay(String region) {
            this.region = region;
        }

        void add(HitReport report, Bounds bounds) {
            if (report.region().compareTo(region) < 0) {
                region = report.region();
            }
            for (ReportHit hit : report.hits()) {
                if (!bounds.lists().contains(hit.list())) {
                    continue;
                }
                long[] row = rows.computeIfAbsent(new RowKey(hit.list(), hit.entry(), hit.match()), k -> new long[2]);
                row[0] = Math.max(row[0], hit.clients());
                row[1] = saturatingAdd(row[1], hit.queries());
            }
        }

        /** The cells this installation touches, with its clients and queries in each (not yet clipped). */
        Map<Key, long[]> cells(int maxRows) {
            Map<Key, long[]> cells = new HashMap<>();
            int kept = 0;
            for (Map.Entry<RowKey, long[]> e : rows.entrySet()) {
                if (kept++ == maxRows) {
                    break;
                }
                RowKey r = e.getKey();
                for (String reg : List.of(region, Grain.ALL)) {
                    for (Key key : List.of(new Key(reg, Grain.ALL, null), new Key(reg, r.list(), null),
                            new Key(reg, r.list(), r.entry()))) {
                        long[] c = cells.computeIfAbsent(key, k -> new long[2]);
                        c[0] = saturatingAdd(c[0], e.getValue()[0]);
                        c[1] = saturatingAdd(c[1], e.getValue()[1]);
                    }
                }
            }
            return cells;
        }
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static final class Tally {
        long installations;
        long clients;
        long queries;
    }
}
