package org.camsink.lambda.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camsink.report.HitReport;
import org.camsink.report.ReportHit;

/**
 * Computes every aggregate row of one (country, day) cell from its raw reports. A pure function: the same reports
 * give the same rows, in any order and however often it runs, which is what makes re-aggregation safe.
 * Several reports from one installation on one day add their queries; the installation counts once, and because
 * each partial report carries the running distinct-client count for the day, a row's clients are the maximum over
 * that installation's reports, never their sum.
 */
public final class Aggregator {

    /** Returns the rows of every grain, with a row for every reporting region times every list seen that day. */
    public List<AggregateRow> aggregate(CellKey cell, List<HitReport> reports) {
        Map<String, Set<String>> active = new HashMap<>();
        Map<Key, Tally> tallies = new HashMap<>();
        Set<String> regions = new TreeSet<>();
        Set<String> lists = new TreeSet<>();
        for (HitReport report : reports) {
            String region = report.region();
            regions.add(region);
            for (String r : List.of(region, Grain.ALL)) {
                active.computeIfAbsent(r, x -> new HashSet<>()).add(report.installation());
            }
            for (ReportHit hit : report.hits()) {
                lists.add(hit.list());
                for (String r : List.of(region, Grain.ALL)) {
                    for (String l : List.of(hit.list(), Grain.ALL)) {
                        tallies.computeIfAbsent(new Key(r, l, null), k -> new Tally()).add(report, hit);
                    }
                    tallies.computeIfAbsent(new Key(r, hit.list(), hit.entry()), k -> new Tally()).add(report, hit);
                }
            }
        }
        List<AggregateRow> rows = new ArrayList<>();
        if (reports.isEmpty()) {
            return rows;
        }
        List<String> regionKeys = new ArrayList<>(regions);
        regionKeys.add(Grain.ALL);
        List<String> listKeys = new ArrayList<>(lists);
        listKeys.add(Grain.ALL);
        for (String r : regionKeys) {
            long activeCount = active.get(r).size();
            for (String l : listKeys) {
                Tally t = tallies.getOrDefault(new Key(r, l, null), new Tally());
                Grain grain = Grain.of(!r.equals(Grain.ALL), !l.equals(Grain.ALL), false).orElseThrow();
                rows.add(t.row(grain, cell, r, l, null, activeCount));
            }
        }
        tallies.forEach((key, t) -> {
            if (key.entry() != null) {
                Grain grain = key.region().equals(Grain.ALL) ? Grain.DAY_LIST_ENTRY : Grain.DAY_REGION_LIST_ENTRY;
                rows.add(t.row(grain, cell, key.region(), key.list(), key.entry(), active.get(key.region()).size()));
            }
        });
        return rows;
    }

    private record Key(String region, String list, String entry) {}

    private static final class Tally {
        private final Set<String> installations = new HashSet<>();
        /** Per installation and report row (list, entry, match): the largest running client count seen. */
        private final Map<List<String>, Long> clientsByRow = new HashMap<>();
        private long clients;
        private long queries;

        void add(HitReport report, ReportHit hit) {
            installations.add(report.installation());
            List<String> row = List.of(report.installation(), hit.list(), hit.entry(), hit.match());
            long before = clientsByRow.getOrDefault(row, 0L);
            if (hit.clients() > before) {
                clientsByRow.put(row, hit.clients());
                clients += hit.clients() - before;
            }
            queries += hit.queries();
        }

        AggregateRow row(Grain grain, CellKey cell, String region, String list, String entry, long activeCount) {
            return new AggregateRow(grain, cell.country(), cell.day(), region, list, entry, installations.size(),
                    activeCount, clients, queries);
        }
    }
}
